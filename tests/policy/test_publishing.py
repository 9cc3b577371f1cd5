"""Submission and publishing: the rules before a response is sent, the named version frozen
at submission, and the public page made from it."""

from datetime import date, timedelta

import html5lib
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from policy import actions
from policy.models import (
    CoalitionActivity,
    EvidenceItem,
    Organisation,
    PublishedResponsePage,
    Response,
    ResponseIndexPage,
)
from policy.models.coalitions import Coalition
from tests.policy.conftest import PASSWORD


def approve_all(response, writer, reviewer):
    for answer in response.answers.all():
        actions.save_answer(
            answer,
            body=f"<p>Our answer to question {answer.question.number}: ravenwing.</p>",
            status="ready",
            user=writer,
        )
        actions.move_answer(answer, "approved", user=reviewer)
    consultation = response.consultation
    consultation.refresh_from_db()
    actions.move_consultation(consultation, "in_review", user=writer)
    actions.move_consultation(consultation, "approved", user=writer)
    response.refresh_from_db()


def quote(user, *, consent):
    extra = (
        {
            "consent_given_by": "Participant 7",
            "consent_recorded_on": date(2024, 5, 1),
            "consent_scope": "Consultation responses and reports",
        }
        if consent
        else {}
    )
    return actions.save_record(
        EvidenceItem(
            title="“I gave birth in prison”",
            kind=EvidenceItem.Kind.QUOTE,
            text="I gave birth alone.",
            **extra,
        ),
        user=user,
    )


@pytest.fixture
def approved(response, policy_user, other_policy_user):
    approve_all(response, policy_user, other_policy_user)
    return response


def test_submit_is_refused_while_answers_are_not_approved(response, consultation, policy_user):
    actions.move_consultation(consultation, "in_review", user=policy_user)
    actions.move_consultation(consultation, "approved", user=policy_user)
    response.refresh_from_db()
    with pytest.raises(actions.WorkflowError, match="not yet approved: question 1, 2, 3"):
        actions.submit_response(response, user=policy_user)
    response.refresh_from_db()
    assert response.status != Response.Status.SUBMITTED
    assert not response.versions.exists()


def test_submit_is_refused_before_the_consultation_is_approved(
    response, policy_user, other_policy_user
):
    for answer in response.answers.all():
        actions.save_answer(answer, body="<p>Yes.</p>", status="ready", user=policy_user)
        actions.move_answer(answer, "approved", user=other_policy_user)
    with pytest.raises(actions.WorkflowError, match="move it to Approved"):
        actions.submit_response(response, user=policy_user)


def test_submit_is_refused_with_an_unconsented_quote(approved, policy_user):
    answer = approved.answers.first()
    actions.cite_evidence(answer, quote(policy_user, consent=False), "A voice", user=policy_user)
    with pytest.raises(actions.WorkflowError, match="no recorded consent"):
        actions.submit_response(approved, user=policy_user)
    assert not approved.versions.exists()


def test_submit_with_a_consented_quote_freezes_a_named_version(approved, policy_user, ministry):
    answer = approved.answers.get(question__number=2)
    actions.cite_evidence(answer, quote(policy_user, consent=True), "A voice", user=policy_user)
    partner = actions.save_record(
        Organisation(name="Women in Prison", kind=Organisation.Kind.CHARITY), user=policy_user
    )
    coalition = actions.save_record(Coalition(name="Women's Justice Coalition"), user=policy_user)
    activity = actions.save_record(
        CoalitionActivity(
            coalition=coalition, kind=CoalitionActivity.Kind.JOINT_RESPONSE, title="Joint"
        ),
        user=policy_user,
    )
    activity.consultations.add(approved.consultation)
    activity.co_signatories.add(partner)

    version = actions.submit_response(approved, user=policy_user)

    today = timezone.localdate()
    assert version.name == f"Submitted on {today.day} {today:%B %Y}"
    content = version.content
    assert content["consultation"] == "Sentencing of pregnant women and mothers"
    assert content["organisation"] == "Ministry of Justice"
    assert [a["number"] for a in content["answers"]] == [1, 2, 3]
    assert "question 2: ravenwing" in content["answers"][1]["body"]
    assert content["answers"][1]["citations"] == [
        {"title": "“I gave birth in prison”", "source": "", "link": "", "note": "A voice"}
    ]
    assert content["co_signatories"] == ["Women in Prison"]
    approved.refresh_from_db()
    approved.consultation.refresh_from_db()
    assert approved.status == approved.consultation.status == "submitted"
    assert approved.submitted_on == today


def test_frozen_version_is_unchanged_by_later_edits(approved, policy_user):
    version = actions.submit_response(approved, user=policy_user)
    frozen = version.content
    answer = approved.answers.get(question__number=1)
    actions.save_answer(answer, body="<p>Rewritten after submission.</p>", user=policy_user)
    version.refresh_from_db()
    assert version.content == frozen
    assert "Rewritten" not in str(version.content)


def test_named_version_refuses_a_change_of_text(approved, policy_user):
    version = actions.submit_response(approved, user=policy_user)
    version.content = {**version.content, "summary": "<p>Changed</p>"}
    with pytest.raises(ValidationError):
        actions.save_record(version, user=policy_user)


