"""The workspace's busiest pages cost the same number of SQL queries however much data
there is: no query a row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from policy import actions
from policy.models import Consultation, EvidenceItem, Question, ReviewComment
from tests.policy.workload import add_consultations, add_questions, search_index_paused

# What the dashboard costs today (25): the session, the user and their permissions (5), the
# admin's menu (4), the four lists (4) and one query a tracked model for the changes (12).
DASHBOARD_MAX_QUERIES = 30


def url_or_skip(name, args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        pytest.skip(f"{name} is not built")


def queries_for(client, url):
    """The number of queries one GET of `url` makes (after a first, warming GET)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_dashboard_makes_as_many_queries_for_200_consultations_as_for_10(
    client, policy_user, other_policy_user, ministry
):
    users = [policy_user, other_policy_user]
    add_consultations(10, users=users, organisation=ministry)
    client.force_login(policy_user)
    url = reverse("policy:dashboard")
    at_10 = queries_for(client, url)
    assert at_10 <= DASHBOARD_MAX_QUERIES
    with search_index_paused():  # a response on every third keeps this to a few seconds
        add_consultations(190, users=users, organisation=ministry, start=10, respond_every=3)
    assert Consultation.objects.count() == 200
    page = client.get(url)
    assert len(page.context["waiting"]) > 10 and len(page.context["my_answers"]) > 10
    assert queries_for(client, url) == at_10


def test_the_history_list_makes_as_many_queries_for_60_versions_as_for_10(
    client, policy_user, other_policy_user, answer
):
    url = url_or_skip("policy:history", ["answer", answer.pk])
    for n in range(9):
        answer.body = f"<p>Version {n + 2} of the answer.</p>"
        actions.save_record(answer, user=[policy_user, other_policy_user][n % 2], reason=f"v{n}")
    client.force_login(policy_user)
    at_10 = queries_for(client, url)
    for n in range(50):
        answer.body = f"<p>Version {n + 11} of the answer.</p>"
        actions.save_record(answer, user=[policy_user, other_policy_user][n % 2], reason=f"v{n}")
    assert answer.history.count() == 60
    assert queries_for(client, url) == at_10


def cite_and_comment(answers, evidence, user):
    for answer in answers:
        actions.save_record(
            ReviewComment(answer=answer, author=user, body="Shorter, please."), user=user
        )
        actions.save_record(
            evidence.citations.model(answer=answer, evidence=evidence, note="Supports it"),
            user=user,
        )


def test_the_consultation_view_makes_as_many_queries_for_40_questions_as_for_10(
    client, policy_user, other_policy_user, ministry
):
    users = [policy_user, other_policy_user]
    (consultation,) = add_consultations(1, users=users, organisation=ministry, questions=10)
    url = url_or_skip("policy:consultation", [consultation.pk])
    evidence = actions.save_record(
        EvidenceItem(title="Women in prison briefing", kind=EvidenceItem.Kind.BRIEFING),
        user=policy_user,
    )
    response = consultation.response
    cite_and_comment(response.answers.all(), evidence, other_policy_user)
    client.force_login(policy_user)
    at_10 = queries_for(client, url)
    answers = add_questions(consultation, response, 30, users=users, start=11)
    cite_and_comment(answers, evidence, other_policy_user)
    assert Question.objects.filter(consultation=consultation).count() == 40
    assert Consultation.objects.get(pk=consultation.pk).response.answers.count() == 40
    assert queries_for(client, url) == at_10
