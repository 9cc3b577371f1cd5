"""Deleting records from the admin: through the history-keeping action, and never an
error page when frozen text depends on the record."""

from django.urls import reverse

from policy import actions
from policy.models import Consultation, ResponseVersion


def test_deleting_a_consultation_whose_response_was_submitted_is_refused_with_a_message(
    client, response, policy_user
):
    actions.save_record(
        ResponseVersion(response=response, name="Submitted", content={"answers": []}),
        user=policy_user,
    )
    client.force_login(policy_user)
    url = reverse("policy_consultations:delete", args=[response.consultation.pk])
    answer = client.post(url, follow=True)
    assert answer.status_code == 200
    assert b"was not deleted: submitted text depends on it" in answer.content
    assert Consultation.objects.filter(pk=response.consultation.pk).exists()


def test_deleting_from_the_admin_keeps_who_deleted_it_for_a_restore(
    client, consultation, policy_user
):
    client.force_login(policy_user)
    answer = client.post(reverse("policy_consultations:delete", args=[consultation.pk]))
    assert answer.status_code == 302
    deleted = Consultation.history.filter(id=consultation.pk, history_type="-").get()
    assert deleted.history_user == policy_user
    assert not Consultation.objects.filter(pk=consultation.pk).exists()
