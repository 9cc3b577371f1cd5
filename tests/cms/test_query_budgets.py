"""Every public page type renders, uncached, in at most QUERY_BUDGET SQL queries, and in as
many with 200 items as with 10 (articles in a listing, menu links, related pages, events,
award rows, episodes...).

Each case builds its page with realistic content (lead image, authors, categories, menus,
site settings, related items) and an `add(count)` that grows what the page lists. The
page is requested once first to warm the per-process caches (site root paths, locales,
the memoised menus and settings): the budget is for a warm process, as in production.
"""

import inspect
import re
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from cms.models import CustomDocument, Menu, MenuItem, SiteSettings
from events.models import EventPage
from events.models.events import LONDON
from home.models import (
    ArticlePage,
    ArticleRelatedLink,
    PodcastEpisodePage,
    PodcastGuest,
    PodcastSeriesPage,
    PublicationPage,
    StandardPage,
)
from tests.factories import ImageFactory
from tests.home import articles_factories as articles
from tests.home import publications_factories as publications
from tests.home.awards_factories import many_quality_marks
from tests.home.podcasts_factories import audio_document

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 10


def add_pages(parent, count, make):
    """`count` live pages under `parent`, without revisions (the fast way: add_child only)."""
    pages = []
    for n in range(count):
        page = make(n)
        page.live = True
        parent.add_child(instance=page)
        pages.append(page)
    return pages


class Site:
    """The furniture every page shows: both menus and the site settings."""

    def __init__(self, home):
        self.home = home
        self.menu_section = StandardPage(title="About", slug="about-us", live=True)
        home.add_child(instance=self.menu_section)
        locale = Locale.get_default()
        self.menus = [
            Menu.objects.create(handle=handle, locale=locale) for handle in ("main", "footer")
        ]
        settings = SiteSettings.for_site(home.get_site())
        settings.organisation_name = "One Small Thing"
        settings.charity_number = "1234567"
        settings.contact_email = "hello@example.org"
        settings.footer_text = "Working for women in the justice system."
        settings.bluesky_url = "https://bsky.app/profile/example"
        settings.donation_page = self.menu_section
        settings.save()
        self.links = 0

    def add_links(self, count):
        """`count` more links in each menu: pages of the site, and one external link."""
        start = self.links
        targets = add_pages(
            self.menu_section,
            count,
            lambda n: StandardPage(title=f"Section {start + n}", slug=f"section-{start + n}"),
        )
        for menu in self.menus:
            MenuItem.objects.bulk_create(
                [
                    MenuItem(menu=menu, link_page=page, sort_order=start + n)
                    for n, page in enumerate(targets)
                ]
            )
        self.links += count


# Each builder takes (home, site) and returns (url, add) where add(count) adds `count` of
# what the page lists.


def home_page(home, site):
    home.hero_image = ImageFactory()
    home.og_image = ImageFactory()
    home.hero_text = "Trauma-informed support for women."
    home.save()
    made = iter(range(100_000))

    def add(count):
        add_pages(home, count, lambda n: StandardPage(title="Ours", slug=f"w-{next(made)}"))

    return "/", add


def standard_page(home, site):
    page = StandardPage(title="Our work", slug="our-work", og_image=ImageFactory(), live=True)
    home.add_child(instance=page)
    made = iter(range(100_000))

    def add(count):
        add_pages(page, count, lambda n: StandardPage(title="Part", slug=f"p-{next(made)}"))

    return page.url, add


def article_setup(home):
    index = articles.make_index(home)
    photo = ImageFactory()
    author = articles.make_author(photo=photo)
    blog = articles.make_category("Blog", is_blog=True)
    news = articles.make_category("News")
    return index, author, [blog, news]


def news_index(home, site):
    index, author, categories = article_setup(home)
    image = ImageFactory()
    made = iter(range(100_000))

    def add(count):
        for article in add_pages(
            index,
            count,
            lambda n: ArticlePage(
                title=f"Article {n}",
                slug=f"a-{next(made)}",
                date=date(2024, 1, 1) + timedelta(days=n),
                summary="What we did.",
                author=author,
                lead_image=image,
            ),
        ):
            article.categories.set(categories)

    return index.url, add


