"""Registration on the site: places, the waitlist, cancelling, emails, spam protection and
the deletion of personal data."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from events import actions
from events.models import Booking, Registration, Status
from events.views import bookings as booking_views

CONFIRMED = Registration.State.CONFIRMED
WAITLISTED = Registration.State.WAITLISTED
CANCELLED = Registration.State.CANCELLED


@pytest.fixture
def event(make_event):
    return make_event("Trauma Informed Network", booking=Booking.REGISTER, capacity=2)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """committed(fn, *args, **kwargs): call fn, then run its after-commit work (the booking
    emails) as a real commit would; the test's own transaction never commits."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def emails_sent(mailoutbox):
    return mailoutbox


def person(number, **fields):
    return {"name": f"Person {number}", "email": f"person{number}@example.org", **fields}


def post_data(**fields):
    data = {
        "name": "Aisha Khan",
        "email": "aisha@example.org",
        "organisation": "HMP Styal",
        "role": "Prison officer",
        "access_needs": "Step-free access",
        "website": "",
    }
    data.update(fields)
    return data


def cancel_link(message):
    match = re.search(r"https?://\S+/bookings/[A-Za-z0-9_-]+/cancel/", message.body)
    assert match, message.body
    return match.group(0)


# --- the workflow ---


def test_registrations_are_confirmed_until_the_places_are_taken(event, emails_sent, committed):
    first = committed(actions.register, event, **person(1))
    second = committed(actions.register, event, **person(2))
    third = committed(actions.register, event, **person(3))

    assert [first.state, second.state, third.state] == [CONFIRMED, CONFIRMED, WAITLISTED]
    assert first.confirmed_at and not third.confirmed_at


def test_an_event_marked_full_waitlists_new_registrations(make_event):
    event = make_event(booking=Booking.REGISTER, capacity=30, status=Status.FULL)
    assert actions.register(event, **person(1)).state == WAITLISTED


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": Status.CANCELLED}, "cancelled"),
        ({"status": Status.POSTPONED}, "postponed"),
        ({"booking": Booking.EXTERNAL, "booking_url": "https://example.org"}, "does not take"),
        ({"booking": Booking.NONE}, "does not take"),
    ],
)
def test_registration_is_refused_when_the_event_does_not_take_it(make_event, fields, message):
    event = make_event(**{"booking": Booking.REGISTER, "capacity": 5, **fields})
    with pytest.raises(actions.BookingError, match=message):
        actions.register(event, **person(1))
    assert not Registration.objects.exists()


def test_registration_is_refused_after_the_event(make_event):
    start = timezone.now() - timedelta(days=2)
    event = make_event(booking=Booking.REGISTER, capacity=5, start=start)
    with pytest.raises(actions.BookingError, match="already taken place"):
        actions.register(event, **person(1))


def test_registration_is_refused_for_a_draft_or_private_event(event):
    PageViewRestriction.objects.create(page=event, restriction_type="password", password="x")
    with pytest.raises(actions.BookingError, match="not open"):
        actions.register(event, **person(1))
    event.unpublish()
    with pytest.raises(actions.BookingError, match="not open"):
        actions.register(event, **person(1))


def test_registering_again_with_the_same_email_keeps_one_registration(
    event, emails_sent, committed
):
    first = committed(actions.register, event, **person(1))
    again = committed(actions.register, event, name="Someone else", email="PERSON1@Example.org")

    assert again.pk == first.pk and again.already_registered
    assert Registration.objects.count() == 1
    assert again.name == "Person 1"
    assert len(emails_sent) == 2  # the confirmation, and the same again
    assert cancel_link(emails_sent[0]) == cancel_link(emails_sent[1])


def test_after_cancelling_the_same_email_may_register_again(event):
    first = actions.register(event, **person(1))
    actions.cancel_registration(first.cancel_token)
    again = actions.register(event, **person(1))
    assert again.pk != first.pk and again.state == CONFIRMED


