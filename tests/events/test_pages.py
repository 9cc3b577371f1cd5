"""Course and event pages render what people need to choose and attend."""

from datetime import date, datetime

import html5lib
import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from events.models import Booking, Format, Region, Sector, Status, all_day_bounds

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200, response.status_code
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(response.content.decode())


def text_of(element):
    return " ".join(" ".join(element.itertext()).split())


def facts(tree):
    """The event's or course's facts list as {term: description text}."""
    dl = tree.find(".//dl[@class='event-facts']")
    terms = [text_of(dt) for dt in dl.findall("dt")]
    return dict(zip(terms, [text_of(dd) for dd in dl.findall("dd")], strict=True))


@pytest.fixture
def national_day(make_event, course, audiences):
    return make_event(
        "National day for leaders",
        start=datetime(2030, 9, 12, 10, 0),
        end=datetime(2030, 9, 12, 16, 30),
        intro="A day for leaders and policymakers.",
        venue_name="Friends House",
        venue_address="173-177 Euston Road\nLondon",
        venue_postcode="NW1 2BJ",
        region=Region.LONDON,
        sector=Sector.POLICY,
        course=course,
        price="£40",
        audiences=[audiences["Leaders and policymakers"], audiences["Trainers"]],
    )


def test_event_page_shows_when_where_who_and_cost(client, national_day):
    tree = parse(client.get(national_day.url))
    assert text_of(tree.find(".//h1")) == "National day for leaders"
    shown = facts(tree)
    assert shown["When"] == "Thursday 12 September 2030, 10:00 to 16:30 (UK time)"
    assert shown["Status"] == "Scheduled"
    assert shown["Where"] == "Friends House 173-177 Euston Road London NW1 2BJ"
    assert shown["Region"] == "London"
    assert shown["Who it is for"] == "Leaders and policymakers, Trainers"
    assert shown["Sector"] == "Policy and government"
    assert shown["Cost"] == "£40"
    assert shown["Course"] == "Becoming trauma-informed"
    times = [t.get("datetime") for t in tree.findall(".//dl//time")]
    assert times == ["2030-09-12T10:00:00+01:00", "2030-09-12T16:30:00+01:00"]


def test_event_page_links_to_calendars_and_its_course(client, national_day, course):
    tree = parse(client.get(national_day.url))
    links = [a.get("href") for a in tree.iter("a")]
    assert f"/events/{national_day.pk}/event.ics" in links
    google = next(link for link in links if link.startswith("https://calendar.google.com/"))
    assert "dates=20300912T090000Z%2F20300912T153000Z" in google
    assert course.url in links


def test_an_online_free_event_says_online_and_free(client, make_event):
    event = make_event("Network call", format=Format.ONLINE, venue_name="Somewhere")
    shown = facts(parse(client.get(event.url)))
    assert shown["Where"] == "Online"
    assert shown["Cost"] == "Free"


@pytest.mark.parametrize(
    ("status", "badge", "notice"),
    [
        (Status.SCHEDULED, "Scheduled", None),
        (Status.FULL, "Fully booked", "This event is fully booked."),
        (Status.POSTPONED, "Postponed", "This event has been postponed."),
        (Status.CANCELLED, "Cancelled", "This event has been cancelled."),
    ],
)
def test_each_status_is_shown_in_words(client, make_event, status, badge, notice):
    event = make_event("Workshop", status=status)
    tree = parse(client.get(event.url))
    assert facts(tree)["Status"] == badge
    found = tree.find(".//div[@role='status']")
    if notice is None:
        assert found is None
    else:
        assert notice in text_of(found)
        # The notice comes before the heading: the first thing read out.
        article = tree.find(".//article")
        assert list(article).index(found) < list(article).index(article.find("h1"))


def test_a_status_other_than_scheduled_is_a_badge_in_the_listing(client, make_event, event_index):
    make_event("Going ahead")
    make_event("Called off", status=Status.CANCELLED)
    tree = parse(client.get(event_index.url))
    cards = {
        text_of(card.find("h3")): card.find(".//strong[@class]")
        for card in tree.iter("article")
        if card.get("class", "").startswith("event-card")
    }
    assert cards["Going ahead"] is None
    assert text_of(cards["Called off"]) == "Cancelled"


def test_all_day_single_day_event_shows_the_date_without_times(client, make_event):
    start, end = all_day_bounds(date(2030, 3, 6), date(2030, 3, 6))
    event = make_event("Trauma Informed Network", start=start, end=end, all_day=True)
    shown = facts(parse(client.get(event.url)))
    assert shown["When"] == "Wednesday 6 March 2030 (all day)"


