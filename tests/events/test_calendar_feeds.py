"""iCalendar feeds: the whole calendar, filtered feeds and one event, parsed back with the
``icalendar`` library."""

from datetime import UTC, date, datetime

import icalendar
import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from events.models import Format, Sector, Status, all_day_bounds
from events.models.events import LONDON

pytestmark = pytest.mark.django_db


def fetch(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def feed(client, **params):
    return fetch(client, reverse("events:calendar"), params)


def events_by_summary(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def utc_instant(calendar, event, name):
    """The event's DTSTART or DTEND as a UTC instant, read through the feed's own VTIMEZONE
    (not the reader's zone database), as a calendar program would."""
    prop = event[name]
    zones = {str(zone["TZID"]): zone.to_tz() for zone in calendar.walk("VTIMEZONE")}
    tzid = prop.params["TZID"]
    local = prop.dt.replace(tzinfo=None)
    return local.replace(tzinfo=zones[tzid]).astimezone(UTC)


def test_feed_has_the_rfc_5545_frame(client, make_event):
    make_event("Workshop", start=datetime(2030, 5, 1, 10, 0))
    calendar = feed(client)
    assert calendar["VERSION"] == "2.0"
    assert "One Small Thing" in str(calendar["PRODID"])
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["TZID"]) for zone in zones] == ["Europe/London"]
    (event,) = calendar.walk("VEVENT")
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL", "STATUS"):
        assert required in event, required
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert str(event["URL"]).startswith("http://")
    # Lines are folded at 75 octets and end in CRLF.
    raw = client.get(reverse("events:calendar")).content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (date(2030, 3, 28), 10),  # GMT, before the clocks go forward on 31 March 2030
        (date(2030, 4, 1), 9),  # BST after it
        (date(2030, 10, 25), 9),  # BST, before the clocks go back on 27 October 2030
        (date(2030, 10, 28), 10),  # GMT after it
    ],
)
def test_ten_oclock_uk_time_is_the_right_instant_across_the_clock_change(
    client, make_event, day, utc_hour
):
    make_event("Morning session", start=datetime(day.year, day.month, day.day, 10, 0))
    calendar = feed(client)
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].dt.replace(tzinfo=None) == datetime(day.year, day.month, day.day, 10)
    expected = datetime(day.year, day.month, day.day, utc_hour, tzinfo=UTC)
    assert utc_instant(calendar, event, "DTSTART") == expected


def test_all_day_events_are_dates_with_an_exclusive_end(client, make_event):
    start, end = all_day_bounds(date(2030, 2, 4), date(2030, 2, 6))
    make_event("Residential", start=start, end=end, all_day=True)
    (event,) = feed(client).walk("VEVENT")
    assert event["DTSTART"].dt == date(2030, 2, 4)
    assert event["DTEND"].dt == date(2030, 2, 7)
    assert event["DTSTART"].params.get("VALUE") == "DATE"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.SCHEDULED, "CONFIRMED"),
        (Status.FULL, "CONFIRMED"),
        (Status.POSTPONED, "TENTATIVE"),
        (Status.CANCELLED, "CANCELLED"),
    ],
)
def test_status(client, make_event, status, expected):
    make_event("Workshop", status=status)
    (event,) = feed(client).walk("VEVENT")
    assert event["STATUS"] == expected


def test_location_is_the_venue_or_online(client, make_event):
    make_event(
        "At a venue",
        venue_name="Friends House",
        venue_address="173 Euston Road\nLondon",
        venue_postcode="NW1 2BJ",
    )
    make_event("On a call", format=Format.ONLINE)
    events = events_by_summary(feed(client))
    assert events["At a venue"]["LOCATION"] == "Friends House, 173 Euston Road, London, NW1 2BJ"
    assert events["On a call"]["LOCATION"] == "Online"


def test_uids_are_stable_across_fetches_and_edits(client, make_event):
    event = make_event("Workshop")
    first = feed(client).walk("VEVENT")[0]["UID"]
    event.title = "Workshop (renamed)"
    event.save_revision().publish()
    again = fetch(client, reverse("events:event_ical", args=[event.pk])).walk("VEVENT")[0]
    assert first == again["UID"] == f"{event.translation_key}@onesmallthing.org.uk"
    assert feed(client).walk("VEVENT")[0]["UID"] == first


