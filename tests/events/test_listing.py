"""The event listing: upcoming and past, filters that combine and stay in the URL, pages,
counts, bad values and private cohorts."""

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import html5lib
import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from events.listing import PER_PAGE
from events.models import (
    CoursePage,
    EventIndexPage,
    EventPage,
    Format,
    Region,
    Sector,
    Status,
)
from events.models.events import LONDON

pytestmark = pytest.mark.django_db


def parse(response):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(response.content.decode())


def text_of(element):
    return " ".join(" ".join(element.itertext()).split())


def titles(response):
    assert response.status_code == 200, response.content.decode()[:500]
    tree = parse(response)
    results = tree.find(".//ol[@class='event-list']")
    return [] if results is None else [text_of(h) for h in results.iter("h3")]


def count_heading(response):
    return text_of(parse(response).find(".//h2[@id='event-results-heading']"))


@pytest.fixture
def programme(make_event, audiences, course, course_index):
    """Past and upcoming events across years, audiences, sectors, formats, regions, courses."""
    other = CoursePage(title="Leading trauma-informed services", slug="leading")
    course_index.add_child(instance=other)
    other.save_revision().publish()
    prison, nhs = audiences["Prison staff"], audiences["NHS"]
    make_event(
        "London national day 2015",
        start=datetime(2015, 9, 10, 10, 0),
        audiences=[audiences["Leaders and policymakers"]],
        sector=Sector.POLICY,
        region=Region.LONDON,
    )
    make_event(
        "Prison workshop 2016",
        start=datetime(2016, 3, 2, 10, 0),
        audiences=[prison],
        sector=Sector.CUSTODY,
        region=Region.MIDLANDS,
        course=course,
    )
    make_event(
        "Follow-up day 2016",
        start=datetime(2016, 11, 2, 10, 0),
        audiences=[prison],
        sector=Sector.CUSTODY,
        region=Region.MIDLANDS,
        course=course,
    )
    make_event(
        "Online headlines 2031",
        start=datetime(2031, 1, 20, 14, 0),
        audiences=[nhs, prison],
        sector=Sector.HEALTH,
        format=Format.ONLINE,
        region=Region.NATIONAL,
        course=course,
    )
    make_event(
        "Leadership programme 2030",
        start=datetime(2030, 2, 5, 9, 30),
        audiences=[audiences["Leaders and policymakers"]],
        sector=Sector.POLICY,
        region=Region.LONDON,
        course=other,
    )
    make_event(
        "Network event 2030",
        start=datetime(2030, 3, 6, 10, 0),
        audiences=[nhs, audiences["Women's centres"]],
        sector=Sector.COMMUNITY,
        format=Format.BLENDED,
        region=Region.NORTH_WEST,
        status=Status.FULL,
    )
    return {"course": course, "other": other}


def test_upcoming_are_soonest_first(client, event_index, programme):
    assert titles(client.get(event_index.url)) == [
        "Leadership programme 2030",
        "Network event 2030",
        "Online headlines 2031",
    ]


def test_past_are_newest_first(client, event_index, programme):
    assert titles(client.get(event_index.url, {"when": "past"})) == [
        "Follow-up day 2016",
        "Prison workshop 2016",
        "London national day 2015",
    ]


def test_an_event_still_running_is_upcoming(client, event_index, make_event):
    now = timezone.now()
    make_event("Under way", start=now - timedelta(hours=2), end=now + timedelta(hours=2))
    assert titles(client.get(event_index.url)) == ["Under way"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": "2016"}, ["Follow-up day 2016", "Prison workshop 2016"]),
        ({"audience": "prison-staff"}, ["Follow-up day 2016", "Prison workshop 2016"]),
        ({"sector": "policy"}, ["London national day 2015"]),
        ({"region": "midlands"}, ["Follow-up day 2016", "Prison workshop 2016"]),
        (
            {"format": "in_person"},
            ["Follow-up day 2016", "Prison workshop 2016", "London national day 2015"],
        ),
        ({"course": "becoming-trauma-informed"}, ["Follow-up day 2016", "Prison workshop 2016"]),
    ],
)
def test_each_filter_alone_on_past_events(client, event_index, programme, params, expected):
    assert titles(client.get(event_index.url, {"when": "past", **params})) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": "2030"}, ["Leadership programme 2030", "Network event 2030"]),
        ({"audience": "nhs"}, ["Network event 2030", "Online headlines 2031"]),
        ({"sector": "health"}, ["Online headlines 2031"]),
        ({"format": "online"}, ["Online headlines 2031"]),
        ({"format": "blended"}, ["Network event 2030"]),
        ({"region": "london"}, ["Leadership programme 2030"]),
        ({"course": "leading"}, ["Leadership programme 2030"]),
    ],
)
def test_each_filter_alone_on_upcoming_events(client, event_index, programme, params, expected):
    assert titles(client.get(event_index.url, params)) == expected


