"""Two people edit the same answer: the second save over a newer version is refused,
nothing is overwritten, and the second person sees the change and keeps their text."""

import pytest
from django.test import Client
from django.urls import reverse

from policy import actions
from policy.models.responses import rich_text_as_text
from tests.policy.test_workflow import answer_post


@pytest.fixture
def started(answer, policy_user):
    actions.save_answer(
        answer, body="<p>Pregnancy should always be taken into account.</p>", user=policy_user
    )
    answer.refresh_from_db()
    return answer


def two_clients(first_user, second_user):
    first, second = Client(), Client()
    first.force_login(first_user)
    second.force_login(second_user)
    return first, second


def test_second_save_over_a_newer_version_is_refused(started, policy_user, other_policy_user):
    first, second = two_clients(policy_user, other_policy_user)
    url = reverse("policy:answer_edit", args=[started.pk])
    first_form = first.get(url).context["form"]
    second_form = second.get(url).context["form"]
    assert first_form.initial["version"] == second_form.initial["version"] == started.version

    theirs = "<p>Pregnancy should always be taken into account by every court.</p>"
    mine = "<p>Pregnancy and motherhood should always be taken into account.</p>"
    assert first.post(url, answer_post(started, theirs)).status_code == 302
    refused = second.post(url, answer_post(started, mine))

    assert refused.status_code == 409
    started.refresh_from_db()
    assert started.text == rich_text_as_text(theirs)
    assert started.last_edited_by == policy_user
    assert started.version == 3


def test_refusal_shows_their_change_and_keeps_my_text(started, policy_user, other_policy_user):
    first, second = two_clients(policy_user, other_policy_user)
    url = reverse("policy:answer_edit", args=[started.pk])
    theirs = "<p>Pregnancy should always be taken into account by every court.</p>"
    mine = "<p>Pregnancy and motherhood should always be taken into account.</p>"
    first.post(url, answer_post(started, theirs))
    refused = second.post(url, answer_post(started, mine, reason="my reason"))
    html = refused.content.decode()

    assert "someone else saved this answer" in html
    conflict = refused.context["conflict"]
    their_insertions = [c.text for c in conflict["their_change"] if c.op == "insert"]
    assert "by every court." in "".join(their_insertions)
    assert not any(c.op != "equal" and "Pregnancy" in c.text for c in conflict["their_change"])
    against_mine = conflict["against_mine"]
    assert "motherhood" in "".join(c.text for c in against_mine if c.op == "insert")
    assert "court." in "".join(c.text for c in against_mine if c.op == "delete")
    assert '<ins class="policy-diff__ins">' in html

    form = refused.context["form"]
    assert rich_text_as_text(form["body"].value()) == rich_text_as_text(mine)
    assert form["reason"].value() == "my reason"
    assert int(form["version"].value()) == 3
    assert 'name="version" value="3"' in html


def test_merged_text_saves_over_the_version_seen(started, policy_user, other_policy_user):
    first, second = two_clients(policy_user, other_policy_user)
    url = reverse("policy:answer_edit", args=[started.pk])
    first.post(url, answer_post(started, "<p>Theirs.</p>"))
    refused = second.post(url, answer_post(started, "<p>Mine.</p>"))
    version_now = int(refused.context["form"]["version"].value())

    merged = "<p>Theirs. Mine.</p>"
    saved = second.post(url, answer_post(started, merged, version=version_now))

    assert saved.status_code == 302
    started.refresh_from_db()
    assert started.text == "Theirs. Mine."
    assert started.last_edited_by == other_policy_user
    texts = [rich_text_as_text(row.body) for row in started.history.order_by("history_date")]
    assert texts[-2:] == ["Theirs.", "Theirs. Mine."]


def test_stale_save_in_the_action_writes_nothing(started, policy_user, other_policy_user):
    stale_copy = type(started).objects.get(pk=started.pk)
    actions.save_answer(started, body="<p>New.</p>", user=policy_user)
    history_rows = stale_copy.history.count()
    with pytest.raises(actions.StaleVersion):
        actions.save_answer(stale_copy, body="<p>Old copy.</p>", user=other_policy_user)
    started.refresh_from_db()
    assert started.body == "<p>New.</p>"
    assert stale_copy.history.count() == history_rows
