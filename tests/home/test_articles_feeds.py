"""RSS 2.0 and Atom feeds of the article index, whole and per category, read back with
feedparser: valid whatever the titles hold, newest first, limited, with stable ids."""

from datetime import date

import feedparser
import pytest

from home.articles_feeds import FEED_ITEMS
from tests.home.articles_factories import make_article, make_author, make_category, make_index

pytestmark = pytest.mark.django_db

FEEDS = {"rss": "feed/rss/", "atom": "feed/atom/"}


@pytest.fixture
def index(home):
    return make_index(home)


@pytest.fixture
def categories(db):
    return {"news": make_category("News"), "blog": make_category("Blog", is_blog=True)}


@pytest.fixture
def sample(index, categories):
    author = make_author()
    return [
        make_article(
            index,
            "A new government & a board",
            categories=[categories["news"]],
            author=author,
            date=date(2024, 7, 25),
            summary="Women are on the agenda <at last>.",
        ),
        make_article(
            index,
            "Why lived experience belongs in the room",
            categories=[categories["blog"]],
            date=date(2024, 3, 18),
            image=None,
        ),
        make_article(
            index, "Leadership applications", categories=[categories["news"]], date=date(2025, 1, 6)
        ),
    ]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize("kind", FEEDS)
def test_whole_index_feed_lists_every_article_newest_first(client, index, sample, kind):
    response, feed = parse(client, index.url + FEEDS[kind])
    assert response["Content-Type"].startswith(
        "application/rss+xml" if kind == "rss" else "application/atom+xml"
    )
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    assert [entry.title for entry in feed.entries] == [
        "Leadership applications",
        "A new government & a board",
        "Why lived experience belongs in the room",
    ]
    first, second = feed.entries[0], feed.entries[1]
    assert first.link == sample[2].full_url
    assert first.published_parsed[:3] == (2025, 1, 6)
    assert second.author == "Morgan Example"
    assert [tag.term for tag in second.tags] == ["News"]
    assert second.summary == "Women are on the agenda &lt;at last&gt;."
    assert second.id.startswith("urn:uuid:")
    assert feed.feed.title == "News and blog | One Small Thing"
    assert feed.feed.link == index.full_url


@pytest.mark.parametrize("kind", FEEDS)
def test_category_feed_holds_only_that_category(client, index, sample, kind):
    _, feed = parse(client, f"{index.url}category/blog/{FEEDS[kind]}")
    assert [entry.title for entry in feed.entries] == ["Why lived experience belongs in the room"]
    assert feed.entries[0].link == sample[1].full_url
    assert feed.entries[0].published_parsed[:3] == (2024, 3, 18)
    assert feed.feed.title == "News and blog: Blog | One Small Thing"


@pytest.mark.parametrize("slug", ["unknown", "blog%00", "%F0%9F%98%80", "x" * 300])
def test_unknown_category_feed_is_404(client, index, sample, slug):
    assert client.get(f"{index.url}category/{slug}/feed/rss/").status_code == 404
    assert client.get(f"{index.url}category/{slug}/feed/atom/").status_code == 404


def test_ids_stay_the_same_when_an_article_is_edited_and_moved(client, index, sample):
    _, before = parse(client, index.url + "feed/rss/")
    article = sample[0]
    article.title = "Renamed"
    article.slug = "renamed"
    article.save_revision().publish()
    _, after = parse(client, index.url + "feed/rss/")
    assert {e.id for e in before.entries} == {e.id for e in after.entries}
    assert len({e.id for e in after.entries}) == 3


@pytest.mark.parametrize("kind", FEEDS)
def test_feeds_stay_valid_with_markup_emoji_rtl_and_control_characters(client, index, kind):
    # Control characters XML 1.0 forbids (NUL never reaches the database: Django's forms
    # refuse it, and PostgreSQL cannot store it).
    title = "Fish & chips <b>bold</b> 😀 مرحبا \x01\x0b bell\x07 end"
    author = make_author(name="Ann & <Co> \x1f")
    make_article(
        index,
        title,
        author=author,
        categories=[make_category("Odd & <odd> \x02", slug="odd")],
        summary="A < B & C \x0c 😀 שלום",
        image=None,
    )
    _, feed = parse(client, index.url + FEEDS[kind])
    entry = feed.entries[0]
    assert entry.title == "Fish & chips <b>bold</b> 😀 مرحبا  bell end"
    assert "😀 שלום" in entry.summary
    assert entry.author.strip() == "Ann & <Co>"
    _, category_feed = parse(client, f"{index.url}category/odd/{FEEDS[kind]}")
    assert len(category_feed.entries) == 1


def test_feeds_hold_the_newest_fifty(client, index):
    for n in range(FEED_ITEMS + 3):
        make_article(index, f"Item {n}", date=date(2024, 1 + n // 28, 1 + n % 28), image=None)
    for path in FEEDS.values():
        _, feed = parse(client, index.url + path)
        assert len(feed.entries) == FEED_ITEMS
        assert feed.entries[0].title == f"Item {FEED_ITEMS + 2}"


def test_feed_of_an_article_whose_author_and_image_were_deleted(client, index, sample):
    sample[0].author.delete()
    sample[0].lead_image.delete()
    _, feed = parse(client, index.url + "feed/atom/")
    assert len(feed.entries) == 3


def test_index_head_links_to_its_feeds(client, index, sample):
    head = client.get(index.url).content.decode().split("</head>", 1)[0]
    assert (
        f'type="application/rss+xml" title="News and blog (RSS)" href="{index.url}feed/rss/"'
        in head
    )
    assert (
        f'type="application/atom+xml" title="News and blog (Atom)" href="{index.url}feed/atom/"'
        in head
    )


def test_welsh_feed_holds_welsh_articles_in_welsh(client, index, welsh_home, categories):
    make_article(index, "English article")
    welsh_index = index.copy_for_translation(welsh_home.locale)
    welsh_index.save_revision().publish()
    make_article(welsh_index, "Erthygl Gymraeg")
    _, feed = parse(client, welsh_index.url + "feed/rss/")
    assert [entry.title for entry in feed.entries] == ["Erthygl Gymraeg"]
    assert feed.feed.language == "cy"