def test_course_filter_takes_the_course_id(client, event_index, programme):
    course = programme["course"]
    assert titles(client.get(event_index.url, {"course": str(course.pk)})) == [
        "Online headlines 2031"
    ]


def test_filters_combine(client, event_index, programme):
    both = {"audience": "nhs", "year": "2030"}
    assert titles(client.get(event_index.url, both)) == ["Network event 2030"]
    none = {"audience": "nhs", "region": "london"}
    response = client.get(event_index.url, none)
    assert titles(response) == []
    assert "No events match these filters" in response.content.decode()
    past = {"when": "past", "audience": "prison-staff", "year": "2016", "region": "midlands"}
    assert titles(client.get(event_index.url, past)) == [
        "Follow-up day 2016",
        "Prison workshop 2016",
    ]


def test_result_count_and_tab_counts_follow_the_filters(client, event_index, programme):
    response = client.get(event_index.url, {"audience": "prison-staff"})
    assert count_heading(response) == "1 upcoming event"
    tree = parse(response)
    tabs = [text_of(a) for a in tree.find(".//nav[@class='event-tabs']").iter("a")]
    assert tabs == ["Upcoming events (1)", "Past events (2)"]
    assert count_heading(client.get(event_index.url)) == "3 upcoming events"


def test_filter_options_carry_counts_and_the_choice_stays_selected(client, event_index, programme):
    tree = parse(client.get(event_index.url, {"audience": "nhs"}))
    audience = tree.find(".//select[@name='audience']")
    options = {o.get("value"): (text_of(o), o.get("selected") is not None) for o in audience}
    assert options["nhs"] == ("NHS (2)", True)
    assert options["prison-staff"] == ("Prison staff (1)", False)
    # Other filters count with the audience applied.
    year = tree.find(".//select[@name='year']")
    assert {o.get("value"): text_of(o) for o in year if o.get("value")} == {
        "2030": "2030 (1)",
        "2031": "2031 (1)",
    }


def test_tab_links_and_remove_links_keep_the_other_filters(client, event_index, programme):
    tree = parse(client.get(event_index.url, {"audience": "nhs", "sector": "health"}))
    tabs = {text_of(a): a.get("href") for a in tree.find(".//nav[@class='event-tabs']").iter("a")}
    past = parse_qs(urlsplit(tabs["Past events (0)"]).query)
    assert past == {"when": ["past"], "audience": ["nhs"], "sector": ["health"]}
    removes = [
        parse_qs(urlsplit(a.get("href")).query)
        for a in tree.find(".//ul[@class='event-active-filters']").iter("a")
    ]
    assert removes == [{"sector": ["health"]}, {"audience": ["nhs"]}, {}]


def test_pagination_links_keep_the_filters(client, event_index, make_event, audiences):
    for n in range(PER_PAGE + 5):
        make_event(
            f"Workshop {n:02d}",
            start=datetime(2031, 1, 1 + n % 28, 10, 0),
            audiences=[audiences["NHS"]],
        )
    make_event("Not for NHS", start=datetime(2031, 1, 1, 9, 0))
    first = client.get(event_index.url, {"audience": "nhs"})
    assert len(titles(first)) == PER_PAGE
    assert count_heading(first) == f"{PER_PAGE + 5} upcoming events"
    next_link = parse(first).find(".//a[@rel='next']").get("href")
    assert parse_qs(urlsplit(next_link).query) == {"audience": ["nhs"], "page": ["2"]}
    second = client.get(next_link)
    assert len(titles(second)) == 5
    assert "Not for NHS" not in titles(second)
    previous = parse(second).find(".//a[@rel='prev']").get("href")
    assert parse_qs(urlsplit(previous).query) == {"audience": ["nhs"]}