def article_page(home, site):
    index, author, categories = article_setup(home)
    article = articles.make_article(
        index, categories=categories, tags=["prisons", "health"], author=author
    )
    article.og_image = ImageFactory()
    article.save()
    made = iter(range(100_000))

    def add(count):
        others = add_pages(
            index,
            count,
            lambda n: ArticlePage(
                title=f"Related {n}",
                slug=f"r-{next(made)}",
                date=date(2024, 1, 1),
                summary="Related.",
                author=author,
                lead_image=article.lead_image,
            ),
        )
        for other in others:
            other.categories.set(categories)
        ArticleRelatedLink.objects.bulk_create(
            [ArticleRelatedLink(page=article, article=other) for other in others]
        )

    return article.url, add


def research_index(home, site):
    index = publications.publication_index(home)
    image = ImageFactory()
    document = publications.pdf_document()
    topics = [publications.topic("Health"), publications.topic("Prisons")]
    made = iter(range(100_000))

    def add(count):
        for page in add_pages(
            index,
            count,
            lambda n: PublicationPage(
                title=f"Briefing {n}",
                slug=f"b-{next(made)}",
                summary="A briefing.",
                publication_date=date(2024, 1, 1) + timedelta(days=n),
                lead_image=image,
                pdf=document,
            ),
        ):
            page.topics.set(topics)

    return index.url, add


def publication_page(home, site):
    index = publications.publication_index(home)
    page = publications.publication(
        index,
        lead_image=ImageFactory(),
        og_image=ImageFactory(),
        pdf=publications.pdf_document(),
        topics=[publications.topic("Health"), publications.topic("Prisons")],
    )
    made = iter(range(100_000))

    def add(count):
        # More briefings beside it, and more topics on it.
        add_pages(index, count, lambda n: PublicationPage(title="Other", slug=f"o-{next(made)}"))
        page.topics.add(*[publications.topic(f"Topic {next(made)}") for _ in range(count)])

    return page.url, add


def service_page(home, site):
    page = publications.service(home, lead_image=ImageFactory(), og_image=ImageFactory())
    made = iter(range(100_000))

    def add(count):
        add_pages(page, count, lambda n: StandardPage(title="Part", slug=f"s-{next(made)}"))

    return page.url, add


def podcast_index(home, site, series):
    index = series.get_parent()
    artwork = series.artwork
    made = iter(range(100_000))

    def add(count):
        add_pages(
            index,
            count,
            lambda n: PodcastSeriesPage(
                title=f"Series {n}",
                slug=f"series-{next(made)}",
                description="Another series.",
                artwork=artwork,
                podcast_author="One Small Thing",
                owner_email="podcast@example.org",
            ),
        )

    return index.url, add


def add_episodes(series, recording, made):
    def add(count):
        for episode in add_pages(
            series,
            count,
            lambda n: PodcastEpisodePage(
                title=f"Conversation {n}",
                slug=f"conversation-{next(made)}",
                summary="A conversation.",
                audio_document=recording,
                duration=60,
                season_number=1,
                episode_number=n,
                listing_date=date(2024, 1, 1) + timedelta(days=n % 360),
            ),
        ):
            PodcastGuest.objects.create(page=episode, name="Guest", role="Trainer")

    return add


def podcast_series(home, site, series):
    return series.url, add_episodes(series, audio_document("shared.wav"), iter(range(100_000)))


def podcast_episode(home, site, series):
    recording = audio_document("shared.wav")
    episode = PodcastEpisodePage(
        title="Closer to home",
        slug="closer-to-home",
        summary="What a community sentence can do.",
        transcript="<p>Host: Welcome.</p>",
        audio_document=recording,
        duration=3723,
        season_number=1,
        episode_number=1,
        listing_date=date(2024, 1, 1),
        guests=[PodcastGuest(name="Ana", role="Trainer"), PodcastGuest(name="Bea")],
    )
    series.add_child(instance=episode)
    episode.save_revision().publish()
    made = iter(range(100_000))
    more_episodes = add_episodes(series, recording, made)

    def add(count):
        more_episodes(count)
        PodcastGuest.objects.bulk_create(
            [PodcastGuest(page_id=episode.pk, name=f"Guest {n}") for n in range(count)]
        )

    return episode.url, add


def events_at(event_index, count, made, **fields):
    def make(n):
        start = datetime(2031, 1, 1, 10, tzinfo=LONDON) + timedelta(days=next(made))
        return EventPage(
            title=f"Workshop {n}",
            slug=f"workshop-{start:%Y%m%d}",
            start=start,
            end=start + timedelta(hours=6),
            venue_name="Town hall",
            **fields,
        )

    return add_pages(event_index, count, make)


