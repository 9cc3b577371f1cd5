"""Public content feeds benchmark: `python -m tests.bench.home_bench` (part of `make bench`).

Builds a throwaway database (see tests.bench.harness) with 500 live articles (each with a
lead image, an author, two categories and two tags, and `&`, `<`, emoji and right-to-left
text in its title and summary) and a podcast series of 500 episodes (each with a WAV
recording uploaded as a document), then times, anonymously through Django's test client
with DEBUG off, the RSS and Atom feeds of all 500 articles, a category's RSS feed and the
podcast feed of all 500 episodes (feed limits raised to 500 for the run), and the news
listing and the series page beside them. Target: each 500-item feed under 200 ms (p95).
"""

import os
import time
from datetime import date, timedelta

from tests.bench import harness

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
ITEMS = 500
FEED_TARGET_MS = 200
HOSTILE = "Justice & care <for> women ✊🏽 العدالة"


def build():
    from django.core.files.base import ContentFile
    from taggit.models import Tag
    from wagtail.models import Site

    from cms.demo import placeholder_image
    from cms.models import CustomDocument
    from home.demo.podcasts import silence_wav
    from home.models import (
        ArticleCategory,
        ArticleIndexPage,
        ArticlePage,
        ArticleTag,
        Author,
        PodcastEpisodePage,
        PodcastIndexPage,
        PodcastSeriesPage,
    )

    started = time.monotonic()
    home = Site.objects.get(is_default_site=True).root_page
    news = home.add_child(instance=ArticleIndexPage(title="News and blog", slug="news"))
    news.save_revision().publish()
    categories = [
        ArticleCategory.objects.create(name="News", slug="news"),
        ArticleCategory.objects.create(name="Blog", slug="blog", is_blog=True),
    ]
    author = Author.objects.create(name="Morgan Example", role="Communications Officer")
    tags = [Tag.objects.create(name=f"topic {n}", slug=f"topic-{n}") for n in range(10)]
    picture, _ = placeholder_image("Bench article", "A purple banner.")
    with harness.search_index_paused():
        for n in range(ITEMS):
            article = ArticlePage(
                title=f"{HOSTILE} {n}",
                slug=f"article-{n}",
                date=date(2024, 1, 1) + timedelta(days=n),
                summary=f"{HOSTILE}: what changed for women and their children ({n}).",
                author=author,
                lead_image=picture,
                categories=categories if n % 2 else categories[:1],
                tagged_items=[ArticleTag(tag=tags[n % 10]), ArticleTag(tag=tags[(n + 1) % 10])],
                body=[{"type": "paragraph", "value": f"<p>{HOSTILE} body {n}.</p>"}],
            )
            news.add_child(instance=article)
            article.save_revision().publish()
            if n % 100 == 99:
                print(f"[home] {n + 1} articles", flush=True)
        podcast = home.add_child(instance=PodcastIndexPage(title="Podcast", slug="podcast"))
        podcast.save_revision().publish()
        artwork, _ = placeholder_image("Bench artwork", "Square artwork.", size=(1400, 1400))
        series = PodcastSeriesPage(
            title="Community justice solutions",
            slug="community-justice",
            description="Women supported in their own communities.",
            artwork=artwork,
            podcast_author="One Small Thing",
            owner_email="podcast@example.org",
            itunes_category="Society & Culture",
        )
        podcast.add_child(instance=series)
        series.save_revision().publish()
        recording = silence_wav()
        for n in range(ITEMS):
            document = CustomDocument(
                title=f"Episode {n}", file=ContentFile(recording, name=f"episode-{n}.wav")
            )
            document.save()
            episode = PodcastEpisodePage(
                title=f"{HOSTILE} episode {n}",
                slug=f"episode-{n}",
                listing_date=date(2024, 1, 1) + timedelta(days=n),
                audio_document=document,
                duration=1800 + n,
                season_number=1 + n // 100,
                episode_number=1 + n % 100,
                summary=f"{HOSTILE} ({n}).",
                transcript=f"<p>{HOSTILE} transcript {n}.</p>",
            )
            series.add_child(instance=episode)
            episode.save_revision().publish()
            if n % 100 == 99:
                print(f"[home] {n + 1} episodes", flush=True)
    print(f"[home] built in {time.monotonic() - started:.0f} s", flush=True)
    return news, series


def measure(news, series):
    import feedparser
    from django.test import Client

    from home import articles_feeds, podcasts_feeds

    articles_feeds.FEED_ITEMS = ITEMS
    podcasts_feeds.FEED_LIMIT = ITEMS
    client = Client()
    plan = [
        ("RSS feed, 500 articles", f"{news.url}feed/rss/", FEED_TARGET_MS, ITEMS),
        ("Atom feed, 500 articles", f"{news.url}feed/atom/", FEED_TARGET_MS, ITEMS),
        ("Category RSS feed (blog, 250)", f"{news.url}category/blog/feed/rss/", None, 250),
        ("Podcast feed, 500 episodes", f"{series.url}feed/", FEED_TARGET_MS, ITEMS),
        ("News listing, page 1", news.url, None, None),
        ("Series page, page 1", series.url, None, None),
    ]
    rows = []
    for name, url, target, items in plan:
        call = harness.get(client, url)
        if items is not None:
            parsed = feedparser.parse(call().content)
            if parsed.bozo or len(parsed.entries) != items:
                raise AssertionError(f"{name}: bozo={parsed.bozo}, {len(parsed.entries)} items")
        median, p95, queries = harness.timed(call, RUNS)
        rows.append(
            {
                "name": name,
                "median_ms": median,
                "p95_ms": p95,
                "queries": queries,
                "target_ms": target,
            }
        )
        print(
            f"[home] {name}: median {median:.1f} ms, p95 {p95:.1f} ms, {queries} queries",
            flush=True,
        )
    return rows


def main():
    drop = harness.setup_django("home")
    try:
        from django.db import connection

        rows = measure(*build())
        vendor = connection.vendor
    finally:
        if drop:
            drop()
    machine = harness.machine(vendor, RUNS)
    text = (
        f"# Public content feeds benchmark\n\n{machine}\n\n{ITEMS} live articles and a podcast "
        f"series of {ITEMS} episodes; feeds show all of them. A target is met when the p95 is "
        "under it.\n\n" + harness.table(rows) + "\n"
    )
    harness.write("home", text, {"machine": machine, "items": ITEMS, "results": rows})


if __name__ == "__main__":
    main()