def test_unconsented_quote_cannot_be_cited_in_a_submitted_response(approved, policy_user):
    actions.submit_response(approved, user=policy_user)
    answer = approved.answers.first()
    with pytest.raises(actions.WorkflowError, match="cannot be cited in a submitted response"):
        actions.cite_evidence(answer, quote(policy_user, consent=False), user=policy_user)
    assert not answer.citations.exists()


def test_submit_twice_is_refused(approved, policy_user):
    actions.submit_response(approved, user=policy_user)
    with pytest.raises(actions.WorkflowError, match="already been submitted"):
        actions.submit_response(approved, user=policy_user)


def test_submit_button_shows_the_refusal(client, response, policy_user):
    client.force_login(policy_user)
    page = client.post(reverse("policy:response_submit", args=[response.pk]), follow=True)
    assert page.status_code == 200
    assert "move it to Approved" in page.content.decode()


def test_publish_creates_a_live_page_with_the_frozen_text(client, approved, policy_user, home):
    actions.submit_response(approved, user=policy_user)
    answer = approved.answers.get(question__number=1)
    actions.save_answer(answer, body="<p>Later draft: owlfeather.</p>", user=policy_user)

    page = actions.publish_response(approved, user=policy_user)

    assert page.live
    index = ResponseIndexPage.objects.get()
    assert index.title == "Consultation responses" and index.get_parent().pk == home.pk
    assert page.get_parent().pk == index.pk
    assert page.title == "Sentencing of pregnant women and mothers"
    assert page.listing_date == timezone.localdate()
    approved.refresh_from_db()
    approved.consultation.refresh_from_db()
    assert approved.status == approved.consultation.status == "published"

    html = client.get(page.url).content.decode()
    assert "question 1: ravenwing" in html
    assert "owlfeather" not in html
    assert client.get(index.url).status_code == 200


def test_publish_again_returns_the_same_page(approved, policy_user):
    actions.submit_response(approved, user=policy_user)
    first = actions.publish_response(approved, user=policy_user)
    assert actions.publish_response(approved, user=policy_user).pk == first.pk
    assert PublishedResponsePage.objects.count() == 1


def test_publish_needs_a_submitted_response(response, policy_user):
    with pytest.raises(actions.WorkflowError, match="Only a submitted response"):
        actions.publish_response(response, user=policy_user)


def test_publish_needs_the_publish_permission(approved, policy_user, django_user_model):
    actions.submit_response(approved, user=policy_user)
    group = Group.objects.create(name="Drafters")
    group.permissions.set(
        Group.objects.get(name="Policy team").permissions.exclude(codename="publish_response")
    )
    drafter = django_user_model.objects.create_user("drafter", password=PASSWORD)
    drafter.groups.add(group)
    assert Permission.objects.filter(codename="publish_response").exists()
    with pytest.raises(PermissionDenied):
        actions.publish_response(approved, user=drafter)
    assert not PublishedResponsePage.objects.exists()


def test_publish_button_publishes(client, approved, policy_user):
    actions.submit_response(approved, user=policy_user)
    client.force_login(policy_user)
    url = reverse("policy:consultation", args=[approved.consultation_id])
    assert "Publish on the website" in client.get(url).content.decode()
    client.post(reverse("policy:response_publish", args=[approved.pk]))
    assert PublishedResponsePage.objects.live().count() == 1


def test_public_search_finds_the_published_response_not_a_draft(client, approved, policy_user):
    actions.submit_response(approved, user=policy_user)
    answer = approved.answers.get(question__number=1)
    actions.save_answer(answer, body="<p>Unpublished draft: owlfeather.</p>", user=policy_user)
    actions.publish_response(approved, user=policy_user)

    found = client.get("/search/", {"q": "ravenwing"}).content.decode()
    assert "Sentencing of pregnant women and mothers" in found
    not_found = client.get("/search/", {"q": "owlfeather"}).content.decode()
    assert "Sentencing of pregnant women and mothers" not in not_found


def test_published_pages_are_valid_html_with_one_h1(client, approved, policy_user):
    actions.submit_response(approved, user=policy_user)
    page = actions.publish_response(approved, user=policy_user)
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for url in [page.url, page.get_parent().url]:
        tree = parser.parse(client.get(url).content.decode())
        assert len(tree.findall(".//h1")) == 1, url
        ids = [element.get("id") for element in tree.iter() if element.get("id")]
        assert len(ids) == len(set(ids)), url


def test_a_response_sent_earlier_is_recorded_with_its_date_and_named_for_it(approved, policy_user):
    version = actions.submit_response(approved, user=policy_user, submitted_on=date(2024, 10, 30))
    approved.refresh_from_db()
    assert approved.submitted_on == date(2024, 10, 30)
    assert version.name == "Submitted on 30 October 2024"


def test_a_submission_date_still_to_come_is_refused_and_nothing_is_written(approved, policy_user):
    with pytest.raises(actions.WorkflowError, match="still to come"):
        actions.submit_response(
            approved, user=policy_user, submitted_on=date.today() + timedelta(days=2)
        )
    approved.refresh_from_db()
    assert approved.submitted_on is None
    assert not approved.versions.exists()
