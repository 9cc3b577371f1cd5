"""schema.org Event JSON-LD on event pages, parsed back with json."""

import json
from datetime import date, datetime

import html5lib
import pytest

from events.jsonld import price_amount
from events.models import Booking, Format, Region, Status, all_day_bounds

pytestmark = pytest.mark.django_db
SCHEMA = "https://schema.org/"


def jsonld(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(response.content.decode())
    scripts = [s for s in tree.iter("script") if s.get("type") == "application/ld+json"]
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def test_in_person_event(client, make_event, audiences):
    event = make_event(
        "National day",
        start=datetime(2030, 9, 12, 10, 0),
        end=datetime(2030, 9, 12, 16, 30),
        intro="For leaders.",
        venue_name="Friends House",
        venue_address="173-177 Euston Road\nLondon",
        venue_postcode="NW1 2BJ",
        region=Region.LONDON,
        price="£40 per person",
        audiences=[audiences["Trainers"]],
    )
    data = jsonld(client, event)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "National day"
    assert data["startDate"] == "2030-09-12T10:00:00+01:00"
    assert data["endDate"] == "2030-09-12T16:30:00+01:00"
    assert data["eventStatus"] == SCHEMA + "EventScheduled"
    assert data["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place",
        "name": "Friends House",
        "address": {
            "@type": "PostalAddress",
            "addressCountry": "GB",
            "streetAddress": "173-177 Euston Road, London",
            "postalCode": "NW1 2BJ",
            "addressRegion": "London",
        },
    }
    assert data["offers"] == {
        "@type": "Offer",
        "price": "40",
        "priceCurrency": "GBP",
        "availability": SCHEMA + "InStock",
        "url": data["url"],
    }
    assert data["url"].endswith(event.url)
    assert data["organizer"]["@type"] == "Organization"
    assert data["organizer"]["name"]
    assert data["url"].startswith(data["organizer"]["url"])
    assert data["description"] == "For leaders."
    assert data["audience"] == [{"@type": "Audience", "audienceType": "Trainers"}]


def test_winter_dates_carry_the_gmt_offset(client, make_event):
    event = make_event(
        "Winter", start=datetime(2030, 1, 15, 10, 0), end=datetime(2030, 1, 15, 12, 0)
    )
    data = jsonld(client, event)
    assert (data["startDate"], data["endDate"]) == (
        "2030-01-15T10:00:00+00:00",
        "2030-01-15T12:00:00+00:00",
    )


def test_all_day_event_has_dates(client, make_event):
    start, end = all_day_bounds(date(2030, 3, 6), date(2030, 3, 7))
    event = make_event("Network", start=start, end=end, all_day=True)
    data = jsonld(client, event)
    assert (data["startDate"], data["endDate"]) == ("2030-03-06", "2030-03-07")


def test_online_event_is_a_virtual_location(client, make_event):
    event = make_event("Webinar", format=Format.ONLINE)
    data = jsonld(client, event)
    assert data["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": data["url"]}
    assert data["offers"]["price"] == "0"


def test_blended_event_has_both_locations(client, make_event):
    event = make_event("Hybrid", format=Format.BLENDED, venue_name="Manchester Hall")
    data = jsonld(client, event)
    assert data["eventAttendanceMode"] == SCHEMA + "MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]


@pytest.mark.parametrize(
    ("status", "event_status", "availability"),
    [
        (Status.SCHEDULED, "EventScheduled", "InStock"),
        (Status.FULL, "EventScheduled", "SoldOut"),
        (Status.POSTPONED, "EventPostponed", "InStock"),
        (Status.CANCELLED, "EventCancelled", "Discontinued"),
    ],
)
def test_status_and_availability(client, make_event, status, event_status, availability):
    data = jsonld(client, make_event("Workshop", status=status))
    assert data["eventStatus"] == SCHEMA + event_status
    assert data["offers"]["availability"] == SCHEMA + availability


def test_external_booking_link_is_the_offer_url(client, make_event):
    event = make_event(
        "Leadership", booking=Booking.EXTERNAL, booking_url="https://tickets.example.org/x"
    )
    assert jsonld(client, event)["offers"]["url"] == "https://tickets.example.org/x"


def test_values_cannot_close_the_script_element(client, make_event):
    hostile = "</script><script>alert(1)</script> & <!--"
    event = make_event("Workshop", intro=hostile, venue_name=hostile)
    html = client.get(event.url).content.decode()
    assert "</script><script>alert(1)" not in html
    data = jsonld(client, event)
    assert data["description"] == hostile
    assert data["location"]["name"] == hostile


@pytest.mark.parametrize(
    ("price", "amount"),
    [
        ("", "0"),
        ("£40", "40"),
        ("£1,250 per person", "1250"),
        ("£7.50", "7.50"),
        ("Donation", None),
    ],
)
def test_price_amount(price, amount):
    assert price_amount(price) == amount