def test_a_page_past_the_last_shows_the_last_page(client, event_index, programme):
    assert titles(client.get(event_index.url, {"page": "999"})) == [
        "Leadership programme 2030",
        "Network event 2030",
        "Online headlines 2031",
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "20300"},
        {"year": "٢٠٣٠"},  # Arabic-Indic digits: int() would take them; the filter does not
        {"year": "-1"},
        {"audience": "no-such-audience"},
        {"audience": "nhs\x00"},
        {"audience": "💥' OR 1=1 --"},
        {"sector": "space"},
        {"format": "ONLINE"},
        {"region": "atlantis"},
        {"course": "99999"},
        {"course": "nope/../x"},
        {"when": "tomorrow"},
        {"page": "abc"},
        {"page": "1e9"},
    ],
)
def test_bad_values_answer_400_with_a_message(client, event_index, programme, params):
    response = client.get(event_index.url, params)
    assert response.status_code == 400
    tree = parse(response)
    alert = tree.find(".//div[@role='alert']")
    assert alert is not None and alert.find(".//li") is not None
    # The listing is still there, without the bad filter.
    assert tree.find(".//ol[@class='event-list']") is not None


def test_a_bad_value_is_not_echoed_into_links(client, event_index, programme):
    response = client.get(event_index.url, {"audience": "<script>x</script>", "sector": "health"})
    assert response.status_code == 400
    assert "<script>x" not in response.content.decode()
    assert "%3Cscript" not in response.content.decode()


def test_repeated_parameters_use_one_value(client, event_index, programme):
    response = client.get(f"{event_index.url}?year=2031&year=2030")
    assert titles(response) == ["Leadership programme 2030", "Network event 2030"]


def test_private_cohort_and_unpublished_events_are_never_listed(client, event_index, make_event):
    make_event("Open workshop", start=datetime(2030, 5, 1, 10, 0), sector=Sector.CUSTODY)
    cohort = make_event(
        "HMP Styal cohort", start=datetime(2030, 5, 2, 10, 0), sector=Sector.CUSTODY
    )
    PageViewRestriction.objects.create(page=cohort, restriction_type="login")
    draft = make_event("Draft workshop", start=datetime(2030, 5, 3, 10, 0), sector=Sector.CUSTODY)
    draft.unpublish()
    for params in ({}, {"sector": "custody"}, {"year": "2030"}):
        response = client.get(event_index.url, params)
        assert titles(response) == ["Open workshop"]
        html = response.content.decode()
        assert "HMP Styal" not in html and "Draft workshop" not in html
        assert "(1)" in text_of(parse(response).find(".//select[@name='sector']"))


def test_events_under_another_index_are_not_listed(client, event_index, make_event, home):
    make_event("Ours", start=datetime(2030, 5, 1, 10, 0))
    other = EventIndexPage(title="Archive", slug="archive")
    home.add_child(instance=other)
    other.save_revision().publish()
    theirs = EventPage(
        title="Theirs",
        slug="theirs",
        start=datetime(2030, 5, 1, 10, 0, tzinfo=LONDON),
        end=datetime(2030, 5, 1, 12, 0, tzinfo=LONDON),
    )
    other.add_child(instance=theirs)
    theirs.save_revision().publish()
    assert titles(client.get(event_index.url)) == ["Ours"]


def test_listing_links_to_the_feed_for_its_filters(client, event_index, programme):
    tree = parse(client.get(event_index.url, {"audience": "nhs", "when": "past", "page": "1"}))
    feed = tree.find(".//p[@class='event-feed-link']/a").get("href")
    assert urlsplit(feed).path == "/events/calendar.ics"
    assert parse_qs(urlsplit(feed).query) == {"audience": ["nhs"]}
    alternate = tree.find(".//link[@type='text/calendar']").get("href")
    assert alternate == feed