def events_listing(home, site, event_index, audiences, course):
    made = iter(range(100_000))

    def add(count):
        for event in events_at(event_index, count, made, course=course):
            event.audiences.set(list(audiences.values())[:2])

    return event_index.url, add


def event_page(home, site, event_index, audiences, course):
    made = iter(range(100_000))
    (event,) = events_at(event_index, 1, made, course=course, og_image=ImageFactory())
    event.audiences.set(list(audiences.values())[:2])
    event.save_revision().publish()

    def add(count):
        # Follow-up sessions, and training materials handed out on the day.
        events_at(event_index, count, made, follows_up=event)
        documents = CustomDocument.objects.bulk_create(
            [
                CustomDocument(
                    title=f"Handout {n}", file=f"documents/h{n}.pdf", material_kind="handout"
                )
                for n in range(count)
            ]
        )
        event.materials.add(*documents)

    return event.url, add


def course_page(home, site, event_index, audiences, course):
    made = iter(range(100_000))

    def add(count):
        events_at(event_index, count, made, course=course)

    return course.url, add


def course_index(home, site, event_index, audiences, course):
    from events.models import CoursePage

    index = course.get_parent()
    made = iter(range(100_000))

    def add(count):
        for page in add_pages(
            index,
            count,
            lambda n: CoursePage(title=f"Course {n}", slug=f"c-{next(made)}", intro="A course."),
        ):
            page.audiences.set(list(audiences.values())[:2])

    return index.url, add


def materials_library(home, site, event_index, audiences, course):
    from events.models import MaterialsLibraryPage

    library = MaterialsLibraryPage(title="Materials", slug="materials", intro="Handouts.")
    home.add_child(instance=library)
    library.save_revision().publish()
    made = iter(range(100_000))
    (event,) = events_at(event_index, 1, made, course=course)

    def add(count):
        documents = CustomDocument.objects.bulk_create(
            [
                CustomDocument(
                    title=f"Handout {n}",
                    file=f"documents/m{next(made)}.pdf",
                    material_kind="handout",
                    description="For the day.",
                )
                for n in range(count)
            ]
        )
        event.materials.add(*documents)

    return library.url, add


def awards_directory(home, site):
    from home.models import AwardsDirectoryPage

    page = AwardsDirectoryPage(title="Awards directory", slug="awards", intro="Who holds what.")
    home.add_child(instance=page)
    page.save_revision().publish()
    made = iter(range(0, 100_000, 1000))

    def add(count):
        many_quality_marks(count, offset=next(made))

    return page.url, add


PAGE_TYPES = {
    "home": home_page,
    "standard page": standard_page,
    "article": article_page,
    "publication": publication_page,
    "service page": service_page,
    "podcast series": podcast_series,
    "podcast episode": podcast_episode,
    "event page": event_page,
    "course page": course_page,
    "news index": news_index,
    "research index": research_index,
    "podcast index": podcast_index,
    "events listing": events_listing,
    "course index": course_index,
    "materials library": materials_library,
    "awards directory": awards_directory,
}


def warm(client, url):
    """Fill the per-process caches and the cached menus and settings. Twice: the first
    request creates the site settings row, and a value read while its table changes is
    not kept."""
    client.get(url)
    client.get(url)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured]


def listed(queries):
    """The queries, one a line, without their long column lists."""
    return "\n".join(re.sub(r"SELECT .*? FROM", "SELECT … FROM", sql) for sql in queries)


@pytest.fixture
def build(request, home):
    """build(page_type) -> (url, add): the page, with the site's menus and settings."""
    site = Site(home)

    def make(page_type):
        builder = PAGE_TYPES[page_type]
        # Builders name the fixtures they need (events, series...) after (home, site).
        extra = list(inspect.signature(builder).parameters)[2:]
        url, add = builder(home, site, *[request.getfixturevalue(name) for name in extra])

        def grow(count):
            site.add_links(count)
            add(count)

        return url, grow

    return make


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_renders_in_a_flat_query_budget(client, build, page_type):
    url, grow = build(page_type)
    grow(10)
    warm(client, url)
    few = queries_for(client, url)
    grow(190)
    warm(client, url)
    many = queries_for(client, url)
    print(f"\n{page_type}: {len(few)} queries at 10 items, {len(many)} at 200")
    assert len(many) == len(few), listed(many)
    assert len(few) <= QUERY_BUDGET, listed(few)