def test_all_day_multi_day_event_shows_first_and_last_day(client, make_event):
    start, end = all_day_bounds(date(2030, 2, 4), date(2030, 2, 6))
    event = make_event("Leadership residential", start=start, end=end, all_day=True)
    shown = facts(parse(client.get(event.url)))
    assert shown["When"] == "Monday 4 February 2030 to Wednesday 6 February 2030 (all day)"


def test_multi_day_event_with_times_shows_both_ends(client, make_event):
    event = make_event(
        "Two-day course", start=datetime(2030, 10, 26, 9, 30), end=datetime(2030, 10, 27, 15, 0)
    )
    shown = facts(parse(client.get(event.url)))
    # The clocks go back on 27 October 2030: still shown in UK time.
    assert shown["When"] == (
        "Saturday 26 October 2030, 09:30 to Sunday 27 October 2030, 15:00 (UK time)"
    )


def test_follow_up_day_links_back_and_the_first_day_lists_its_follow_ups(client, make_event):
    first = make_event("Prison workshop", start=datetime(2030, 1, 10, 10, 0))
    later = make_event("Follow-up day", start=datetime(2030, 4, 10, 10, 0), follows_up=first)
    hidden = make_event("Private follow-up", start=datetime(2030, 5, 10, 10, 0), follows_up=first)
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")

    assert facts(parse(client.get(later.url)))["Follows up"] == "Prison workshop (10 January 2030)"
    tree = parse(client.get(first.url))
    section = tree.find(".//section[@class='event-follow-ups']")
    titles = [text_of(a) for a in section.iter("a")]
    assert titles == ["Follow-up day"]


def test_event_page_has_the_booking_panel(client, make_event):
    event = make_event(
        "Leadership programme", booking=Booking.EXTERNAL, booking_url="https://example.org/b"
    )
    tree = parse(client.get(event.url))
    assert tree.find(".//section[@class='event-booking']") is not None


def test_course_page_shows_what_it_is_and_its_upcoming_dates(client, course, make_event):
    course.learning_outcomes = "<ul><li>Recognise the signs of trauma</li></ul>"
    course.enquiry_email = "training@example.org"
    course.save_revision().publish()
    make_event("Past date", start=datetime(2020, 1, 1, 10, 0), course=course)
    make_event("Spring date", start=datetime(2030, 3, 1, 10, 0), course=course)
    make_event(
        "Cancelled date", start=datetime(2030, 2, 1, 10, 0), course=course, status="cancelled"
    )
    private = make_event("Cohort date", start=datetime(2030, 1, 1, 10, 0), course=course)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    tree = parse(client.get(course.url))
    shown = facts(tree)
    assert shown["Who it is for"] == "NHS, Prison staff"
    assert shown["Duration"] == "One day"
    assert shown["Cost"] == "£150 per person"
    assert shown["Delivered by"] == "One Small Thing's trainers"
    assert "Recognise the signs of trauma" in text_of(
        tree.find(".//section[@class='course-outcomes']")
    )
    dates = tree.find(".//section[@class='course-dates']")
    assert [text_of(h) for h in dates.iter("h3")] == ["Cancelled date", "Spring date"]
    booking = tree.find(".//section[@class='course-booking']")
    assert "mailto:training@example.org" in [a.get("href") for a in booking.iter("a")]


def test_a_free_course_says_free(client, course):
    course.cost = ""
    course.save_revision().publish()
    assert facts(parse(client.get(course.url)))["Cost"] == "Free"


def test_course_index_lists_its_courses(client, course_index, course):
    tree = parse(client.get(course_index.url))
    assert [text_of(h) for h in tree.iter("h2")][0] == "Becoming trauma-informed"


def test_event_page_lists_only_public_materials(client, make_event):
    Document = get_document_model()
    root = Collection.get_first_root_node()
    private = root.add_child(name="Cohort only")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    shown = Document.objects.create(title="Slides", file=ContentFile(b"%PDF-1.4", "s.pdf"))
    hidden = Document.objects.create(
        title="Cohort workbook", file=ContentFile(b"%PDF-1.4", "w.pdf"), collection=private
    )
    event = make_event("Workshop")
    event.materials.set([shown, hidden])
    event.save_revision().publish()
    tree = parse(client.get(event.url))
    section = tree.find(".//section[@class='event-materials']")
    shown_text = text_of(section)
    assert "Slides" in shown_text
    assert "Cohort workbook" not in shown_text
