"""Drafting and review: status moves, the response's answers, approval by a second
person, comments and citations, and the answer page's word limit."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from policy import actions
from policy.models import (
    Answer,
    Citation,
    Consultation,
    EvidenceItem,
    Question,
    Response,
    ReviewComment,
)
from policy.models.base import RICH_TEXT_FEATURES
from tests.policy.conftest import PASSWORD


def editor_value(html):
    """What the rich text editor posts for `html`."""
    return ContentstateConverter(features=RICH_TEXT_FEATURES).from_database_format(html)


def answer_post(answer, html, **overrides):
    data = {
        "body": editor_value(html),
        "status": answer.status,
        "owner": answer.owner_id or "",
        "word_limit": answer.word_limit or "",
        "reason": "",
        "version": answer.version,
    }
    data.update(overrides)
    return data


def login(client, user):
    client.force_login(user)
    return client


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


# --- Consultation status


def test_consultation_moves_to_an_allowed_status(consultation, policy_user):
    actions.move_consultation(consultation, "in_review", user=policy_user)
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.IN_REVIEW
    assert consultation.history.first().history_user == policy_user


def test_consultation_move_outside_the_workflow_is_refused(consultation, policy_user):
    version = consultation.version
    with pytest.raises(actions.WorkflowError, match="cannot move from Drafting to Approved"):
        actions.move_consultation(consultation, "approved", user=policy_user)
    consultation.refresh_from_db()
    assert (consultation.status, consultation.version) == ("drafting", version)


def test_unknown_consultation_status_is_refused(consultation, policy_user):
    with pytest.raises(actions.WorkflowError, match="not a consultation status"):
        actions.move_consultation(consultation, "shredded", user=policy_user)


def test_submitted_is_reached_only_by_submitting(consultation, policy_user):
    actions.move_consultation(consultation, "in_review", user=policy_user)
    actions.move_consultation(consultation, "approved", user=policy_user)
    with pytest.raises(actions.WorkflowError, match="Submit the response"):
        actions.move_consultation(consultation, "submitted", user=policy_user)


def test_response_follows_the_consultation_into_review(response, consultation, policy_user):
    actions.move_consultation(consultation, "in_review", user=policy_user)
    response.refresh_from_db()
    assert response.status == Response.Status.IN_REVIEW


def test_move_view_with_unknown_status_shows_a_message(client, consultation, policy_user):
    login(client, policy_user)
    url = reverse("policy:consultation_move", args=[consultation.pk])
    response = client.post(url, {"status": "<b>nonsense</b>"}, follow=True)
    assert response.status_code == 200
    assert any("is not a consultation status" in m for m in messages_of(response))
    consultation.refresh_from_db()
    assert consultation.status == "drafting"


def test_move_view_refuses_get(client, consultation, policy_user):
    login(client, policy_user)
    url = reverse("policy:consultation_move", args=[consultation.pk])
    assert client.get(url, {"status": "in_review"}).status_code == 405


def test_consultation_page_offers_only_allowed_moves(client, consultation, policy_user):
    login(client, policy_user)
    html = client.get(reverse("policy:consultation", args=[consultation.pk])).content.decode()
    assert 'name="status" value="in_review"' in html
    assert 'name="status" value="monitoring"' in html
    assert 'name="status" value="approved"' not in html
    assert 'name="status" value="submitted"' not in html


def test_consultation_page_lists_each_answer(client, response, answer, policy_user):
    actions.save_answer(answer, body="<p>Yes, always and in every court.</p>", user=policy_user)
    actions.add_comment(answer, "Cite the figures?", user=policy_user)
    login(client, policy_user)
    url = reverse("policy:consultation", args=[response.consultation_id])
    page = client.get(url)
    assert page.status_code == 200
    rows = {row["question"].number: row["answer"] for row in page.context["rows"]}
    assert rows[1].word_count == 6
    assert rows[1].open_comment_count == 1
    assert rows[1].citation_count == 0
    assert reverse("policy:answer_edit", args=[answer.pk]) in page.content.decode()


def test_consultation_page_query_count_stays_flat(client, response, consultation, policy_user):
    login(client, policy_user)
    url = reverse("policy:consultation", args=[consultation.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(4, 24):
        actions.save_record(
            Question(consultation=consultation, number=number, text=f"Question {number}?"),
            user=policy_user,
        )
    actions.start_response(consultation, user=policy_user)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_editor_outside_the_team_cannot_open_the_consultation_page(client, consultation, editor):
    login(client, editor)
    assert client.get(reverse("policy:consultation", args=[consultation.pk])).status_code == 403


def test_listing_links_to_the_consultation_page(client, consultation, policy_user):
    login(client, policy_user)
    html = client.get(reverse("policy_consultations:index")).content.decode()
    assert reverse("policy:consultation", args=[consultation.pk]) in html


# --- Starting the response


def test_start_response_creates_an_answer_per_question(client, consultation, policy_user):
    login(client, policy_user)
    client.post(reverse("policy:consultation_start", args=[consultation.pk]))
    response = Response.objects.get(consultation=consultation)
    assert sorted(response.answers.values_list("question__number", flat=True)) == [1, 2, 3]


def test_start_response_twice_keeps_one_answer_per_question(response, consultation, policy_user):
    actions.save_record(
        Question(consultation=consultation, number=4, text="Anything else?"), user=policy_user
    )
    again = actions.start_response(consultation, user=policy_user)
    assert again.pk == response.pk
    assert response.answers.count() == 4


# --- Answers: approval


def test_approval_by_the_last_editor_is_refused(answer, policy_user):
    actions.save_answer(answer, body="<p>Yes.</p>", status="ready", user=policy_user)
    with pytest.raises(actions.WorkflowError, match="another reviewer"):
        actions.move_answer(answer, "approved", user=policy_user)
    answer.refresh_from_db()
    assert answer.status == Answer.Status.READY


def test_approval_by_another_reviewer_is_allowed(answer, policy_user, other_policy_user):
    actions.save_answer(answer, body="<p>Yes.</p>", status="ready", user=policy_user)
    actions.move_answer(answer, "approved", user=other_policy_user)
    answer.refresh_from_db()
    assert answer.status == Answer.Status.APPROVED


def test_reviewer_who_edits_the_text_cannot_approve_it(answer, policy_user, other_policy_user):
    actions.save_answer(answer, body="<p>Yes.</p>", status="ready", user=policy_user)
    answer.refresh_from_db()
    with pytest.raises(actions.WorkflowError, match="another reviewer"):
        actions.save_answer(
            answer, body="<p>Yes, always.</p>", status="approved", user=other_policy_user
        )
    answer.refresh_from_db()
    assert (answer.body, answer.status) == ("<p>Yes.</p>", Answer.Status.READY)


def test_changing_approved_text_sends_it_back_to_review(answer, policy_user, other_policy_user):
    actions.save_answer(answer, body="<p>Yes.</p>", status="ready", user=policy_user)
    actions.move_answer(answer, "approved", user=other_policy_user)
    actions.save_answer(answer, body="<p>Yes, always.</p>", user=policy_user)
    answer.refresh_from_db()
    assert answer.status == Answer.Status.READY
    assert answer.last_edited_by == policy_user


def test_unknown_answer_status_is_refused(answer, policy_user):
    with pytest.raises(actions.WorkflowError, match="not an answer status"):
        actions.move_answer(answer, "finished", user=policy_user)


def test_approval_through_the_page_by_the_last_editor_shows_why(client, answer, policy_user):
    actions.save_answer(answer, body="<p>Yes.</p>", status="ready", user=policy_user)
    answer.refresh_from_db()
    login(client, policy_user)
    url = reverse("policy:answer_edit", args=[answer.pk])
    page = client.post(url, answer_post(answer, "<p>Yes.</p>", status="approved"))
    assert page.status_code == 400
    assert "another reviewer must approve it" in page.content.decode()
    answer.refresh_from_db()
    assert answer.status == Answer.Status.READY


# --- The answer page


def test_answer_page_shows_the_editor_and_the_count(client, answer, policy_user):
    actions.save_answer(answer, body="<p>Three little words.</p>", user=policy_user)
    login(client, policy_user)
    page = client.get(reverse("policy:answer_edit", args=[answer.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "draftail" in html.lower()
    assert "3 words" in html
    assert "policy/word-count.js" in html


def test_over_limit_answer_is_saved_with_a_warning(client, answer, policy_user):
    login(client, policy_user)
    url = reverse("policy:answer_edit", args=[answer.pk])
    text = "<p>" + " ".join(["word"] * 12) + "</p>"
    page = client.post(url, answer_post(answer, text, word_limit=10), follow=True)
    answer.refresh_from_db()
    assert answer.word_count == 12
    assert answer.word_limit == 10
    html = page.content.decode()
    assert "over its limit of 10" in html
    assert "Warning: the saved answer has 12 words" in html


def test_text_not_from_the_editor_is_kept_as_plain_text(client, answer, policy_user):
    login(client, policy_user)
    url = reverse("policy:answer_edit", args=[answer.pk])
    data = answer_post(answer, "")
    data["body"] = "First line <script>alert(1)</script>\nSecond line"
    assert client.post(url, data).status_code == 302
    answer.refresh_from_db()
    assert "<script" not in answer.body
    assert "First line" in answer.text and "Second line" in answer.text


def test_editor_markup_is_cleaned_to_the_allowed_features(client, answer, policy_user):
    login(client, policy_user)
    url = reverse("policy:answer_edit", args=[answer.pk])
    client.post(url, answer_post(answer, '<p onclick="x()">Kept <b>bold</b></p><h1>Big</h1>'))
    answer.refresh_from_db()
    assert "onclick" not in answer.body
    assert "<b>bold</b>" in answer.body


def test_editor_outside_the_team_cannot_open_the_answer_page(client, answer, editor):
    login(client, editor)
    assert client.get(reverse("policy:answer_edit", args=[answer.pk])).status_code == 403


# --- Comments and citations


def test_comment_is_added_and_resolved_with_who_and_when(
    client, answer, policy_user, other_policy_user
):
    login(client, other_policy_user)
    client.post(reverse("policy:answer_comment", args=[answer.pk]), {"body": "Too long?"})
    comment = ReviewComment.objects.get(answer=answer)
    assert (comment.author, comment.resolved) == (other_policy_user, False)
    login(client, policy_user)
    client.post(reverse("policy:comment_resolve", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.resolved and comment.resolved_by == policy_user and comment.resolved_at
    html = client.get(reverse("policy:answer_edit", args=[answer.pk])).content.decode()
    assert "Resolved by Polly" in html


def test_empty_comment_is_refused(answer, policy_user):
    with pytest.raises(actions.WorkflowError):
        actions.add_comment(answer, "   ", user=policy_user)


def test_evidence_is_cited_and_removed(client, answer, policy_user):
    evidence = actions.save_record(
        EvidenceItem(title="Mothers in prison", kind=EvidenceItem.Kind.STATISTIC),
        user=policy_user,
    )
    login(client, policy_user)
    client.post(
        reverse("policy:answer_cite", args=[answer.pk]),
        {"evidence": evidence.pk, "note": "Numbers"},
    )
    citation = Citation.objects.get(answer=answer)
    assert citation.note == "Numbers"
    page = client.post(
        reverse("policy:answer_cite", args=[answer.pk]), {"evidence": evidence.pk}, follow=True
    )
    assert any("already cites" in m for m in messages_of(page))
    client.post(reverse("policy:citation_remove", args=[citation.pk]))
    assert not Citation.objects.filter(answer=answer).exists()
    assert citation.history.filter(history_type="-").exists()


def test_citing_unknown_evidence_gives_a_message(client, answer, policy_user):
    login(client, policy_user)
    page = client.post(
        reverse("policy:answer_cite", args=[answer.pk]), {"evidence": "999"}, follow=True
    )
    assert page.status_code == 200
    assert any("Choose a piece of evidence" in m for m in messages_of(page))


def test_workflow_needs_change_permission(answer, django_user_model):
    group = Group.objects.create(name="Readers")
    group.permissions.add(
        Permission.objects.get(codename="access_workspace"),
        Permission.objects.get(codename="view_answer"),
    )
    reader = django_user_model.objects.create_user("reader", password=PASSWORD)
    reader.groups.add(group)
    with pytest.raises(actions.PermissionDenied):
        actions.save_answer(answer, body="<p>Hi</p>", user=reader)