def test_cancelling_a_place_promotes_the_longest_waiting_first(event, emails_sent, committed):
    confirmed = [committed(actions.register, event, **person(n)) for n in (1, 2)]
    later, earlier = (committed(actions.register, event, **person(n)) for n in (3, 4))
    # Person 4 registered first (by the clock) though their row came second.
    Registration.objects.filter(pk=earlier.pk).update(
        created_at=later.created_at - timedelta(seconds=5)
    )
    emails_sent.clear()

    committed(actions.cancel_registration, confirmed[0].cancel_token)

    states = dict(Registration.objects.values_list("email", "state"))
    assert states == {
        "person1@example.org": CANCELLED,
        "person2@example.org": CONFIRMED,
        "person3@example.org": WAITLISTED,
        "person4@example.org": CONFIRMED,
    }
    assert [m.to for m in emails_sent] == [["person4@example.org"]]
    assert "place has come free" in emails_sent[0].subject
    committed(actions.cancel_registration, confirmed[1].cancel_token)
    assert Registration.objects.get(pk=later.pk).state == CONFIRMED


def test_cancelling_twice_changes_nothing_the_second_time(event):
    registration = actions.register(event, **person(1))
    first = actions.cancel_registration(registration.cancel_token)
    cancelled_at = first.cancelled_at
    second = actions.cancel_registration(registration.cancel_token)

    assert first.just_cancelled and not second.just_cancelled
    assert second.state == CANCELLED and second.cancelled_at == cancelled_at


def test_leaving_the_waitlist_promotes_nobody(event):
    for n in (1, 2, 3, 4):
        actions.register(event, **person(n))
    third = Registration.objects.get(email="person3@example.org")
    actions.cancel_registration(third.cancel_token)
    assert Registration.objects.get(email="person4@example.org").state == WAITLISTED


def test_nobody_is_promoted_once_the_event_has_ended(event):
    first, _second, third = (actions.register(event, **person(n)) for n in (1, 2, 3))
    event.start = timezone.now() - timedelta(days=1)
    event.end = timezone.now() - timedelta(hours=1)
    event.save()
    actions.cancel_registration(first.cancel_token)
    assert Registration.objects.get(pk=third.pk).state == WAITLISTED


def publish_with(event, **fields):
    event = type(event).objects.get(pk=event.pk)
    for name, value in fields.items():
        setattr(event, name, value)
    event.save_revision().publish()


def test_publishing_more_places_promotes_the_waitlist_in_order(event, emails_sent, committed):
    for n in (1, 2, 3, 4, 5):
        committed(actions.register, event, **person(n))
    emails_sent.clear()

    committed(event.save_revision)  # a draft with more places promotes nobody yet
    committed(publish_with, event, capacity=4)

    states = dict(Registration.objects.values_list("email", "state"))
    assert [email for email, state in sorted(states.items()) if state == WAITLISTED] == [
        "person5@example.org"
    ]
    assert sorted(m.to[0] for m in emails_sent) == ["person3@example.org", "person4@example.org"]
    assert all("place has come free" in m.subject for m in emails_sent)
    committed(publish_with, event, capacity=9)
    assert Registration.objects.get(email="person5@example.org").state == CONFIRMED


def test_publishing_more_places_while_marked_fully_booked_promotes_nobody(event, committed):
    for n in (1, 2, 3):
        committed(actions.register, event, **person(n))
    committed(publish_with, event, capacity=10, status=Status.FULL)
    assert Registration.objects.get(email="person3@example.org").state == WAITLISTED
    committed(publish_with, event, status=Status.SCHEDULED)
    assert Registration.objects.get(email="person3@example.org").state == CONFIRMED


def test_an_unknown_token_raises_does_not_exist(db):
    with pytest.raises(Registration.DoesNotExist):
        actions.cancel_registration("not-a-token-at-all-0000")


# --- emails ---


