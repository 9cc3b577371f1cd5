"""The deadline calendar: a feed per policy user behind a secret token, and its admin page."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from policy import actions
from policy.models import CalendarToken, Consultation
from policy.views.calendar import feed_path
from policy.views.search import consultation_url


def feed(client, token):
    return client.get(feed_path(token))


def events(response):
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


@pytest.fixture
def token(policy_user):
    return CalendarToken.objects.for_user(policy_user).token


@pytest.fixture
def closed(policy_user, ministry):
    return actions.save_record(
        Consultation(
            title="An old consultation",
            organisation=ministry,
            closes=timezone.now() + timedelta(days=3),
            status=Consultation.Status.CLOSED,
        ),
        user=policy_user,
    )


def test_feed_is_outside_the_admin_under_the_plugin_prefix(token):
    assert feed_path(token) == f"/policy/calendar/{token}.ics"


def test_feed_parses_with_a_timezone_and_an_event_per_open_deadline(
    client, token, consultation, closed
):
    response = feed(client, token)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    (event,) = events(response)
    assert str(event["SUMMARY"]) == "Deadline: Sentencing of pregnant women and mothers"
    assert str(event["UID"]) == f"consultation-{consultation.pk}@testserver"
    assert event["SEQUENCE"] == consultation.version
    start = event.decoded("DTSTART")
    assert start == consultation.closes.replace(microsecond=0)
    assert start.tzinfo.key == "Europe/London"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert str(event["URL"]) == "http://testserver" + consultation_url(consultation.pk)


def test_a_moved_deadline_keeps_its_uid_and_raises_its_sequence(
    client, token, consultation, policy_user
):
    before = events(feed(client, token))[0]
    consultation.closes += timedelta(days=7)
    actions.save_record(consultation, user=policy_user)
    after = events(feed(client, token))[0]
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("DTSTART") == consultation.closes.replace(microsecond=0)


def test_feed_works_without_a_session(client, token, consultation, policy_user):
    client.logout()
    assert feed(client, token).status_code == 200


def test_welsh_prefix_serves_the_same_feed(client, token, consultation, welsh):
    response = client.get(f"/cy/policy/calendar/{token}.ics")
    assert response.status_code == 200
    assert len(events(response)) == 1


def test_unknown_token_is_a_plain_404(client, token):
    for path in (
        "/policy/calendar/not-a-token.ics",
        "/policy/calendar/" + "x" * 43 + ".ics",
        "/policy/calendar/%00%27.ics",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert not response.has_header("Location")


def test_reset_replaces_the_token_and_the_old_url_stops_working(
    client, policy_user, token, consultation
):
    client.force_login(policy_user)
    response = client.post(reverse("policy:calendar_reset"))
    assert response.status_code == 302
    new = CalendarToken.objects.get(user=policy_user).token
    assert new != token
    client.logout()
    assert feed(client, token).status_code == 404
    assert feed(client, new).status_code == 200


def test_reset_needs_a_post(client, policy_user, token):
    client.force_login(policy_user)
    assert client.get(reverse("policy:calendar_reset")).status_code == 405
    assert CalendarToken.objects.get(user=policy_user).token == token


def test_token_of_a_user_removed_from_the_team_is_a_404(client, policy_user, token):
    policy_user.groups.remove(Group.objects.get(name="Policy team"))
    assert feed(client, token).status_code == 404


def test_token_of_a_deactivated_user_is_a_404(client, policy_user, token):
    policy_user.is_active = False
    policy_user.save()
    assert feed(client, token).status_code == 404


def test_calendar_page_shows_the_users_feed_url(client, policy_user):
    client.force_login(policy_user)
    response = client.get(reverse("policy:calendar"))
    assert response.status_code == 200
    token = CalendarToken.objects.get(user=policy_user).token
    assert f"http://testserver/policy/calendar/{token}.ics" in response.content.decode()


def test_each_user_has_their_own_token(policy_user, other_policy_user):
    mine = CalendarToken.objects.for_user(policy_user)
    theirs = CalendarToken.objects.for_user(other_policy_user)
    assert mine.token != theirs.token
    assert len(mine.token) >= 43


def test_calendar_page_sends_anonymous_visitors_to_login(client):
    for name in ("policy:calendar", "policy:calendar_reset"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_calendar_page_refuses_an_editor(client, editor):
    client.force_login(editor)
    assert client.get(reverse("policy:calendar")).status_code == 403
    assert client.post(reverse("policy:calendar_reset")).status_code == 403
    assert not CalendarToken.objects.filter(user=editor).exists()


def test_an_editor_token_gives_no_feed(client, editor):
    token = CalendarToken.objects.for_user(editor).token
    assert feed(client, token).status_code == 404


def test_tokens_keep_no_history():
    assert not hasattr(CalendarToken, "history")
