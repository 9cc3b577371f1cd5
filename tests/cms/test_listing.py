"""The shared listing rules (cms.listing) on each of the four listings: a bad value in any
filter gives a 400 and its message and keeps every other filter; odd Unicode or a NUL byte
in any parameter gives a 400, never a 500; facet counts are cached, and change at once when
an item is published, unpublished or added."""

import re
from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from events.listing import EventListing
from events.models import Format, Region, Sector
from home.models import ArticleCategory
from tests.home.articles_factories import make_article, make_category, make_index
from tests.home.awards_factories import (
    Level,
    directory_fixture,  # noqa: F401 - the directory fixture
    quality_mark,
)
from tests.home.awards_factories import Region as AwardRegion
from tests.home.awards_factories import Sector as AwardSector
from tests.home.publications_factories import publication, publication_index, topic

pytestmark = pytest.mark.django_db

ODD = ["\x00", "news\x00", "\u202enews", "\U0001f4a5", "２０２４", "<script>", "x" * 5000]


@pytest.fixture
def articles(home):
    index = make_index(home)
    news = make_category("News")
    make_article(index, "Policy news", categories=[news], tags=["policy"], date=date(2024, 5, 1))
    return index


@pytest.fixture
def publications(home):
    index = publication_index(home)
    publication(index, "Motherhood", date(2024, 10, 24), topics=[topic("Mothers")])
    return index


@pytest.fixture
def events(event_index, make_event, audiences, course):
    make_event("Workshop", audiences=[audiences["NHS"]], course=course)
    return event_index


@pytest.fixture
def awards(directory):
    quality_mark("Alder NHS Trust", level=Level.SILVER, year=2024)
    return directory


# Each listing: its fixture, a valid value for every filter, and a bad one for every
# parameter (filters, page and, for events, when).
LISTINGS = {
    "articles": (
        "articles",
        {"category": "news", "tag": "policy", "year": "2024"},
        {"category": "no-such", "tag": "no-such", "year": "abc", "page": "abc"},
    ),
    "publications": (
        "publications",
        {"topic": "mothers", "year": "2024"},
        {"topic": "no-such", "year": "1066", "page": "-1"},
    ),
    "events": (
        "events",
        {
            "year": "2024",
            "audience": "nhs",
            "sector": Sector.CUSTODY,
            "format": Format.ONLINE,
            "region": Region.LONDON,
            "course": "becoming-trauma-informed",
        },
        {
            "when": "tomorrow",
            "year": "24",
            "audience": "no-such",
            "sector": "no-such",
            "format": "no-such",
            "region": "no-such",
            "course": "no-such",
            "page": "two",
        },
    ),
    "awards": (
        "awards",
        {
            "scheme": "quality-mark",
            "level": Level.SILVER,
            "year": "2024",
            "sector": AwardSector.NHS_TRUST,
            "region": AwardRegion.LONDON,
        },
        {
            "scheme": "no-such",
            "level": "platinum",
            "year": "20x4",
            "sector": "no-such",
            "region": "no-such",
            "page": "1.5",
        },
    ),
}


@pytest.mark.parametrize("kind", LISTINGS)
def test_a_bad_value_gives_400_and_its_message_and_keeps_the_other_filters(client, request, kind):
    fixture, good, bad = LISTINGS[kind]
    index = request.getfixturevalue(fixture)
    response = client.get(index.url, good)
    assert response.status_code == 200, kind
    assert set(response.context["listing"].values) == set(good)
    for name, value in bad.items():
        response = client.get(index.url, {**good, name: value})
        listing = response.context["listing"]
        assert response.status_code == 400, (kind, name)
        assert len(listing.errors) == 1, (kind, name, listing.errors)
        assert str(listing.errors[0]) in unescape(response.content.decode()), (kind, name)
        assert set(listing.values) == set(good) - {name}, (kind, name)


@pytest.mark.parametrize("kind", LISTINGS)
def test_odd_unicode_or_nul_in_any_parameter_gives_400(client, request, kind):
    fixture, good, bad = LISTINGS[kind]
    index = request.getfixturevalue(fixture)
    for name in bad:
        for value in ODD:
            response = client.get(index.url, {name: value})
            assert response.status_code == 400, (kind, name, value)
            assert response.context["listing"].values == {}


def option_label(html, value):
    """The text of the first <option> with `value`, e.g. "News (1)"."""
    return re.search(rf'<option value="{re.escape(value)}"[^>]*>([^<]+)</option>', html).group(1)


def test_article_facet_counts_change_when_one_is_published_or_unpublished(client, articles):
    assert option_label(client.get(articles.url).content.decode(), "news") == "News (1)"
    client.get(articles.url)  # from the cache
    news = ArticleCategory.objects.get(slug="news")
    article = make_article(articles, "More news", categories=[news], publish=False)
    assert option_label(client.get(articles.url).content.decode(), "news") == "News (1)"
    article.save_revision().publish()
    assert option_label(client.get(articles.url).content.decode(), "news") == "News (2)"
    article.refresh_from_db()  # publishing a revision saves another copy of the page
    article.unpublish()
    assert option_label(client.get(articles.url).content.decode(), "news") == "News (1)"


def test_publication_facet_counts_change_when_one_is_published_or_unpublished(client, publications):
    html = client.get(publications.url).content.decode()
    assert option_label(html, "mothers") == "Mothers (1)"
    client.get(publications.url)
    paper = publication(publications, "Later", date(2025, 1, 2), topics=[topic("Mothers")])
    html = client.get(publications.url).content.decode()
    assert option_label(html, "mothers") == "Mothers (2)"
    assert option_label(html, "2025") == "2025 (1)"
    paper.unpublish()
    html = client.get(publications.url).content.decode()
    assert option_label(html, "mothers") == "Mothers (1)"
    assert 'value="2025"' not in html


def test_event_facet_counts_change_when_one_is_published_or_unpublished(
    client, events, make_event, audiences
):
    assert option_label(client.get(events.url).content.decode(), "nhs") == "NHS (1)"
    client.get(events.url)
    event = make_event("Another workshop", audiences=[audiences["NHS"]])
    assert option_label(client.get(events.url).content.decode(), "nhs") == "NHS (2)"
    event.unpublish()
    assert option_label(client.get(events.url).content.decode(), "nhs") == "NHS (1)"


def test_award_facet_counts_change_when_one_is_added_or_removed(client, awards):
    html = client.get(awards.url).content.decode()
    assert option_label(html, Level.SILVER).endswith("(1)")
    client.get(awards.url)
    another = quality_mark("Birch Centre", level=Level.SILVER, year=2024)
    assert option_label(client.get(awards.url).content.decode(), Level.SILVER).endswith("(2)")
    another.delete()
    assert option_label(client.get(awards.url).content.decode(), Level.SILVER).endswith("(1)")


def test_facets_are_counted_once_then_read_from_the_cache(events):
    def listing(params=""):
        return EventListing(events.specific.events(), QueryDict(params), cache_scope="test")

    first = listing().facets()
    with CaptureQueriesContext(connection) as captured:
        again = listing().facets()
    assert again == first
    assert len(captured) == 0
    # Other filter values are another entry.
    with CaptureQueriesContext(connection) as captured:
        listing("region=london").facets()
    assert len(captured) > 0


def test_facets_without_a_cache_scope_are_counted_each_time(events):
    listing = EventListing(events.specific.events(), QueryDict(""))
    listing.facets()
    with CaptureQueriesContext(connection) as captured:
        listing.facets()
    assert len(captured) > 0
