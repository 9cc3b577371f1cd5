"""The article listing: filters by category, tag and year with counts, newest first, ten a
page with the filters kept; bad values give a 400 with the listing unfiltered; the number
of queries does not grow with the number of articles."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.home.articles_factories import make_article, make_category, make_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home):
    return make_index(home)


@pytest.fixture
def categories(db):
    return {"news": make_category("News"), "blog": make_category("Blog", is_blog=True)}


@pytest.fixture
def sample(index, categories):
    """Three news items (2024, 2024, 2025) and two blog posts (2024)."""
    news, blog = categories["news"], categories["blog"]
    return {
        "government": make_article(
            index, "A new government", categories=[news], tags=["policy"], date=date(2024, 7, 25)
        ),
        "units": make_article(
            index, "Three prison units", categories=[news], tags=["prisons"], date=date(2024, 9, 16)
        ),
        "programme": make_article(
            index, "Leadership applications", categories=[news], date=date(2025, 1, 20)
        ),
        "room": make_article(
            index,
            "Lived experience in the room",
            categories=[blog],
            tags=["policy"],
            date=date(2024, 3, 18),
        ),
        "heard": make_article(index, "Feeling heard", categories=[blog], date=date(2024, 6, 24)),
    }


def titles(response):
    return [article.title for article in response.context["articles"]]


def facet(response, name):
    found = next(f for f in response.context["facets"] if f.name == name)
    return {option.value: option.count for option in found.options}


def test_lists_every_article_newest_first_with_counts(client, index, sample):
    response = client.get(index.url)
    assert response.status_code == 200
    assert titles(response) == [
        "Leadership applications",
        "Three prison units",
        "A new government",
        "Feeling heard",
        "Lived experience in the room",
    ]
    assert facet(response, "category") == {"blog": 2, "news": 3}
    assert facet(response, "year") == {"2025": 1, "2024": 4}
    assert facet(response, "tag") == {"policy": 2, "prisons": 1}
    html = response.content.decode()
    assert "5 articles" in html
    assert "News (3)" in html and "2024 (4)" in html


def test_filters_by_category(client, index, sample):
    response = client.get(index.url, {"category": "blog"})
    assert response.status_code == 200
    assert titles(response) == ["Feeling heard", "Lived experience in the room"]
    # The counts of the other filters follow the category; the category's own do not.
    assert facet(response, "year") == {"2024": 2}
    assert facet(response, "category") == {"blog": 2, "news": 3}


def test_filters_by_tag_and_year_together(client, index, sample):
    response = client.get(index.url, {"tag": "policy", "year": "2024"})
    assert titles(response) == ["A new government", "Lived experience in the room"]
    response = client.get(index.url, {"tag": "prisons", "category": "blog"})
    assert titles(response) == []
    assert "No articles match these filters" in response.content.decode()


def test_filters_in_use_are_shown_as_removable(client, index, sample):
    html = client.get(index.url, {"category": "news", "year": "2024"}).content.decode()
    assert "Remove filter Category: News" in html
    assert f'href="{index.url}?year=2024"' in html  # removing the category keeps the year
    assert f'href="{index.url}?category=news"' in html
    assert "Clear all filters" in html


def test_category_filter_adds_its_feeds_to_the_head(client, index, sample):
    html = client.get(index.url, {"category": "blog"}).content.decode()
    head = html.split("</head>", 1)[0]
    assert f'href="{index.url}category/blog/feed/rss/"' in head
    assert f'href="{index.url}category/blog/feed/atom/"' in head


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"category": "unknown"}, "There is no category with that name"),
        ({"category": "blog\x00"}, "There is no category with that name"),
        ({"category": "n\u200bews"}, "There is no category with that name"),
        ({"category": "😀" * 3}, "There is no category with that name"),
        ({"category": "x" * 500}, "There is no category with that name"),
        ({"tag": "nothing-like-it"}, "There is no tag with that name"),
        ({"tag": "<script>"}, "There is no tag with that name"),
        ({"year": "abc"}, "The year should be four digits"),
        ({"year": "٢٠٢٤"}, "The year should be four digits"),
        ({"year": "1066"}, "The year should be four digits"),
        ({"year": "2024\x00"}, "The year should be four digits"),
        ({"page": "two"}, "The page number should be a whole number"),
    ],
)
def test_bad_filter_values_give_400_with_a_message_and_the_listing(
    client, index, sample, params, message
):
    response = client.get(index.url, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert len(titles(response)) == 5  # the listing without that filter
    assert "<script>" not in html.split("</head>", 1)[1].split("<footer", 1)[0]


def test_a_bad_filter_beside_a_good_one_keeps_the_good_one(client, index, sample):
    response = client.get(index.url, {"category": "blog", "year": "abc"})
    assert response.status_code == 400
    assert titles(response) == ["Feeling heard", "Lived experience in the room"]


def test_paginates_ten_a_page_keeping_filters(client, index, categories):
    for day in range(1, 24):
        make_article(
            index,
            f"News {day:02}",
            categories=[categories["news"]],
            date=date(2024, 5, day),
            image=None,
        )
    make_article(index, "A blog post", categories=[categories["blog"]], image=None)
    first = client.get(index.url, {"category": "news"})
    assert titles(first)[0] == "News 23" and len(titles(first)) == 10
    html = first.content.decode()
    assert f'href="{index.url}?category=news&amp;page=2" rel="next"' in html
    assert 'aria-current="page"' in html
    third = client.get(index.url, {"category": "news", "page": "3"})
    assert titles(third) == ["News 03", "News 02", "News 01"]
    assert f'href="{index.url}?category=news&amp;page=2" rel="prev"' in third.content.decode()
    # Past the end: the last page; zero: the first. Never an error.
    assert titles(client.get(index.url, {"category": "news", "page": "99"})) == titles(third)
    assert client.get(index.url, {"page": "0"}).status_code == 200


def test_draft_and_private_articles_are_not_listed(client, index, categories):
    make_article(index, "Published")
    make_article(index, "A draft", publish=False)
    private = make_article(index, "Private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert titles(client.get(index.url)) == ["Published"]


def test_the_welsh_index_lists_only_welsh_articles(client, index, welsh_home, categories):
    make_article(index, "English article", categories=[categories["news"]])
    welsh_index = index.copy_for_translation(welsh_home.locale)
    welsh_index.save_revision().publish()
    make_article(welsh_index, "Erthygl Gymraeg", categories=[categories["news"]])
    response = client.get(welsh_index.url, {"category": "news"})
    assert response.status_code == 200
    assert titles(response) == ["Erthygl Gymraeg"]


# --- query counts ---------------------------------------------------------------------


def add_articles(index, categories, count, offset):
    for n in range(offset, offset + count):
        make_article(
            index,
            f"Article {n}",
            categories=[categories["news"] if n % 2 else categories["blog"]],
            tags=["policy", "prisons"] if n % 3 else ["policy"],
            date=date(2024 if n % 2 else 2025, 1 + n % 12, 1 + n % 28),
        )


def queries_for(client, url, params=None):
    # Renditions are made on the first view; the cached menus, settings and route on the
    # first two (the first creates the settings row, and what is read while a table
    # changes is not kept).
    client.get(url, params or {})
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    assert "Article" in response.content.decode()
    return len(captured)


VIEWS = [
    ("listing", "", {}),
    ("filtered", "", {"category": "news", "tag": "policy", "year": "2024"}),
    ("second page", "", {"page": "2"}),
    ("rss", "feed/rss/", {}),
    ("atom", "feed/atom/", {}),
    ("category rss", "category/blog/feed/rss/", {}),
]


def test_query_count_is_flat_from_10_to_200_articles(client, index, categories):
    add_articles(index, categories, 10, 0)
    few = {name: queries_for(client, index.url + path, params) for name, path, params in VIEWS}
    add_articles(index, categories, 190, 10)
    many = {name: queries_for(client, index.url + path, params) for name, path, params in VIEWS}
    assert many == few