def test_confirmation_email_has_a_working_cancel_link(event, emails_sent, committed):
    committed(actions.register, event, **person(1, name="Siân O'Brien"))

    (message,) = emails_sent
    assert message.to == ["person1@example.org"]
    assert "Your place is confirmed: Trauma Informed Network" == message.subject
    assert "Dear Siân O'Brien," in message.body  # plain text: not HTML-escaped
    assert event.full_url in message.body
    url = cancel_link(message)
    assert url.startswith("http://testserver/events/bookings/")

    client = Client()
    path = url.removeprefix("http://testserver")
    page = client.get(path)
    assert page.status_code == 200
    assert "Cancel my registration" in page.content.decode()
    assert Registration.objects.get().state == CONFIRMED  # a GET (a mail scanner) cancels nothing

    done = committed(client.post, path)
    assert done.status_code == 200
    assert "Your registration is cancelled" in done.content.decode()
    assert Registration.objects.get().state == CANCELLED
    again = committed(client.post, path)
    assert "already cancelled" in again.content.decode()


def test_waitlist_email_says_so_and_has_a_link_to_leave(event, emails_sent, committed):
    for n in (1, 2, 3):
        committed(actions.register, event, **person(n))
    message = emails_sent[-1]
    assert message.subject == "You are on the waitlist: Trauma Informed Network"
    assert "To leave the waitlist" in message.body
    cancel_link(message)


