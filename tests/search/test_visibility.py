"""Moving pages in and out of private sections, on every backend: anonymous search shows
exactly what the database says is public, in results, in the count and in every facet,
even while an engine holds stale copies of the moved pages."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from cms.models import SitePage, Topic
from search.models import IndexOutboxEntry
from tests.factories import StandardPageFactory

CLOSED_PORT = ["http://127.0.0.1:9"]
WORDS = ("marmosetone", "marmosettwo")


def search_html(client, word, **params):
    response = client.get("/search/", {"q": word, **params})
    assert response.status_code == 200
    return response.content.decode()


def result_count(html):
    match = re.search(r'class="result-count">(\d+) result', html)
    assert match, "no result count on the page"
    return int(match.group(1))


def facet_counts(html):
    """Every facet link's label and count, e.g. [("2016", 2), ("Standard page", 2)]."""
    return [
        (label.strip(), int(count))
        for label, count in re.findall(r'>([^<>]+) <span class="count">\((\d+)\)</span>', html)
    ]


def suggestions(client, typed):
    return client.get("/search/suggest/", {"q": typed}).json()["suggestions"]


@pytest.fixture
def topic(db):
    return Topic.objects.create(name="Marmosets", slug="marmosets")


def section_with_children(parent, topic):
    section = StandardPageFactory(parent=parent, title="Primate section", intro="A section.")
    for word in WORDS:
        StandardPageFactory(
            parent=section,
            title=f"Child {word}",
            intro=word,
            listing_date=date(2016, 4, 1),
            topic=topic,
        )
    return section


def private_parent(home):
    parent = StandardPageFactory(parent=home, title="Members area", intro="For members.")
    PageViewRestriction.objects.create(page=parent, restriction_type=PageViewRestriction.LOGIN)
    return parent


def assert_nothing_shows(client, word):
    """No result, no count and no facet for `word`, with or without filters."""
    for params in ({}, {"year": 2016}, {"type": "home.standardpage"}, {"topic": "marmosets"}):
        html = search_html(client, word, **params)
        assert result_count(html) == 0, (word, params)
        assert facet_counts(html) == [], (word, params)
        assert "Child " not in html, (word, params)
    assert suggestions(client, word[:10]) == []


def assert_found(client, word):
    html = search_html(client, word)
    assert result_count(html) == 1, word
    assert ("2016", 1) in facet_counts(html)
    assert ("Marmosets", 1) in facet_counts(html)
    assert [s["title"] for s in suggestions(client, word[:10])] == [f"Child {word}"]


def move(page, target):
    SitePage.objects.get(pk=page.pk).move(SitePage.objects.get(pk=target.pk), pos="last-child")


def test_a_section_moved_under_a_private_parent_disappears_from_search(
    client, home, topic, search_setup
):
    section = section_with_children(home, topic)
    members = private_parent(home)
    search_setup.refresh()
    for word in WORDS:
        assert_found(client, word)

    move(section, members)
    search_setup.refresh()
    for word in WORDS:
        assert_nothing_shows(client, word)


def test_a_section_moved_out_of_a_private_parent_is_found(client, home, topic, search_setup):
    members = private_parent(home)
    section = section_with_children(members, topic)
    search_setup.refresh()
    for word in WORDS:
        assert_nothing_shows(client, word)

    move(section, home)
    search_setup.refresh()
    for word in WORDS:
        assert_found(client, word)


def test_moving_a_section_reindexes_its_descendants_on_the_engine(home, topic, engine_setup):
    """The engine's own copy of each descendant's path follows the move (Wagtail rewrites
    descendants' paths in bulk, without saving them)."""
    section = section_with_children(home, topic)
    members = private_parent(home)
    engine_setup.refresh()
    move(section, members)
    engine_setup.refresh()
    under_members = SitePage.objects.filter(path__startswith=members.path)
    found = engine_setup.backend().search(WORDS[0], under_members, operator="and")
    assert [page.title for page in found] == [f"Child {WORDS[0]}"]


def test_moving_while_the_engine_is_down_keeps_every_descendant_in_the_outbox(
    home, topic, engine_setup
):
    section = section_with_children(home, topic)
    members = private_parent(home)
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    engine_setup.point_default_at(CLOSED_PORT)
    move(section, members)
    kept = set(IndexOutboxEntry.objects.values_list("object_pk", flat=True))
    moved = SitePage.objects.get(pk=section.pk)
    descendants = {str(pk) for pk in moved.get_descendants().values_list("pk", flat=True)}
    assert len(descendants) == 2
    assert descendants <= kept

    engine_setup.point_default_at(urls)
    call_command("search_outbox", "replay", stdout=StringIO())
    engine_setup.refresh()
    under_members = SitePage.objects.filter(path__startswith=members.path)
    found = engine_setup.backend().search(WORDS[1], under_members, operator="and")
    assert [page.title for page in found] == [f"Child {WORDS[1]}"]


@pytest.mark.parametrize("outbox", ["cleared", "not yet replayed"])
def test_counts_and_facets_follow_the_database_while_the_engine_is_stale(
    client, home, topic, engine_setup, outbox
):
    """The engine keeps the old, public paths of a section moved under a private parent
    while it was unreachable; search must still count and facet nothing of it."""
    section = section_with_children(home, topic)
    members = private_parent(home)
    engine_setup.refresh()
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    engine_setup.point_default_at(CLOSED_PORT)
    move(section, members)
    if outbox == "cleared":
        IndexOutboxEntry.objects.all().delete()
    engine_setup.point_default_at(urls)
    engine_setup.refresh()

    # The engine's copy is stale: by its paths the children are still outside the section.
    stale = engine_setup.backend().search(
        WORDS[0], SitePage.objects.filter(path__startswith=members.path), operator="and"
    )
    assert list(stale) == []
    for word in WORDS:
        assert_nothing_shows(client, word)


def test_a_page_moved_out_of_a_private_section_while_the_engine_was_down_is_found(
    client, home, topic, engine_setup
):
    members = private_parent(home)
    section = section_with_children(members, topic)
    engine_setup.refresh()
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    engine_setup.point_default_at(CLOSED_PORT)
    move(section, home)
    IndexOutboxEntry.objects.all().delete()
    engine_setup.point_default_at(urls)
    engine_setup.refresh()
    for word in WORDS:
        assert_found(client, word)


def test_when_hidden_rows_are_many_the_engine_is_told_the_public_ones(
    client, home, welsh_home, topic, search_setup, monkeypatch
):
    """Past MAX_HIDDEN_PKS non-public rows (a second language, say) the engine query keeps
    to the public rows instead: the same answers, stale copies or not."""
    monkeypatch.setattr("search.sources.MAX_HIDDEN_PKS", 0)
    StandardPageFactory(parent=welsh_home, title="Child marmosetcymraeg", intro="marmosetcymraeg")
    section = section_with_children(home, topic)
    members = private_parent(home)
    search_setup.refresh()
    assert_found(client, WORDS[0])
    assert_nothing_shows(client, "marmosetcymraeg")

    move(section, members)
    search_setup.refresh()
    for word in WORDS:
        assert_nothing_shows(client, word)
