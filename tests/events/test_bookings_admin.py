"""Registrations in the admin: who may see them, the listing, deleting, and the CSV export."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from events import actions
from events.models import Booking, Registration


@pytest.fixture
def event(make_event):
    return make_event("Leadership programme", booking=Booking.REGISTER, capacity=1)


@pytest.fixture
def registrations(event, make_event):
    other = make_event("Network day", booking=Booking.REGISTER, capacity=5)
    first = actions.register(
        event, name="Aisha Khan", email="aisha@example.org", organisation="HMP Styal"
    )
    second = actions.register(
        event, name='=HYPERLINK("http://x")', email="b@example.org", access_needs="Hearing loop"
    )
    elsewhere = actions.register(other, name="Carys Jones", email="carys@example.org")
    return first, second, elsewhere


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="x" * 12)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def organiser(editor):
    """An editor given the registration permissions (as an "event organisers" group would)."""
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="events",
            codename__in=["view_registration", "delete_registration"],
        )
    )
    return editor


def as_user(client, user):
    client.force_login(user)
    return client


def test_an_editor_without_the_permission_is_refused(client, editor, registrations):
    client = as_user(client, editor)
    assert client.get(reverse("registration:index")).status_code in (302, 403)
    first = registrations[0]
    assert client.get(reverse("registration:inspect", args=[first.pk])).status_code in (302, 403)
    assert client.post(reverse("registration:delete", args=[first.pk])).status_code in (302, 403)
    assert Registration.objects.filter(pk=first.pk).exists()
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Registrations" not in menu


def test_the_superuser_sees_the_listing_with_filters(admin_client, registrations, event):
    response = admin_client.get(reverse("registration:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aisha Khan" in html and "Carys Jones" in html and "HMP Styal" in html
    assert "Training and events" in html

    filtered = admin_client.get(reverse("registration:index"), {"event": event.pk}).content.decode()
    assert "Aisha Khan" in filtered and "Carys Jones" not in filtered
    waitlist = admin_client.get(
        reverse("registration:index"), {"event": event.pk, "state": "waitlisted"}
    ).content.decode()
    assert "HYPERLINK" in waitlist and "Aisha Khan" not in waitlist


def test_nobody_adds_or_edits_peoples_data_in_the_admin(admin_client, registrations):
    first = registrations[0]
    assert admin_client.get(reverse("registration:add")).status_code in (302, 403)
    assert admin_client.get(reverse("registration:edit", args=[first.pk])).status_code in (
        302,
        403,
    )
    inspect = admin_client.get(reverse("registration:inspect", args=[first.pk]))
    assert inspect.status_code == 200 and "aisha@example.org" in inspect.content.decode()


def test_an_organiser_exports_attendees_and_waitlist_of_one_event(
    client, organiser, registrations, event
):
    client = as_user(client, organiser)
    response = client.get(reverse("registration:index"), {"event": event.pk, "export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["Name"], row["State"]) for row in rows] == [
        ("Aisha Khan", "confirmed"),
        ('\'=HYPERLINK("http://x")', "waitlisted"),  # written as text, not a formula
    ]
    assert rows[0]["Email"] == "aisha@example.org"
    assert rows[0]["Organisation"] == "HMP Styal"
    assert rows[1]["Access needs"] == "Hearing loop"
    assert {row["Event"] for row in rows} == {"Leadership programme"}


def test_deleting_in_the_admin_removes_the_person_and_promotes_the_waitlist(
    client, organiser, registrations
):
    first, second, _elsewhere = registrations
    client = as_user(client, organiser)
    response = client.post(reverse("registration:delete", args=[first.pk]))

    assert response.status_code == 302
    assert not Registration.objects.filter(pk=first.pk).exists()
    second.refresh_from_db()
    assert second.state == Registration.State.CONFIRMED
    assert not ModelLogEntry.objects.filter(label__contains="Aisha").exists()


def test_view_permission_alone_does_not_allow_deleting(client, editor, registrations):
    editor.user_permissions.add(Permission.objects.get(codename="view_registration"))
    client = as_user(client, editor)
    first = registrations[0]
    assert client.get(reverse("registration:index")).status_code == 200
    assert client.post(reverse("registration:delete", args=[first.pk])).status_code in (302, 403)
    assert Registration.objects.filter(pk=first.pk).exists()
