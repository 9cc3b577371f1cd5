"""Demo content scaled up for `make bench-serve`: `python -m tests.bench.serve_content N`
adds live articles, events and standard pages to a database that already holds the demo
(`manage.py load_demo`) until it has N pages. Run with the bench settings in the environment
(tests.bench.serve_bench sets them).

Fast but valid: treebeard's `add_child` costs several queries a page (the last sibling, the
parent's numchild, a fresh parent), so each new page gets its materialised path computed
here, one sibling after another, and is saved with Wagtail's own `Page.save` (url_path,
specific table, parental many-to-many); each parent's numchild is set once at the end. The
search index is written in bulk afterwards, as `update_index` does, not once a save.
`Page.find_problems()` must then report nothing, or the build fails.
"""

import random
import sys
import time
from datetime import UTC, date, datetime, timedelta

# One page in every ten is about the word the search benchmark asks for, so results grow
# with the content as they would on the real site.
SEARCH_WORD = "trauma"
WORDS = (
    "women justice community prison probation family children support housing health "
    "training practice service policy court centre report research partners funding "
    "wellbeing advocacy mentoring safety recovery education employment"
).split()
# The share of the pages added at a scale: articles, events, then standard pages.
MIX = (("article", 5), ("event", 3), ("standard", 2))
BATCH = 500


def sentence(rng, words=12):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def topical(rng, n):
    text = sentence(rng)
    return f"{text} {SEARCH_WORD.capitalize()}-informed work." if n % 10 == 0 else text


def page_fields(rng, n, kind):
    title = f"{sentence(rng, 5)[:-1]} ({kind} {n})"
    return {
        "title": title,
        "draft_title": title,
        "slug": f"bench-{kind}-{n}",
        "live": True,
        "has_unpublished_changes": False,
        "show_in_menus": False,
    }


def article(rng, n, context):
    from home.models import ArticlePage

    page = ArticlePage(
        **page_fields(rng, n, "article"),
        date=date(2015, 1, 1) + timedelta(days=n % 4000),
        summary=topical(rng, n),
        lead_image=context["image"],
        body=[{"type": "paragraph", "value": f"<p>{topical(rng, n)} {sentence(rng, 40)}</p>"}],
    )
    page.categories = context["categories"][: 1 + n % 2]
    return page


def event(rng, n, context):
    from events.models import EventPage, Format, Region, Sector, Status

    start = context["first_start"] + timedelta(days=n % 5000, hours=9)
    return EventPage(
        **page_fields(rng, n, "event"),
        intro=topical(rng, n),
        start=start,
        end=start + timedelta(hours=6),
        status=Status.SCHEDULED,
        format=Format.IN_PERSON if n % 3 else Format.ONLINE,
        region=Region.values[n % len(Region.values)],
        sector=Sector.values[n % len(Sector.values)],
        venue_name=f"{rng.choice(WORDS).capitalize()} Centre",
        body=[{"type": "paragraph", "value": f"<p>{sentence(rng, 40)}</p>"}],
    )


def standard(rng, n, context):
    from home.models import StandardPage

    return StandardPage(
        **page_fields(rng, n, "standard"),
        intro=topical(rng, n),
        body=[{"type": "paragraph", "value": f"<p>{sentence(rng, 60)}</p>"}],
    )


def parents():
    """The parent of each kind of page: the news index (slug `news`), the demo's event index,
    and a standard section page made here (kept out of the menus)."""
    from wagtail.models import Site

    from events.models import EventIndexPage
    from home.models import ArticleIndexPage, StandardPage

    home = Site.objects.get(is_default_site=True).root_page.specific
    library = StandardPage.objects.child_of(home).filter(slug="bench-library").first()
    if library is None:
        library = StandardPage(
            title="Library", slug="bench-library", intro="Pages added for the benchmark."
        )
        home.add_child(instance=library)
    return {
        "article": ArticleIndexPage.objects.child_of(home).get(slug="news"),
        "event": EventIndexPage.objects.descendant_of(home).order_by("path").first(),
        "standard": library,
    }


def add_children(parent, make, count, offset, progress):
    """Save `count` new children of `parent` at the end of its children, each with the
    path treebeard would give it."""
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    rng = random.Random(parent.pk)  # noqa: S311 - reproducible filler text
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    now = timezone.now()
    context = progress["context"]
    made = []
    for start in range(0, count, BATCH):
        with transaction.atomic():
            for n in range(start, min(count, start + BATCH)):
                page = make(rng, offset + n, context)
                step += 1
                page.path = Page._get_path(parent.path, parent.depth + 1, step)
                page.depth = parent.depth + 1
                page.numchild = 0
                page.locale_id = parent.locale_id
                page.first_published_at = page.last_published_at = now
                page.save(clean=False)
                made.append(page.pk)
        progress["done"] += min(BATCH, count - start)
        elapsed = time.monotonic() - progress["started"]
        print(
            f"[build] {progress['done']:,}/{progress['total']:,} pages added, {elapsed:.0f} s",
            flush=True,
        )
    # Counted by path: treebeard's get_children() answers "none" while numchild is still 0.
    children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    Page.objects.filter(pk=parent.pk).update(numchild=children.count())
    return made


def index(models_and_ids):
    """Write the new pages into every search backend in chunks, as `update_index` does."""
    from wagtail.search.backends import get_search_backends

    for backend in get_search_backends():
        for model, ids in models_and_ids:
            for start in range(0, len(ids), BATCH):
                chunk = model.objects.filter(pk__in=ids[start : start + BATCH])
                backend.add_bulk(model, list(chunk))


def build(scale):
    from django.conf import settings
    from django.test import override_settings
    from wagtail.models import Page

    from cms.models import CustomImage
    from events.models import EventPage
    from home.models import ArticleCategory, ArticlePage, StandardPage

    started = time.monotonic()
    missing = scale - Page.objects.count()
    if missing <= 0:
        print(f"[build] {Page.objects.count():,} pages already (scale {scale:,})", flush=True)
        return
    context = {
        "image": CustomImage.objects.order_by("pk").first(),
        "categories": list(ArticleCategory.objects.order_by("pk")),
        "first_start": datetime(2015, 1, 1, tzinfo=UTC),
    }
    paused = {
        name: {**config, "AUTO_UPDATE": False}
        for name, config in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=paused):
        where = parents()  # may add the section page: count after it
        missing = scale - Page.objects.count()
        progress = {"done": 0, "total": missing, "started": started, "context": context}
        weights = sum(weight for _, weight in MIX)
        counts = {kind: missing * weight // weights for kind, weight in MIX}
        counts["article"] += missing - sum(counts.values())
        makers = {"article": article, "event": event, "standard": standard}
        models = {"article": ArticlePage, "event": EventPage, "standard": StandardPage}
        added = []
        for kind, _ in MIX:
            offset = models[kind].objects.child_of(where[kind]).count()
            ids = add_children(where[kind], makers[kind], counts[kind], offset, progress)
            added.append((models[kind], ids))
    built = time.monotonic() - started
    index(added)
    problems = Page.find_problems()
    if any(problems):
        raise SystemExit(f"[build] the page tree has problems: {problems}")
    print(
        f"[build] {Page.objects.count():,} pages: added {missing:,} in {built:.0f} s, "
        f"indexed in {time.monotonic() - started - built:.0f} s; the tree checks clean",
        flush=True,
    )


def main():
    import django

    django.setup()
    build(int(sys.argv[1]))


if __name__ == "__main__":
    main()
