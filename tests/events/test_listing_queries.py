"""The listing, its filters and the feeds ask the database as often for 200 events as for 10."""

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import EventPage, Region, Sector
from events.models.events import LONDON

pytestmark = pytest.mark.django_db


def add_events(event_index, audiences, course, count, offset):
    """`count` live events, half past and half upcoming, each with two audiences."""
    chosen = list(audiences.values())
    for n in range(offset, offset + count):
        year = 2016 if n % 2 else 2031
        start = datetime(year, 1, 1, 10, 0, tzinfo=LONDON) + timedelta(days=n)
        event = EventPage(
            title=f"Workshop {n}",
            slug=f"bulk-{n}",
            start=start,
            end=start + timedelta(hours=6),
            sector=Sector.CUSTODY if n % 3 else Sector.HEALTH,
            region=Region.LONDON if n % 4 else Region.WALES,
            course=course if n % 5 == 0 else None,
            live=True,
        )
        event_index.add_child(instance=event)
        event.audiences.set([chosen[n % len(chosen)], chosen[(n + 1) % len(chosen)]])
        event.save()


def queries_for(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    # Every view has something to show: an empty result skips the prefetch query.
    assert b"Workshop" in response.content, url
    return len(captured)


URLS = [
    ("listing", lambda index, course: (index.url, {})),
    ("past listing", lambda index, course: (index.url, {"when": "past"})),
    (
        "filtered listing",
        lambda index, course: (
            index.url,
            {
                "when": "past",
                "audience": "nhs",
                "sector": "custody",
                "region": "london",
                "course": course.slug,
            },
        ),
    ),
    ("second page", lambda index, course: (index.url, {"page": "2"})),
    ("calendar feed", lambda index, course: (reverse("events:calendar"), {})),
    ("filtered feed", lambda index, course: (reverse("events:calendar"), {"audience": "nhs"})),
    ("event page", lambda index, course: (index.get_children().first().url, {})),
    ("course page", lambda index, course: (course.url, {})),
]


def counts(client, event_index, course):
    """{view: (queries with the cache warm, queries with it empty)}: the feeds cache their
    serialised events, so both are compared."""
    found = {}
    for name, url in URLS:
        # Warm the per-process and cached values (twice: the first view creates the
        # settings row, and what is read while a table changes is not kept).
        client.get(*url(event_index, course))
        client.get(*url(event_index, course))
        warm = queries_for(client, *url(event_index, course))
        cache.clear()
        found[name] = (warm, queries_for(client, *url(event_index, course)))
    return found


def test_query_count_is_flat_from_10_to_200_events(client, event_index, audiences, course):
    add_events(event_index, audiences, course, 10, 0)
    few = counts(client, event_index, course)
    add_events(event_index, audiences, course, 190, 10)
    assert EventPage.objects.live().count() == 200
    assert counts(client, event_index, course) == few


def test_listing_query_count_is_bounded(client, event_index, audiences, course):
    add_events(event_index, audiences, course, 30, 0)
    client.get(event_index.url)
    # The page itself (site, menus, settings, breadcrumbs): about 12. The listing: view
    # restrictions, the count, the rows, their audiences, two for the tab counts and six
    # for the filter counts, one to check the audience filter.
    assert queries_for(client, event_index.url, {"audience": "nhs"}) <= 30
