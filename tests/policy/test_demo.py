"""The workspace's demo: a response drafted by two people, with a restore and a merge after
a refused save in its history, submitted, frozen and published; built once however often
load_demo runs."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from policy.models import (
    TRACKED_MODELS,
    Coalition,
    CoalitionActivity,
    Consultation,
    Engagement,
    EvidenceItem,
    PublishedResponsePage,
)

pytestmark = pytest.mark.django_db

SENTENCING = "Improving sentencing for pregnant women and mothers"


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def history_rows():
    return sum(model.history.count() for model in TRACKED_MODELS)


def test_demo_drafts_a_response_by_two_people_with_a_restore_and_a_merge(home):
    output = load_demo()
    assert "[policy workspace 6/6]" in output
    consultation = Consultation.objects.get(title=SENTENCING)
    answers = consultation.response.answers.order_by("question__number")
    assert answers.count() == 4
    reasons = [
        row.history_change_reason or "" for answer in answers for row in answer.history.all()
    ]
    authors = {row.history_user.username for answer in answers for row in answer.history.all()}
    assert authors == {"policy.lead", "policy.officer"}
    assert any(reason.startswith("Restored version") for reason in reasons)
    assert any("save was refused" in reason for reason in reasons)


def test_demo_submits_freezes_and_publishes_the_response(home):
    load_demo()
    response = Consultation.objects.get(title=SENTENCING).response
    assert response.status == response.Status.PUBLISHED
    frozen = response.versions.get()
    assert frozen.name.startswith("Submitted on")
    assert len(frozen.content["answers"]) == 4
    page = PublishedResponsePage.objects.get()
    assert page.live and page.frozen_version == frozen
    assert page.get_parent().slug == "consultation-responses"
    # Dated as the facts are: sent in October 2024, not on the day the demo was loaded.
    assert page.listing_date == date(2024, 10, 30)
    assert frozen.name == "Submitted on 30 October 2024"


def test_demo_has_the_coalition_the_minister_and_a_consented_quote(home):
    load_demo()
    coalition = Coalition.objects.get(name="National Women's Justice Coalition")
    assert CoalitionActivity.objects.get(coalition=coalition).title == (
        "Call for a Women's Justice Board"
    )
    assert Engagement.objects.get().kind == Engagement.Kind.MINISTER
    quotes = EvidenceItem.objects.filter(kind=EvidenceItem.Kind.QUOTE)
    assert [quote.has_consent for quote in quotes.order_by("-date")] == [True, False]


def test_running_the_demo_again_adds_no_record_and_no_version(home):
    load_demo()
    rows = history_rows()
    load_demo()
    assert history_rows() == rows
    assert PublishedResponsePage.objects.count() == 1
