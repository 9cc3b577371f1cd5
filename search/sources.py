"""What every public search reads of the database before it can ask an index: the
visitor's language, the topics, and for each search source which rows the public may see.
Each is read once and cached (cms.cache.memo) until a write changes what it was read from.

Tags: a memo records the tables its build queried; pages are purged by `pages:any` (every
page save, publish, unpublish, move and delete bumps it), not by their base tables, so a
build that reads the page tree adds that tag itself.
"""

import hashlib
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import translation
from wagtail.models import Locale, Page

from cms import cache as tagged
from cms.models import SitePage, Topic
from cms.page_cache import ANY_PAGE
from cms.search import PublicSearchSource, installed_page_types

# Past this many non-public rows, an engine is told the public ones instead (see
# database_visibility).
MAX_HIDDEN_PKS = 10_000


def active_locale() -> Locale:
    """Locale.get_active(), without a query per request."""
    return tagged.memo(f"search:locale:{translation.get_language()}", Locale.get_active)


def topics() -> dict[int, Topic]:
    """Every topic by primary key (topics are a short list editors keep)."""
    return tagged.memo("search:topics", lambda: {topic.pk: topic for topic in Topic.objects.all()})


def topic_by_slug(slug: str) -> Topic | None:
    return next((topic for topic in topics().values() if topic.slug == slug), None)


def _source_key(source: PublicSearchSource, locale: Locale, what: str) -> str:
    key = f"search:{what}:{source.key}:{locale.pk}"
    if issubclass(source.model, Page):
        # Pages of a plugin removed from CMS_PLUGINS are filtered out by content type.
        types = ",".join(str(pk) for pk in sorted(installed_page_types()))
        key += ":" + hashlib.sha256(types.encode()).hexdigest()[:16]
    return key


def _depends_on_pages(source: PublicSearchSource) -> None:
    if issubclass(source.model, Page):
        tagged.depends_on(ANY_PAGE)


def public_rows(source: PublicSearchSource, locale: Locale) -> QuerySet:
    """``source.public_queryset(locale)``, with the reads that build its filter cached.

    Deciding what is public reads the restrictions (page view restrictions, private
    collections) to write them into the query's WHERE clause. The query, not its rows, is
    what is cached: Django's documented way to keep a queryset is to pickle its ``query``.
    """

    def build():
        _depends_on_pages(source)
        return source.public_queryset(locale).query

    queryset = source.model._default_manager.all()
    queryset.query = tagged.memo(_source_key(source, locale, "public"), build)
    if hasattr(queryset, "specific"):
        queryset = queryset.specific()
    return queryset


@dataclass
class Visibility:
    """Which rows of a model the public may see, as primary keys an engine query can take:
    only `only_pks` (when given), and never `hidden_pks`."""

    only_pks: list | None = None
    hidden_pks: list = field(default_factory=list)


def database_visibility(candidates, public) -> Visibility:
    """What the database says the public may see of `candidates` (a source's rows in the
    visitor's language): the rows of `public` only.

    An engine's copy of the fields that decide visibility can be stale: Wagtail moves a
    section by rewriting its descendants' paths in one bulk update (no save, no reindex),
    and writes made while the engine was down wait in the outbox. Asking the engine to
    filter by path or live would then count, and facet, pages that are now private (or
    miss pages that are now public). So the engine query is told, by primary key, which
    rows the database does not count as public, and hits, totals and facet counts all come
    from that one query.

    Usually the non-public rows are few (drafts, private sections), and one query lists
    them. Where they are many (e.g. a second language) the public rows are listed instead.
    An engine's terms query takes 65,536 values by default; past that the engine errors and
    the search answers from the database index, which filters the live tables itself.

    The cost grows with the table, not the matches: measured here at 100,000 pages, ~55 ms
    on SQLite and ~110 ms on PostgreSQL per source (~6 ms at 10,000); hence `visibility`.
    """
    # Unordered: a page's default order by path made PostgreSQL sort 100k rows for nothing.
    public_pks = public.order_by().values("pk")
    hidden = candidates.order_by().exclude(pk__in=public_pks)
    hidden_pks = list(hidden.values_list("pk", flat=True)[: MAX_HIDDEN_PKS + 1])
    if len(hidden_pks) <= MAX_HIDDEN_PKS:
        return Visibility(hidden_pks=hidden_pks)
    return Visibility(only_pks=list(public.order_by().values_list("pk", flat=True)))


def visibility(source: PublicSearchSource, locale: Locale, candidates) -> Visibility:
    """``database_visibility`` of a source's `candidates` in `locale`, cached until a row
    of the source, a page, or a restriction changes: the public rows are read inside the
    build, so the restriction tables their filter came from are tags of this value too."""

    def build():
        _depends_on_pages(source)
        return database_visibility(candidates, public_rows(source, locale))

    return tagged.memo(_source_key(source, locale, "visibility"), build)


def public_pages(locale: Locale) -> QuerySet:
    """Live, public site pages in `locale` (editors' picks and suggestions), with the
    restrictions read once as in `public_rows`."""

    def build():
        tagged.depends_on(ANY_PAGE)
        return SitePage.objects.live().public().filter(locale=locale).query

    queryset = SitePage.objects.all()
    queryset.query = tagged.memo(f"search:public-pages:{locale.pk}", build)
    return queryset
