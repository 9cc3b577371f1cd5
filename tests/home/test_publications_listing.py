"""The publication index: newest first, ten a page, filters by topic and year with counts,
filters kept in links, and a 400 with a message for a value that makes no sense."""

import re
from datetime import date

import pytest

from tests.home.publications_factories import publication, publication_index, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home):
    return publication_index(home)


@pytest.fixture
def catalogue(index):
    """Three 2024 publications on two topics and one from 2023."""
    mothers, community = topic("Mothers and children"), topic("Community solutions")
    publication(index, "The case for change", date(2024, 4, 18), topics=[community])
    publication(index, "What works", date(2024, 7, 11), topics=[community])
    publication(index, "Motherhood", date(2024, 10, 24), topics=[mothers, community])
    publication(index, "Earlier findings", date(2023, 5, 1), topics=[mothers])
    return index


def titles(html):
    return re.findall(r'class="publication-card__title"><a href="[^"]*">([^<]+)</a>', html)


def options(html, name):
    select = re.search(rf'<select id="publication-filter-{name}".*?</select>', html, re.S).group()
    return re.findall(r'<option value="([^"]+)"( selected)?>([^<]+)</option>', select)


def test_newest_first_with_counts(client, catalogue):
    response = client.get(catalogue.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert titles(html) == ["Motherhood", "What works", "The case for change", "Earlier findings"]
    assert "4 publications" in html
    assert options(html, "topic") == [
        ("community-solutions", "", "Community solutions (3)"),
        ("mothers-and-children", "", "Mothers and children (2)"),
    ]
    assert options(html, "year") == [("2024", "", "2024 (3)"), ("2023", "", "2023 (1)")]


def test_filter_by_topic_counts_years_within_it(client, catalogue):
    html = client.get(catalogue.url, {"topic": "mothers-and-children"}).content.decode()
    assert titles(html) == ["Motherhood", "Earlier findings"]
    assert options(html, "year") == [("2024", "", "2024 (1)"), ("2023", "", "2023 (1)")]
    assert ("mothers-and-children", " selected", "Mothers and children (2)") in options(
        html, "topic"
    )
    assert "Remove filter Topic: Mothers and children" in html


def test_filters_combine(client, catalogue):
    html = client.get(
        catalogue.url, {"topic": "community-solutions", "year": "2024"}
    ).content.decode()
    assert titles(html) == ["Motherhood", "What works", "The case for change"]
    assert ("2023", "", "2023 (0)") not in options(html, "year")


def test_a_filter_that_matches_nothing_stays_selected(client, catalogue):
    html = client.get(
        catalogue.url, {"topic": "community-solutions", "year": "2023"}
    ).content.decode()
    assert titles(html) == []
    assert "No publications match these filters." in html
    assert ("2023", " selected", "2023 (0)") in options(html, "year")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"topic": "no-such-topic"}, "There is no topic with that name"),
        ({"topic": "mothers\x00"}, "There is no topic with that name"),
        ({"topic": "<script>"}, "There is no topic with that name"),
        ({"topic": "мамы"}, "There is no topic with that name"),
        ({"topic": "\u202emothers"}, "There is no topic with that name"),
        ({"topic": "x" * 5000}, "There is no topic with that name"),
        ({"year": "abc"}, "The year should be four digits"),
        ({"year": "٢٠٢٤"}, "The year should be four digits"),
        ({"year": "2024\x00"}, "The year should be four digits"),
        ({"year": "99999999999999999999"}, "The year should be four digits"),
        ({"page": "abc"}, "The page number should be a whole number"),
        ({"page": "\U0001f600"}, "The page number should be a whole number"),
    ],
)
def test_a_bad_value_gives_400_with_a_message_and_the_unfiltered_listing(
    client, catalogue, params, message
):
    response = client.get(catalogue.url, params)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'role="alert"' in html
    assert len(titles(html)) == 4


def test_a_bad_value_keeps_the_good_ones(client, catalogue):
    response = client.get(catalogue.url, {"topic": "mothers-and-children", "year": "abc"})
    assert response.status_code == 400
    assert titles(response.content.decode()) == ["Motherhood", "Earlier findings"]


def test_ten_a_page_with_filters_kept_in_the_links(client, index):
    community = topic("Community solutions")
    for day in range(1, 24):
        publication(index, f"Paper {day:02}", date(2024, 1, day), topics=[community])
    publication(index, "Other topic", date(2024, 2, 1))
    first = client.get(index.url, {"topic": "community-solutions"}).content.decode()
    assert titles(first) == [f"Paper {day:02}" for day in range(23, 13, -1)]
    assert "Page 1 of 3" in first
    assert 'href="/research/?topic=community-solutions&amp;page=2" rel="next"' in first
    second = client.get(index.url, {"topic": "community-solutions", "page": "2"}).content.decode()
    assert titles(second)[0] == "Paper 13"
    assert 'href="/research/?topic=community-solutions" rel="prev"' in second
    assert 'href="/research/?topic=community-solutions&amp;page=3" rel="next"' in second


def test_the_second_page_links_back_to_the_first_without_filters(client, index):
    for day in range(1, 12):
        publication(index, f"Paper {day:02}", date(2024, 1, day))
    html = client.get(index.url, {"page": "2"}).content.decode()
    assert 'href="/research/" rel="prev"' in html


def test_a_page_past_the_last_shows_the_last(client, index):
    for day in range(1, 12):
        publication(index, f"Paper {day:02}", date(2024, 1, day))
    response = client.get(index.url, {"page": "99"})
    assert response.status_code == 200
    assert titles(response.content.decode()) == ["Paper 01"]


def test_drafts_are_not_listed(client, catalogue):
    draft = publication(catalogue, "Unpublished draft", date(2024, 12, 1))
    draft.unpublish()
    html = client.get(catalogue.url).content.decode()
    assert "Unpublished draft" not in html
    assert "4 publications" in html


def test_an_empty_index(client, index):
    html = client.get(index.url).content.decode()
    assert "There are no publications yet." in html
