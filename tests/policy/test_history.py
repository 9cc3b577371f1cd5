"""The history of workspace records: versions with who, when and what changed; a word-level
diff of any two versions; restore of any version and of deleted records."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from policy import actions, history
from policy.models import (
    TRACKED_MODELS,
    Answer,
    Citation,
    Coalition,
    CoalitionActivity,
    Consultation,
    Engagement,
    EvidenceItem,
    Organisation,
    Question,
    Response,
    ResponseVersion,
    ReviewComment,
)


def save(record, user, reason=""):
    return actions.save_record(record, user=user, reason=reason)


def delete(record, user):
    """Delete through the workflow; the object keeps its id (Django clears it) to name it."""
    pk = record.pk
    actions.delete_record(record, user=user)
    record.pk = pk


def new_consultation(user, title="Another consultation"):
    return save(Consultation(title=title, closes=timezone.now() + timedelta(days=5)), user)


def new_evidence(user, title="Briefing on mothers in prison"):
    return save(EvidenceItem(title=title, kind=EvidenceItem.Kind.BRIEFING), user)


# Per tracked model: how to make one (from the fixtures) and a change to make to it.
BUILDERS = {
    Organisation: (
        lambda f: Organisation(name="Prison Reform Trust", kind=Organisation.Kind.CHARITY),
        ("website", "https://example.org/"),
    ),
    Consultation: (
        lambda f: Consultation(title="New", closes=timezone.now() + timedelta(days=3)),
        ("summary", "What it is about."),
    ),
    Question: (
        lambda f: Question(consultation=f.consultation, number=9, text="Anything else?"),
        ("text", "Is there anything else?"),
    ),
    Response: (
        lambda f: Response(consultation=new_consultation(f.user)),
        ("status", Response.Status.IN_REVIEW),
    ),
    Answer: (
        lambda f: Answer(
            response=f.response,
            question=save(Question(consultation=f.consultation, number=4, text="Q4?"), f.user),
        ),
        ("body", "<p>Yes.</p>"),
    ),
    ReviewComment: (
        lambda f: ReviewComment(answer=f.answer, author=f.user, body="Add a source."),
        ("resolved", True),
    ),
    ResponseVersion: (
        lambda f: ResponseVersion(
            response=f.response, name="Submitted", content={"answers": []}, created_by=f.user
        ),
        ("name", "As submitted"),
    ),
    EvidenceItem: (
        lambda f: EvidenceItem(title="Statistic", kind=EvidenceItem.Kind.STATISTIC),
        ("source", "Ministry of Justice"),
    ),
    Citation: (
        lambda f: Citation(answer=f.answer, evidence=new_evidence(f.user)),
        ("note", "Supports the first point."),
    ),
    Coalition: (
        lambda f: Coalition(name="Women's justice coalition"),
        ("description", "Charities working together."),
    ),
    CoalitionActivity: (
        lambda f: CoalitionActivity(
            coalition=save(Coalition(name="Coalition"), f.user),
            kind=CoalitionActivity.Kind.LETTER,
            title="Letter to the minister",
        ),
        ("title", "Joint letter to the minister"),
    ),
    Engagement: (
        lambda f: Engagement(
            kind=Engagement.Kind.MINISTER, title="Meeting", date=date(2024, 10, 1)
        ),
        ("outcome", "The minister agreed to look again."),
    ),
}


class Fixtures:
    def __init__(self, user, consultation, response, answer):
        self.user, self.consultation, self.response, self.answer = (
            user,
            consultation,
            response,
            answer,
        )


@pytest.fixture
def f(policy_user, consultation, response, answer):
    return Fixtures(policy_user, consultation, response, answer)


def test_every_tracked_model_has_a_builder_here():
    assert set(BUILDERS) == set(TRACKED_MODELS)


@pytest.mark.parametrize("model", TRACKED_MODELS, ids=lambda model: model.__name__)
def test_create_change_and_delete_each_leave_a_history_row_with_the_user(model, f):
    build, (name, value) = BUILDERS[model]
    record = save(build(f), f.user, "first")
    setattr(record, name, value)
    save(record, f.user, "second")
    pk = record.pk
    actions.delete_record(record, user=f.user, reason="third")
    rows = list(history.history_rows(model, pk))
    assert [(row.history_type, row.history_user, row.history_change_reason) for row in rows] == [
        ("-", f.user, "third"),
        ("~", f.user, "second"),
        ("+", f.user, "first"),
    ]


@pytest.fixture
def drafted(answer, policy_user, other_policy_user):
    """An answer in three versions: empty, a first draft, and a second draft."""
    answer.body = "<p>Courts <b>should</b> consider pregnancy.</p>"
    save(answer, policy_user, "First draft")
    answer.body = "<p>Courts must consider pregnancy and <i>maternity</i>.</p>"
    save(answer, other_policy_user, "Stronger wording")
    return answer


def test_history_list_shows_every_version_newest_first_with_who_and_what_changed(
    drafted, policy_user, other_policy_user
):
    page = history.history_page(Answer, drafted.pk)
    versions = list(page.object_list)
    assert [(v.number, v.kind, v.user_label, v.reason) for v in versions] == [
        (3, "changed", "Rita", "Stronger wording"),
        (2, "changed", "Polly", "First draft"),
        (1, "created", "Polly", ""),
    ]
    assert versions[0].changed == ["answer"]


def test_a_row_without_a_user_is_shown_as_system(answer):
    row = answer.history.first()
    row.history_user = None
    assert history.user_label(row.history_user) == "system"


def test_diff_marks_inserted_and_deleted_words(drafted):
    newer, older = list(history.history_rows(Answer, drafted.pk))[:2]
    (change,) = history.diff_versions(Answer, older, newer)
    assert change.kind == "text"
    deleted = [chunk.text for chunk in change.chunks if chunk.op == "delete"]
    inserted = [chunk.text for chunk in change.chunks if chunk.op == "insert"]
    assert "should" in deleted
    assert "must" in inserted
    assert any("maternity" in text for text in inserted)


def test_diff_compares_rich_text_as_text_not_tags(drafted):
    newer, older = list(history.history_rows(Answer, drafted.pk))[:2]
    (change,) = history.diff_versions(Answer, older, newer)
    text = "".join(chunk.text for chunk in change.chunks)
    assert "<" not in text and "maternity" in text


def test_a_change_of_markup_alone_shows_no_difference_in_the_text(answer, policy_user):
    answer.body = "<p>Courts should consider pregnancy.</p>"
    save(answer, policy_user)
    answer.body = "<p>Courts <b>should</b> consider pregnancy.</p>"
    save(answer, policy_user)
    newer, older = list(history.history_rows(Answer, answer.pk))[:2]
    assert history.diff_versions(Answer, older, newer) == []


def test_diff_page_marks_changes_with_ins_and_del(client, drafted, policy_user):
    client.force_login(policy_user)
    newer, older = list(history.history_rows(Answer, drafted.pk))[:2]
    url = reverse("policy:history_diff", args=["answer", drafted.pk])
    page = client.get(url, {"from": older.history_id, "to": newer.history_id})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<del" in html and "should" in html
    assert "<ins" in html and "must" in html
    assert "&lt;b&gt;" not in html


def test_diff_of_a_version_not_of_this_record_is_refused_clearly(client, drafted, policy_user):
    client.force_login(policy_user)
    url = reverse("policy:history_diff", args=["answer", drafted.pk])
    page = client.get(url, {"from": 999999, "to": "x"}, follow=True)
    assert page.status_code == 200
    assert "not one of this record" in page.content.decode()


def test_other_fields_show_old_and_new_values(consultation, policy_user):
    consultation.status = Consultation.Status.IN_REVIEW
    save(consultation, policy_user)
    newer, older = list(history.history_rows(Consultation, consultation.pk))[:2]
    (change,) = history.diff_versions(Consultation, older, newer)
    assert (change.kind, change.old, change.new) == ("value", "Drafting", "In review")


def test_restore_makes_a_new_version_and_keeps_every_row(drafted, policy_user):
    rows_before = [row.history_id for row in history.history_rows(Answer, drafted.pk)]
    first_draft = history.history_rows(Answer, drafted.pk)[1]
    restored = actions.restore_version(Answer, drafted.pk, first_draft.history_id, user=policy_user)
    restored.refresh_from_db()
    assert restored.body == "<p>Courts <b>should</b> consider pregnancy.</p>"
    assert restored.version == 4
    rows_after = list(history.history_rows(Answer, drafted.pk))
    assert [row.history_id for row in rows_after[1:]] == rows_before
    assert rows_after[0].history_change_reason == "Restored version 2"
    assert rows_after[0].history_user == policy_user


def test_a_restore_is_listed_as_restored_with_the_reason_given(drafted, policy_user):
    first_draft = history.history_rows(Answer, drafted.pk)[1]
    actions.restore_version(
        Answer, drafted.pk, first_draft.history_id, user=policy_user, reason="Too strong"
    )
    latest = history.history_page(Answer, drafted.pk).object_list[0]
    assert (latest.kind, latest.reason) == ("restored", "Restored version 2: Too strong")


def test_restore_through_the_page_asks_first_then_restores(client, drafted, policy_user):
    client.force_login(policy_user)
    first_draft = history.history_rows(Answer, drafted.pk)[1]
    url = reverse("policy:history_restore", args=["answer", drafted.pk, first_draft.history_id])
    confirm = client.get(url)
    assert confirm.status_code == 200
    drafted.refresh_from_db()
    assert drafted.version == 3  # looking changes nothing
    done = client.post(url, {"reason": "Back to the first draft"})
    assert done.status_code == 302
    drafted.refresh_from_db()
    assert "should" in drafted.body and drafted.version == 4


def test_restore_that_would_clash_with_a_unique_rule_is_refused_with_a_message(
    client, ministry, policy_user
):
    ministry.name = "MoJ"
    save(ministry, policy_user)
    save(Organisation(name="Ministry of Justice", kind=Organisation.Kind.DEPARTMENT), policy_user)
    first = history.history_rows(Organisation, ministry.pk).last()
    with pytest.raises(history.RestoreRefused):
        actions.restore_version(Organisation, ministry.pk, first.history_id, user=policy_user)
    client.force_login(policy_user)
    url = reverse("policy:history_restore", args=["organisation", ministry.pk, first.history_id])
    page = client.post(url, {"reason": "undo the rename"})
    assert page.status_code == 409
    assert "could not be restored" in page.content.decode()
    assert 'value="undo the rename"' in page.content.decode()


@pytest.fixture
def cited(answer, policy_user):
    evidence = new_evidence(policy_user)
    citation = save(Citation(answer=answer, evidence=evidence, note="Key figure"), policy_user)
    comment = save(ReviewComment(answer=answer, author=policy_user, body="Cite it"), policy_user)
    return answer, evidence, citation, comment


def test_a_deleted_answer_is_listed_as_recently_deleted(cited, policy_user):
    answer = cited[0]
    delete(answer, policy_user)
    listed = [(d.model, d.pk, d.user_label) for d in history.recently_deleted().object_list]
    assert (Answer, answer.pk, "Polly") in listed


def test_a_deleted_answer_comes_back_with_its_citations_and_comments(cited, policy_user):
    answer, _evidence, citation, comment = cited
    delete(answer, policy_user)
    restored, summary = actions.restore_deleted(Answer, answer.pk, user=policy_user)
    assert Answer.objects.filter(pk=answer.pk).exists()
    assert Citation.objects.get(pk=citation.pk).note == "Key figure"
    assert ReviewComment.objects.get(pk=comment.pk).body == "Cite it"
    assert {type(child) for child in summary.children} == {Citation, ReviewComment}
    assert history.latest_deletion(Answer, answer.pk) is None


def test_a_citation_deleted_on_its_own_earlier_stays_deleted(cited, policy_user):
    answer, _evidence, citation, _comment = cited
    delete(citation, policy_user)
    row = citation.history.first()
    row.history_date -= timedelta(minutes=5)
    row.save()
    delete(answer, policy_user)
    actions.restore_deleted(Answer, answer.pk, user=policy_user)
    assert not Citation.objects.filter(pk=citation.pk).exists()


def test_a_citation_of_deleted_evidence_is_skipped_with_a_note(cited, policy_user):
    answer, evidence, citation, _comment = cited
    delete(answer, policy_user)
    delete(evidence, policy_user)
    _restored, summary = actions.restore_deleted(Answer, answer.pk, user=policy_user)
    assert not Citation.objects.filter(pk=citation.pk).exists()
    assert any("evidence" in note and "restore" in note for note in summary.notes)


def test_restoring_an_answer_whose_response_was_deleted_names_what_to_restore_first(
    answer, response, policy_user
):
    delete(response, policy_user)
    with pytest.raises(history.RestoreRefused) as refusal:
        actions.restore_deleted(Answer, answer.pk, user=policy_user)
    assert "response" in str(refusal.value)
    assert "Response to Sentencing of pregnant women and mothers" in str(refusal.value)
    assert not Answer.objects.filter(pk=answer.pk).exists()


def test_the_restore_button_for_such_an_answer_shows_the_message_not_an_error(
    client, answer, response, policy_user
):
    delete(response, policy_user)
    client.force_login(policy_user)
    url = reverse("policy:deleted_restore", args=["answer", answer.pk])
    page = client.post(url, follow=True)
    assert page.status_code == 200
    assert "restore the response first" in page.content.decode()


def test_restoring_the_response_brings_back_its_answers(answer, response, policy_user):
    delete(response, policy_user)
    _restored, summary = actions.restore_deleted(Response, response.pk, user=policy_user)
    assert Answer.objects.filter(response=response).count() == 3
    assert len([child for child in summary.children if isinstance(child, Answer)]) == 3


def test_restoring_a_deleted_record_through_the_page_keeps_every_history_row(
    client, cited, policy_user
):
    answer = cited[0]
    delete(answer, policy_user)
    rows_before = answer.history.count()
    client.force_login(policy_user)
    listing = client.get(reverse("policy:deleted"))
    assert "Answer to question 1" in listing.content.decode()
    page = client.post(reverse("policy:deleted_restore", args=["answer", answer.pk]))
    assert page.status_code == 302
    assert Answer.history.filter(id=answer.pk).count() == rows_before + 1
    assert Answer.history.filter(id=answer.pk).first().history_type == "+"
    assert history.history_page(Answer, answer.pk).object_list[0].kind == "restored"


def test_m2m_changes_appear_in_the_history_and_the_diff(response, policy_user, other_policy_user):
    with actions.acting_as(policy_user):
        response.reviewers.add(other_policy_user)
    latest = history.history_page(Response, response.pk).object_list[0]
    assert latest.changed == ["reviewers"]
    assert latest.user_label == "Polly"
    newer, older = list(history.history_rows(Response, response.pk))[:2]
    (change,) = history.diff_versions(Response, older, newer)
    assert (change.kind, change.added, change.removed) == ("set", ["rita"], [])


def test_restoring_a_version_restores_its_m2m_values(response, policy_user, other_policy_user):
    before = history.history_rows(Response, response.pk).first()
    with actions.acting_as(policy_user):
        response.reviewers.add(other_policy_user)
    actions.restore_version(Response, response.pk, before.history_id, user=policy_user)
    assert list(response.reviewers.all()) == []
    latest = history.history_rows(Response, response.pk).first()
    assert history.m2m_state(latest) == {"reviewers": set()}


def test_a_deleted_record_comes_back_with_its_m2m_values_as_they_were(ministry, policy_user):
    partner = save(Organisation(name="Women in Prison", kind="charity"), policy_user)
    coalition = save(Coalition(name="Justice coalition"), policy_user)
    with actions.acting_as(policy_user):
        coalition.members.set([ministry, partner])
    delete(coalition, policy_user)
    delete(partner, policy_user)
    restored, summary = actions.restore_deleted(Coalition, coalition.pk, user=policy_user)
    assert list(restored.members.all()) == [ministry]
    assert any("no longer exist" in note for note in summary.notes)


def test_restoring_a_deleted_organisation_whose_name_is_taken_is_refused(ministry, policy_user):
    pk = ministry.pk
    delete(ministry, policy_user)
    save(Organisation(name="Ministry of Justice", kind="department"), policy_user)
    with pytest.raises(history.RestoreRefused, match="clash"):
        actions.restore_deleted(Organisation, pk, user=policy_user)


def test_restore_needs_the_change_permission(drafted, editor):
    from django.core.exceptions import PermissionDenied

    row = history.history_rows(Answer, drafted.pk)[1]
    with pytest.raises(PermissionDenied):
        actions.restore_version(Answer, drafted.pk, row.history_id, user=editor)


def test_history_pages_are_for_the_policy_team_only(client, drafted, editor):
    client.force_login(editor)
    for url in [
        reverse("policy:history", args=["answer", drafted.pk]),
        reverse("policy:history_diff", args=["answer", drafted.pk]),
        reverse("policy:deleted"),
    ]:
        assert client.get(url).status_code == 403


def test_history_of_an_unknown_kind_of_record_is_not_found(client, policy_user):
    client.force_login(policy_user)
    assert client.get("/admin/policy/history/user/1/").status_code == 404


def test_history_page_shows_who_when_in_london_time_and_the_reason(client, drafted, policy_user):
    client.force_login(policy_user)
    page = client.get(reverse("policy:history", args=["answer", drafted.pk]))
    html = page.content.decode()
    latest = drafted.history.first().history_date
    assert page.status_code == 200
    assert "Rita" in html and "Stronger wording" in html
    assert timezone.localtime(latest).strftime("%H:%M:%S") in html


def add_versions(answer, user, count):
    for number in range(count):
        answer.body = f"<p>Draft {number} of the answer.</p>"
        save(answer, user)


def history_page_queries(client, answer):
    url = reverse("policy:history", args=["answer", answer.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_history_list_query_count_does_not_grow_with_the_versions(client, answer, policy_user):
    client.force_login(policy_user)
    add_versions(answer, policy_user, 3)
    few = history_page_queries(client, answer)
    add_versions(answer, policy_user, 120)
    many = history_page_queries(client, answer)
    assert many == few


def test_history_list_is_paginated_fifty_a_page(client, answer, policy_user):
    add_versions(answer, policy_user, 60)
    client.force_login(policy_user)
    url = reverse("policy:history", args=["answer", answer.pk])
    second = client.get(url, {"p": 2})
    assert len(second.context["versions"]) == 11
    assert second.context["versions"][-1].number == 1


def test_history_list_query_count_does_not_grow_with_m2m_versions(
    client, response, policy_user, other_policy_user
):
    client.force_login(policy_user)
    url = reverse("policy:history", args=["response", response.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    few = count()
    with actions.acting_as(policy_user):
        for _ in range(10):
            response.reviewers.add(other_policy_user)
            response.reviewers.remove(other_policy_user)
    assert count() == few


def test_the_edit_page_links_to_the_history(client, consultation, policy_user):
    client.force_login(policy_user)
    page = client.get(reverse("policy_consultations:edit", args=[consultation.pk]))
    assert reverse("policy:history", args=["consultation", consultation.pk]) in (
        page.content.decode()
    )


def test_the_policy_menu_offers_recently_deleted(client, policy_user):
    client.force_login(policy_user)
    page = client.get(reverse("policy:dashboard"))
    assert reverse("policy:deleted") in page.content.decode()