def test_emails_wait_for_the_commit(event, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.register(event, **person(1))
        assert mailoutbox == []
    # One email waits for the commit (the page cache's purge waits beside it).
    emails = [callback for callback in callbacks if "_email_after_commit" in callback.__qualname__]
    assert len(emails) == 1


# --- the public views ---


def test_registering_through_the_form_redirects_to_the_outcome(
    event, client, emails_sent, committed
):
    response = committed(client.post, reverse("events:register", args=[event.pk]), post_data())

    assert response.status_code == 303
    assert response["Location"] == reverse("events:registered", args=[event.pk])
    registration = Registration.objects.get()
    assert (registration.name, registration.organisation, registration.role) == (
        "Aisha Khan",
        "HMP Styal",
        "Prison officer",
    )
    outcome = client.get(response["Location"])
    assert "Your place is confirmed" in outcome.content.decode()
    assert len(emails_sent) == 1


def test_the_outcome_page_says_waitlisted_when_full(event, client):
    for n in (1, 2):
        actions.register(event, **person(n))
    response = client.post(reverse("events:register", args=[event.pk]), post_data(), follow=True)
    assert "You are on the waitlist" in response.content.decode()


def test_the_register_url_takes_only_posts(event, client):
    assert client.get(reverse("events:register", args=[event.pk])).status_code == 405


def test_an_invalid_form_comes_back_with_errors_and_the_typed_values(event, client):
    response = client.post(
        reverse("events:register", args=[event.pk]),
        post_data(name="", email="not an email", organisation="Women's Centre “Bee”"),
    )
    html = response.content.decode()

    assert response.status_code == 400
    assert not Registration.objects.exists()
    prefix = f"register-{event.pk}-"
    assert f'href="#{prefix}name"' in html and f'href="#{prefix}email"' in html
    assert f'id="{prefix}email-error"' in html
    assert f'aria-describedby="{prefix}email-error {prefix}email-help"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="not an email"' in html
    assert "Women&#x27;s Centre “Bee”" in html
    assert 'autocomplete="organization-title"' in html


def test_a_refusal_comes_back_as_a_clear_400(make_event, client):
    event = make_event(booking=Booking.REGISTER, capacity=3, status=Status.CANCELLED)
    response = client.post(reverse("events:register", args=[event.pk]), post_data())
    assert response.status_code == 400
    assert "This event has been cancelled." in response.content.decode()


def test_a_draft_or_unknown_event_is_a_404(event, client):
    event.unpublish()
    assert client.post(reverse("events:register", args=[event.pk]), post_data()).status_code == 404
    assert client.post(reverse("events:register", args=[999999]), post_data()).status_code == 404


def test_a_filled_honeypot_looks_like_success_but_saves_and_sends_nothing(
    event, client, emails_sent, committed
):
    response = committed(
        client.post,
        reverse("events:register", args=[event.pk]),
        post_data(website="http://spam.example"),
    )
    assert response.status_code == 303
    assert not Registration.objects.exists()
    assert emails_sent == []


def test_the_honeypot_is_hidden_from_people_and_screen_readers(event, client):
    html = client.get(event.url).content.decode()
    hidden = re.search(
        r'<div class="event-booking__extra" aria-hidden="true">(.*?)</div>', html, re.S
    )
    assert hidden, html
    assert 'name="website"' in hidden.group(1)
    assert 'tabindex="-1"' in hidden.group(1) and 'autocomplete="off"' in hidden.group(1)


def test_more_than_five_registrations_from_one_address_are_refused_for_a_while(event, client):
    url = reverse("events:register", args=[event.pk])
    for n in range(booking_views.RATE_LIMIT):
        assert client.post(url, post_data(email=f"p{n}@example.org")).status_code == 303
    refused = client.post(url, post_data(email="p99@example.org"))

    assert refused.status_code == 429
    assert "Too many registrations" in refused.content.decode()
    assert Registration.objects.count() == booking_views.RATE_LIMIT
    other_address = client.post(url, post_data(email="p98@example.org"), REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 303


def test_forms_with_mistakes_do_not_use_up_the_rate_limit(event, client):
    url = reverse("events:register", args=[event.pk])
    for _ in range(booking_views.RATE_LIMIT + 2):
        assert client.post(url, post_data(email="typo")).status_code == 400
    assert client.post(url, post_data()).status_code == 303


def test_odd_unicode_in_the_fields_is_kept_as_typed(event, client):
    name = "Zoë Ní Bhriain 😀 \u202eevil\u202c 李"
    response = client.post(
        reverse("events:register", args=[event.pk]),
        post_data(name=name, email="zoe@exämple.org", access_needs="BSL 🤟\r\nhearing loop"),
    )
    assert response.status_code == 303
    registration = Registration.objects.get()
    assert registration.name == name
    assert registration.access_needs == "BSL 🤟\r\nhearing loop"


@pytest.mark.parametrize("value", ["Aisha\x00Khan", "Aisha\x1b[31m"])
def test_control_characters_are_refused_with_a_message(event, client, value):
    response = client.post(reverse("events:register", args=[event.pk]), post_data(name=value))
    assert response.status_code == 400
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "token",
    [
        "x" * 32,
        "%F0%9F%98%80" * 4,
        "%00" * 20,
        "\u202e" * 20,
        "a" * 500,
        "..%2F..%2Fetc",
        "ﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁﬁ",
    ],
)
def test_unknown_or_odd_cancel_tokens_are_a_404(db, client, token):
    url = f"/events/bookings/{token}/cancel/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_a_get_on_the_cancel_link_cancels_nothing(event, client):
    registration = actions.register(event, **person(1))
    url = reverse("events:cancel", args=[registration.cancel_token])
    for _ in range(3):
        assert client.get(url).status_code == 200
        assert client.head(url).status_code == 200
    registration.refresh_from_db()
    assert registration.state == CONFIRMED


# --- the panel on the event page ---


def test_the_panel_counts_the_places_left(event, client):
    assert "2 places left" in client.get(event.url).content.decode()
    actions.register(event, **person(1))
    assert "1 place left" in client.get(event.url).content.decode()
    actions.register(event, **person(2))
    html = client.get(event.url).content.decode()
    assert "Fully booked: join the waitlist" in html
    assert "Join the waitlist</button>" in html


def test_the_panel_shows_an_external_link_or_the_enquiry_email(make_event, client):
    external = make_event(booking=Booking.EXTERNAL, booking_url="https://tickets.example.org/x")
    enquire = make_event(booking=Booking.ENQUIRE, booking_email="training@example.org")
    assert 'href="https://tickets.example.org/x"' in client.get(external.url).content.decode()
    assert 'href="mailto:training@example.org"' in client.get(enquire.url).content.decode()


@pytest.mark.parametrize("when", ["ended", "cancelled"])
def test_nothing_is_bookable_once_ended_or_cancelled(make_event, client, when):
    if when == "ended":
        event = make_event(
            booking=Booking.REGISTER, capacity=3, start=timezone.now() - timedelta(days=3)
        )
    else:
        event = make_event(booking=Booking.REGISTER, capacity=3, status=Status.CANCELLED)
    html = client.get(event.url).content.decode()
    assert reverse("events:register", args=[event.pk]) not in html
    assert "places left" not in html


def test_the_panel_costs_one_query(event, rf, django_assert_num_queries):
    actions.register(event, **person(1))
    template = Template("{% load events_booking %}{% booking_panel page %}")
    request = rf.get(event.url)
    with django_assert_num_queries(1):
        html = template.render(Context({"page": event, "request": request}))
    assert "1 place left" in html


# --- staff deletion and retention ---


def test_staff_without_the_permission_cannot_delete(event, django_user_model):
    registration = actions.register(event, **person(1))
    editor = django_user_model.objects.create_user("editor", password="x" * 12)
    with pytest.raises(actions.PermissionDenied):
        actions.delete_registration(registration, editor)
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_deleting_a_confirmed_registration_promotes_from_the_waitlist(
    event, admin_user, emails_sent, committed
):
    first, _second, third = (committed(actions.register, event, **person(n)) for n in (1, 2, 3))
    emails_sent.clear()
    committed(actions.delete_registration, first, admin_user)

    assert not Registration.objects.filter(pk=first.pk).exists()
    assert Registration.objects.get(pk=third.pk).state == CONFIRMED
    assert [m.to for m in emails_sent] == [["person3@example.org"]]


@pytest.fixture
def old_and_recent(make_event):
    now = timezone.now()
    old = make_event("Old", booking=Booking.REGISTER, capacity=5, start=now - timedelta(days=100))
    recent = make_event(
        "Recent", booking=Booking.REGISTER, capacity=5, start=now - timedelta(days=10)
    )
    for event in (old, recent):
        for n in (1, 2):
            Registration.objects.create(event=event, state=CONFIRMED, **person(n))
    return old, recent


def test_registrations_are_deleted_some_days_after_their_event(old_and_recent):
    old, recent = old_and_recent
    assert actions.delete_expired_registrations(keep_days=90) == 2
    assert not old.registrations.exists()
    assert recent.registrations.count() == 2
    assert actions.delete_expired_registrations(keep_days=5) == 2
    assert not Registration.objects.exists()


@override_settings(EVENTS_KEEP_REGISTRATIONS_DAYS=30)
def test_the_command_follows_the_setting_and_reports(old_and_recent):
    out = StringIO()
    call_command("delete_expired_registrations", "--dry-run", stdout=out)
    assert "Old: 2" in out.getvalue() and "would be deleted" in out.getvalue()
    assert Registration.objects.count() == 4

    out = StringIO()
    call_command("delete_expired_registrations", stdout=out)
    assert "Deleted 2 registrations." in out.getvalue()
    assert set(Registration.objects.values_list("event__title", flat=True)) == {"Recent"}


def test_the_command_takes_days(old_and_recent):
    call_command("delete_expired_registrations", "--days", "1", stdout=StringIO())
    assert not Registration.objects.exists()


def test_the_lock_is_taken_on_the_event_row(event):
    """The concurrency test runs on PostgreSQL; this checks the SQL asks for the lock."""
    with CaptureQueriesContext(connection) as queries:
        actions.register(event, **person(1))
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)
