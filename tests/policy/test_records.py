"""Saving workspace records: versions, history rows, and refusing a stale save."""

import pytest

from policy import actions
from policy.models import Consultation


def test_each_save_adds_a_version_and_a_history_row_with_user_and_reason(consultation, policy_user):
    consultation.summary = "A new summary."
    actions.save_record(consultation, user=policy_user, reason="Tightened the summary")
    consultation.refresh_from_db()
    assert consultation.version == 2
    latest = consultation.history.first()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        policy_user,
        "Tightened the summary",
    )


def test_a_save_over_a_newer_version_is_refused_and_writes_nothing(
    consultation, policy_user, other_policy_user
):
    mine = Consultation.objects.get(pk=consultation.pk)
    theirs = Consultation.objects.get(pk=consultation.pk)
    theirs.summary = "Their text"
    actions.save_record(theirs, user=other_policy_user, expected_version=1)
    mine.summary = "My text"
    with pytest.raises(actions.StaleVersion):
        actions.save_record(mine, user=policy_user, expected_version=1)
    consultation.refresh_from_db()
    assert consultation.summary == "Their text"
    assert consultation.history.count() == 2


def test_an_editor_outside_the_policy_team_may_not_save_records(consultation, editor):
    from django.core.exceptions import PermissionDenied

    consultation.summary = "Edited by someone outside the team"
    with pytest.raises(PermissionDenied):
        actions.save_record(consultation, user=editor)


def test_deleting_a_linked_organisation_clears_the_link_as_a_new_recorded_version(
    consultation, ministry, other_policy_user
):
    actions.delete_record(ministry, user=other_policy_user, reason="Merged into another body")
    consultation.refresh_from_db()
    assert consultation.organisation is None
    assert consultation.version == 2
    latest = consultation.history.first()
    assert latest.history_user == other_policy_user
    assert latest.organisation_id is None
    assert "issued by" in latest.history_change_reason


def test_deleting_a_user_keeps_a_recorded_version_of_what_they_owned(
    consultation, policy_user, other_policy_user
):
    with actions.acting_as(other_policy_user):
        policy_user.delete()
    consultation.refresh_from_db()
    assert consultation.owner is None
    assert consultation.history.first().history_user == other_policy_user


def test_an_admin_edit_that_changes_topics_writes_one_version_holding_them(
    client, consultation, policy_user
):
    from django.urls import reverse

    from cms.models import Topic

    topic = Topic.objects.create(name="Mothers and babies", slug="mothers-and-babies")
    client.force_login(policy_user)
    rows_before = consultation.history.count()
    answer = client.post(
        reverse("policy_consultations:edit", args=[consultation.pk]),
        {
            "title": consultation.title,
            "closes": "2030-01-10 12:00",
            "topics": [topic.pk],
            "edited_version": consultation.version,
            "change_reason": "Tagged",
        },
    )
    assert answer.status_code == 302, answer.content[:2000]
    assert consultation.history.count() == rows_before + 1
    latest = consultation.history.first()
    assert latest.history_change_reason == "Tagged"
    assert [link.topic_id for link in latest.topics.all()] == [topic.pk]


def test_a_deadline_before_the_opening_date_is_refused_with_the_typed_text_kept(
    client, policy_user
):
    from django.urls import reverse

    client.force_login(policy_user)
    answer = client.post(
        reverse("policy_consultations:add"),
        {
            "title": "Consultation with muddled dates",
            "summary": "Typed with care 📝 مرحبا",
            "opens": "2030-03-01",
            "closes": "2030-02-01 12:00",
        },
    )
    assert answer.status_code == 200
    assert "The deadline is before the opening date" in answer.content.decode()
    assert "Typed with care 📝 مرحبا" in answer.content.decode()
    assert not Consultation.objects.filter(title="Consultation with muddled dates").exists()


def test_deleting_a_coalition_member_records_a_version_of_the_coalition_without_it(
    policy_user, other_policy_user, ministry
):
    from policy.models import Coalition, Organisation

    partner = actions.save_record(
        Organisation(name="Women in Prison", kind=Organisation.Kind.CHARITY), user=policy_user
    )
    coalition = actions.save_record(Coalition(name="A coalition"), user=policy_user)
    actions.set_m2m_quietly(coalition, {"members": [partner.pk, ministry.pk]})
    actions.save_record(coalition, user=policy_user, reason="Members")

    partner_pk = partner.pk
    actions.delete_record(partner, user=other_policy_user)

    coalition.refresh_from_db()
    assert list(coalition.members.all()) == [ministry]
    latest = coalition.history.first()
    assert latest.history_user == other_policy_user
    assert "Women in Prison was deleted" in latest.history_change_reason
    assert [link.organisation_id for link in latest.members.all()] == [ministry.pk]
    # The version before still lists both, so a restore can bring the member back.
    before = coalition.history.all()[1]
    assert {link.organisation_id for link in before.members.all()} == {partner_pk, ministry.pk}