def test_sequence_rises_when_the_date_changes_and_the_feed_says_so(client, make_event):
    event = make_event("Workshop", start=datetime(2030, 5, 1, 10, 0))
    assert feed(client).walk("VEVENT")[0]["SEQUENCE"] == 0
    event.start = datetime(2030, 5, 8, 10, 0, tzinfo=LONDON)
    event.end = datetime(2030, 5, 8, 16, 0, tzinfo=LONDON)
    event.save_revision().publish()
    assert feed(client).walk("VEVENT")[0]["SEQUENCE"] == 1
    event.status = Status.CANCELLED
    event.save_revision().publish()
    (cancelled,) = feed(client).walk("VEVENT")
    assert (cancelled["SEQUENCE"], cancelled["STATUS"]) == (2, "CANCELLED")


def test_feed_takes_the_listing_filters(client, make_event, audiences):
    make_event("Prison day", sector=Sector.CUSTODY, audiences=[audiences["Prison staff"]])
    make_event("NHS day", sector=Sector.HEALTH, audiences=[audiences["NHS"]])
    make_event("Old prison day", start=datetime(2016, 3, 2, 10, 0), sector=Sector.CUSTODY)
    assert set(events_by_summary(feed(client))) == {"Prison day", "NHS day", "Old prison day"}
    assert set(events_by_summary(feed(client, sector="custody"))) == {
        "Prison day",
        "Old prison day",
    }
    assert set(events_by_summary(feed(client, audience="nhs"))) == {"NHS day"}
    assert set(events_by_summary(feed(client, sector="custody", year="2016"))) == {"Old prison day"}
    assert set(events_by_summary(feed(client, when="upcoming", sector="custody"))) == {"Prison day"}


def test_feed_refuses_bad_filters_with_400(client, make_event):
    make_event("Workshop")
    for params in ({"year": "abc"}, {"audience": "nobody"}, {"region": "\x00"}):
        response = client.get(reverse("events:calendar"), params)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/plain")


def test_private_and_unpublished_events_are_absent(client, make_event):
    make_event("Open workshop")
    cohort = make_event("HMP Styal cohort")
    PageViewRestriction.objects.create(page=cohort, restriction_type="login")
    draft = make_event("Draft workshop")
    draft.unpublish()
    assert set(events_by_summary(feed(client))) == {"Open workshop"}
    for hidden in (cohort, draft):
        response = client.get(reverse("events:event_ical", args=[hidden.pk]))
        assert response.status_code == 404


def test_one_event_feed(client, make_event):
    event = make_event("Network event", intro="Meet others doing the work.")
    response = client.get(reverse("events:event_ical", args=[event.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    (component,) = calendar.walk("VEVENT")
    assert component["SUMMARY"] == "Network event"
    assert "Meet others doing the work." in component["DESCRIPTION"]
    assert str(component["URL"]).endswith(event.url)
    assert client.get(reverse("events:event_ical", args=[999999])).status_code == 404


def test_a_cancelled_event_says_so_in_its_summary(client, make_event):
    make_event("Workshop", status=Status.CANCELLED)
    (event,) = feed(client).walk("VEVENT")
    assert event["SUMMARY"] == "Cancelled: Workshop"


def test_sequence_stays_for_changes_that_do_not_move_the_event(client, make_event):
    event = make_event("Workshop", venue_name="Room 1")
    event.title = "Workshop (renamed)"
    event.intro = "New words."
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.sequence == 0
    # A draft of a new place changes nothing until it is published.
    event.venue_name = "Room 2"
    event.save_revision()
    event.refresh_from_db()
    assert (event.sequence, event.venue_name) == (0, "Room 1")
    event.get_latest_revision().publish()
    event.refresh_from_db()
    assert (event.sequence, event.venue_name) == (1, "Room 2")


def test_sequence_counts_from_the_stored_row_not_an_old_revision(make_event):
    event = make_event("Workshop", venue_name="Room 1")
    stale = event.save_revision()  # carries sequence 0
    event.venue_name = "Room 2"
    event.save_revision().publish()
    stale.as_object().save_revision().publish()  # back to Room 1 from the old revision
    event.refresh_from_db()
    assert (event.sequence, event.venue_name) == (2, "Room 1")


def test_each_language_has_its_own_feed(client, make_event, event_index, welsh_home, welsh):
    event = make_event("Workshop")
    event_index.copy_for_translation(welsh).save_revision().publish()
    copy = event.copy_for_translation(welsh)
    copy.title = "Gweithdy"
    copy.save_revision().publish()
    english = feed(client).walk("VEVENT")
    cymraeg = fetch(client, "/cy/events/calendar.ics").walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in english] == ["Workshop"]
    assert [str(e["SUMMARY"]) for e in cymraeg] == ["Gweithdy"]
    assert str(cymraeg[0]["URL"]).endswith(copy.url)
