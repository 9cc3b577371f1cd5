"""The workspace dashboard: deadlines in bands, answers waiting for review, my assignments
and what others changed."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from policy import actions
from policy.models import Answer, Consultation, Organisation
from policy.views.dashboard import consultation_url

URL = "/admin/policy/"


def closing_in(days):
    """Noon UK time `days` calendar days from today: exactly `days` days left."""
    return timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=days), time(12))
    )


def consultation_closing_in(days, user, organisation, **fields):
    return actions.save_record(
        Consultation(
            title=fields.pop("title", f"Closing in {days} days"),
            organisation=organisation,
            closes=closing_in(days),
            owner=fields.pop("owner", user),
            status=fields.pop("status", Consultation.Status.DRAFTING),
            **fields,
        ),
        user=user,
    )


def dashboard(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response


def band_titles(response):
    return {
        band["days"]: [consultation.title for consultation in band["consultations"]]
        for band in response.context["bands"]
    }


def test_the_dashboard_is_at_admin_policy():
    assert reverse("policy:dashboard") == URL


def test_consultations_closing_soon_fall_in_one_band_each(client, policy_user, ministry):
    for days in (2, 7, 8, 14, 15, 30):
        consultation_closing_in(days, policy_user, ministry)
    bands = band_titles(dashboard(client, policy_user))
    assert bands == {
        7: ["Closing in 2 days", "Closing in 7 days"],
        14: ["Closing in 8 days", "Closing in 14 days"],
        30: ["Closing in 15 days", "Closing in 30 days"],
    }


def test_each_band_is_a_captioned_table_under_its_heading(client, policy_user, ministry):
    consultation_closing_in(3, policy_user, ministry)
    html = dashboard(client, policy_user).content.decode()
    for heading in ("Closing within 7 days", "Closing within 14 days", "Closing within 30 days"):
        assert f">{heading}</h3>" in html
    assert "<caption" in html and '<th scope="col">Days left</th>' in html
    assert "No consultation in this band." in html


def test_consultations_closed_far_off_or_past_their_deadline_are_not_in_the_bands(
    client, policy_user, ministry
):
    consultation_closing_in(45, policy_user, ministry, title="Far off")
    consultation_closing_in(5, policy_user, ministry, title="Closed", status="closed")
    actions.save_record(
        Consultation(title="Past", closes=timezone.now() - timedelta(hours=1)), user=policy_user
    )
    titles = sum(band_titles(dashboard(client, policy_user)).values(), [])
    assert not {"Far off", "Closed", "Past"} & set(titles)


def test_each_deadline_shows_its_days_left_and_status(client, policy_user, ministry):
    consultation_closing_in(3, policy_user, ministry, status=Consultation.Status.IN_REVIEW)
    consultation_closing_in(1, policy_user, ministry)
    html = dashboard(client, policy_user).content.decode()
    assert '<td data-days-left="3">3 days left</td>' in html
    assert '<td data-days-left="1">1 day left</td>' in html
    assert "In review" in html
    assert f'<time datetime="{closing_in(3).strftime("%Y-%m-%dT%H:%M:%S%z")}">' in html


def test_answers_ready_for_review_are_listed_with_their_consultation_and_owner(
    client, policy_user, other_policy_user, response, answer
):
    answer.owner = other_policy_user
    answer.status = Answer.Status.READY
    actions.save_record(answer, user=other_policy_user)
    page = dashboard(client, policy_user)
    assert list(page.context["waiting"]) == [answer]
    section = page.content.decode().split('id="policy-waiting-section"')[1].split("</section>")[0]
    assert "Answer to question 1" in section
    assert "Sentencing of pregnant women and mothers" in section
    assert "Rita" in section
    assert f'href="{consultation_url(response.consultation_id)}"' in section


def test_answers_not_ready_are_not_waiting_for_review(client, policy_user, response):
    assert list(dashboard(client, policy_user).context["waiting"]) == []


def test_my_assignments_are_my_open_consultations_and_my_answers_not_yet_approved(
    client, policy_user, other_policy_user, consultation, response
):
    first, second, third = response.answers.order_by("question__number")
    second.status = Answer.Status.APPROVED
    actions.save_record(second, user=other_policy_user)
    third.owner = other_policy_user
    actions.save_record(third, user=other_policy_user)
    ministry = consultation.organisation
    consultation_closing_in(9, other_policy_user, ministry, title="Rita's own")
    consultation_closing_in(9, policy_user, ministry, title="Mine, closed", status="closed")
    page = dashboard(client, policy_user)
    assert [c.title for c in page.context["my_consultations"]] == [consultation.title]
    assert list(page.context["my_answers"]) == [first]


def test_changes_by_others_are_listed_and_mine_are_not(
    client, policy_user, other_policy_user, ministry
):
    actions.save_record(
        Organisation(name="Sentencing Council", kind=Organisation.Kind.REGULATOR),
        user=other_policy_user,
        reason="They issue the guidelines",
    )
    page = dashboard(client, policy_user)
    changes = page.context["changes"]
    assert [(c["model"], c["record"], c["kind"], c["reason"]) for c in changes] == [
        ("organisation", "Sentencing Council", "Created", "They issue the guidelines")
    ]
    html = page.content.decode()
    section = html.split('id="policy-changes-section"')[1].split("</section>")[0]
    assert "Sentencing Council" in section and "Rita" in section
    assert "Ministry of Justice" not in section
    assert "<time" in section


def test_recent_changes_are_the_last_twenty_across_records_newest_first(
    client, policy_user, other_policy_user, response, answer
):
    for n in range(15):
        answer.body = f"<p>Draft {n}</p>"
        actions.save_record(answer, user=other_policy_user)
    for n in range(10):
        actions.save_record(Organisation(name=f"Partner {n}"), user=other_policy_user)
    changes = dashboard(client, policy_user).context["changes"]
    assert len(changes) == 20
    assert [c["when"] for c in changes] == sorted((c["when"] for c in changes), reverse=True)
    assert changes[0]["record"] == "Partner 9"
    assert changes[-1]["record"] == "Answer to question 1"
    assert {c["model"] for c in changes} == {"organisation", "answer"}


def test_a_change_to_a_record_deleted_since_is_named_as_it_was(
    client, policy_user, other_policy_user, consultation, response
):
    question = consultation.questions.get(number=2)
    answer_pk = response.answers.get(question=question).pk
    actions.delete_record(question, user=other_policy_user, reason="Merged into question 1")
    changes = dashboard(client, policy_user).context["changes"]
    deleted = {(c["model"], c["record"]) for c in changes if c["kind"] == "Deleted"}
    assert deleted == {
        ("question", "2. How should courts find out whether a woman has dependent children?"),
        # The answer's question is gone with it: the answer is named by its number.
        ("answer", f"answer {answer_pk}"),
    }


def test_recent_changes_link_to_the_record_history_when_that_view_exists(
    client, policy_user, other_policy_user
):
    organisation = actions.save_record(Organisation(name="Partner"), user=other_policy_user)
    change = dashboard(client, policy_user).context["changes"][0]
    try:
        expected = reverse("policy:history", args=["organisation", organisation.pk])
    except NoReverseMatch:  # the history view is not built
        expected = None
    assert change["url"] == expected


@pytest.mark.parametrize("who", ["editor", None])
def test_only_the_policy_team_sees_the_dashboard(client, editor, who):
    if who:
        client.force_login(editor)
    response = client.get(URL)
    assert response.status_code == (403 if who else 302)


def test_a_deadline_late_on_the_thirtieth_day_is_within_30_days_at_any_hour(policy_user, ministry):
    late = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=30), time(23, 59))
    )
    record = actions.save_record(
        Consultation(title="Late on day thirty", closes=late, organisation=ministry),
        user=policy_user,
    )
    assert record.days_left == 30
    assert list(Consultation.objects.closing_within(30)) == [record]
    assert list(Consultation.objects.closing_within(29)) == []
