"""The public search: one query over every public search source, with facets.

Sources come from ``cms.search.public_search_sources()``; each is searched with the same
filters, results are merged by score, and facet counts are summed. If the engine fails,
the same search runs on the database index and the outcome says so.

What the public may see is always the database's answer (see
``search.sources.database_visibility``);
an engine only matches, ranks and counts within it.
"""

import logging
import re
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils.translation import gettext as _
from modelsearch.backends import get_search_backend
from wagtail.models import Page, TranslatableMixin

from cms.engine_errors import ENGINE_ERRORS
from cms.models import Topic
from cms.search import public_search_sources
from search import sources
from search.backends import postgres_fts, sqlite_fts

logger = logging.getLogger("search.query")

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 10
MAX_PAGE = 100  # deeper than this is a crawler, not a reader

# ASCII digits only, and few of them: str.isdigit() also accepts '²' and '①', which int()
# refuses (a 500), and int() itself accepts '٣', '+3', '1_000' and refuses 5,000 digits.
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
# A type filter is "app_label.model" or a source key such as "document".
TYPE_KEY = re.compile(r"[a-z][a-z0-9_]{0,99}(\.[a-z][a-z0-9_]{0,99})?")
TOPIC_SLUG = re.compile(r"[-\w]{1,100}")  # Topic.slug is a Unicode slug
ASCII_SPACE = " \t\r\n"


class EngineSkipped(Exception):
    """The engine failed moments ago; this search goes straight to the database index."""


class BadSearchRequest(ValueError):
    """A request we answer with 400 and this message."""


def whole_number(raw: str, *, low: int, high: int, message: str) -> int:
    """The one way every numeric parameter is read: ASCII digits (surrounding spaces
    allowed) making a number from `low` to `high`; anything else is a BadSearchRequest."""
    text = raw.strip(ASCII_SPACE)
    if not WHOLE_NUMBER.fullmatch(text) or not low <= int(text) <= high:
        raise BadSearchRequest(message)
    return int(text)


def page_number(params) -> int:
    raw = params.get("page", "")
    if not raw.strip(ASCII_SPACE):
        return 1
    return whole_number(
        raw,
        low=1,
        high=MAX_PAGE,
        message=_("Results pages are numbered from 1 to %(last)d.") % {"last": MAX_PAGE},
    )


def clean_query(raw: str) -> str:
    """Drop control characters, collapse spaces, keep at most MAX_QUERY_LENGTH characters."""
    printable = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def search_terms(query: str) -> str:
    """The words of the query, in any script, without the punctuation that search syntaxes
    (SQLite FTS5, PostgreSQL tsquery) would read as operators."""
    return " ".join(re.findall(r"\w+", query))[:MAX_QUERY_LENGTH]


@dataclass
class Filters:
    type: str = ""  # "app_label.model" of a page type, or a source key such as "document"
    year: int | None = None
    topic: Topic | None = None

    @classmethod
    def from_request(cls, params) -> "Filters":
        filters = cls()
        kind = params.get("type", "").strip()
        if kind:
            if not TYPE_KEY.fullmatch(kind):
                raise BadSearchRequest(_("There is no such type of result to filter by."))
            filters.type = kind
        year = params.get("year", "")
        if year.strip(ASCII_SPACE):
            filters.year = whole_number(
                year,
                low=1900,
                high=2200,
                message=_("The year must be a four-digit year, like 2024."),
            )
        topic = params.get("topic", "").strip()
        if topic:
            if not TOPIC_SLUG.fullmatch(topic):
                raise BadSearchRequest(_("There is no such topic to filter by."))
            # An unknown topic matches nothing rather than failing.
            filters.topic = sources.topic_by_slug(topic) or Topic(pk=0, slug=topic)
        return filters

    def as_params(self):
        params = {}
        if self.type:
            params["type"] = self.type
        if self.year:
            params["year"] = self.year
        if self.topic:
            params["topic"] = self.topic.slug
        return params


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchOutcome:
    query: str
    results: list
    total: int
    page: int
    num_pages: int
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    degraded: bool = False

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def first_index(self):
        return (self.page - 1) * PAGE_SIZE + 1

    @property
    def has_next(self):
        return self.page < self.num_pages


def _type_key(content_type_id):
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}", content_type


def _source_queryset(source, base, filters, ignore=()):
    queryset = base
    if filters.year and "year" not in ignore:
        queryset = queryset.filter(year=filters.year)
    if filters.topic and "topic" not in ignore:
        queryset = queryset.filter(topic_id=filters.topic.pk)
    if filters.type and "type" not in ignore:
        if source.split_by_content_type:
            app_label, _dot, model = filters.type.partition(".")
            try:  # cached by ContentType's manager
                content_type = ContentType.objects.get_by_natural_key(app_label, model)
            except ContentType.DoesNotExist:
                return None
            queryset = queryset.filter(content_type=content_type.pk)
        elif filters.type != source.key:
            return None
    return queryset


def _rank_key(obj):
    """Sort key putting the best match first across sources (every backend scores)."""
    return (-(getattr(obj, "_score", None) or 0.0),)


def _load_specific_pages(queryset, pks, type_of):
    """Pages `pks` of `queryset` as their specific classes, one query per page type.

    Wagtail's ``specific()`` first spends a query finding each page's type, which the match
    rows already carry (`type_of`). Each query still filters by `queryset`, so a page that
    stopped being public since the match is left out, as before.
    """
    by_type = defaultdict(list)
    for pk in pks:
        by_type[type_of[pk]].append(pk)
    loaded = {}
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a page type whose plugin was removed
            continue
        allowed = queryset.filter(pk__in=ids).values("pk")
        loaded.update((obj.pk, obj) for obj in model._default_manager.filter(pk__in=allowed))
    return loaded


def _search_sqlite(backend, query, queryset, limit, facets):
    """modelsearch finds and filters; FTS5's bm25() orders (search.backends.sqlite_fts)."""
    results = backend.search(query, queryset, operator="and", order_by_relevance=False)
    is_page = issubclass(queryset.model, Page)
    columns = list(facets)
    if is_page and "content_type_id" not in columns:
        columns.append("content_type_id")
    # Every match with its facet values, newest first, in one query (not one per facet).
    rows = list(results.get_queryset().values_list("pk", *columns))
    pks = [row[0] for row in rows]
    counts = {name: Counter(row[i] for row in rows if row[i]) for i, name in enumerate(facets, 1)}
    objects = []
    if limit:
        ranks = sqlite_fts.bm25_ranks(queryset.model, query.split())
        # A stable sort: equal scores stay newest first. bm25() is lower for better matches.
        best = sorted(pks, key=lambda pk: ranks.get(str(pk), 0.0))[:limit]
        if is_page:
            type_column = 1 + columns.index("content_type_id")
            type_of = {row[0]: row[type_column] for row in rows}
            loaded = _load_specific_pages(queryset, best, type_of)
        else:
            loaded = {obj.pk: obj for obj in queryset.filter(pk__in=best)}
        for pk in best:
            if pk in loaded:
                loaded[pk]._score = -ranks.get(str(pk), 0.0)
                objects.append(loaded[pk])
    return objects, len(pks), counts


def _search_source(backend, query, queryset, limit, facets, visibility=None, public=None):
    """(objects, total, facet counts) for one source; one request on an engine."""
    if hasattr(backend, "search_with_facets"):
        return backend.search_with_facets(
            query,
            queryset,
            limit,
            facets,
            only_pks=visibility.only_pks,
            hidden_pks=visibility.hidden_pks,
            objects_from=public,
        )
    if sqlite_fts.uses_sqlite_fts(backend):
        return _search_sqlite(backend, query, queryset, limit, facets)
    if postgres_fts.uses_postgres_fts(backend):
        results, ranked = postgres_fts.ranked_matches(backend, query, queryset)
        total, counts = _grouped_counts(results.get_queryset(), facets)
    else:
        results = backend.search(query, queryset, operator="and").annotate_score("_score")
        ranked = results
        total = results.count()
        counts = {name: {k: n for k, n in results.facet(name).items() if k} for name in facets}
    if not total:
        return [], 0, counts
    return list(ranked[:limit]) if limit else [], total, counts


def _grouped_counts(matches, facets):
    """(how many rows `matches` has, {facet: {value: count}}) in one query, grouped by every
    facet at once, rather than a COUNT and one GROUP BY per facet. The groups are few (years
    by topics by types), however many rows match."""
    if not facets:
        return matches.count(), {}
    counts = {name: Counter() for name in facets}
    total = 0
    for *values, n in matches.order_by().values_list(*facets).annotate(n=Count("pk")):
        total += n
        for name, value in zip(facets, values, strict=True):
            if value:
                counts[name][value] += n
    return total, {name: dict(found) for name, found in counts.items()}


def _run(backend, query, locale, filters, page):
    query = search_terms(query)
    if not query:  # nothing searchable left, e.g. only punctuation
        return [], 0, 1, {}
    wanted = page * PAGE_SIZE
    scored = []
    total = 0
    type_counts: dict[str, int] = {}
    type_labels: dict[str, str] = {}
    year_counts: dict[int, int] = {}
    topic_counts: dict[int, int] = {}

    def add_types(source, counts_by_type):
        for key, n in counts_by_type.items():
            if source.split_by_content_type:
                key, content_type = _type_key(key)
                label = content_type.model_class()._meta.verbose_name
            else:
                label = source.model._meta.verbose_name
            type_counts[key] = type_counts.get(key, 0) + n
            type_labels[key] = str(label)

    on_engine = hasattr(backend, "search_with_facets")
    for source in public_search_sources():
        public = sources.public_rows(source, locale)
        if on_engine:
            # The engine is asked only to match, rank and count, among what the database
            # says is public (see database_visibility); its own path/live copies are not used.
            base = source.model._default_manager.all()
            if issubclass(source.model, TranslatableMixin):
                # A row's language never goes stale in the engine, so the engine may filter
                # by it; only the visitor's language needs checking row by row.
                base = base.filter(locale=locale)
            visibility = sources.visibility(source, locale, base)
        else:
            # The database index filters the live tables, so the public queryset is exact.
            visibility = None
            base = public
        facets = ["year", "topic_id"]
        # The type facet ignores the type filter, so it comes from this same request
        # unless a type is chosen.
        type_field = "content_type_id" if source.split_by_content_type else None
        if type_field and not filters.type:
            facets.append(type_field)
        queryset = _source_queryset(source, base, filters)
        if queryset is not None:
            objects, count, counts = _search_source(
                backend, query, queryset, wanted, facets, visibility, public
            )
            total += count
            for position, obj in enumerate(objects):
                scored.append((_rank_key(obj), position, obj))
            for year, n in counts["year"].items():
                year_counts[year] = year_counts.get(year, 0) + n
            for topic, n in counts["topic_id"].items():
                topic_counts[topic] = topic_counts.get(topic, 0) + n
            if type_field and not filters.type:
                add_types(source, counts[type_field])
            elif not type_field and not filters.type and count:
                add_types(source, {source.key: count})
        if filters.type:
            typed = _source_queryset(source, base, filters, ignore=("type",))
            if typed is not None:
                _objects, count, counts = _search_source(
                    backend, query, typed, 0, [type_field] if type_field else [], visibility, public
                )
                add_types(
                    source,
                    counts[type_field] if type_field else ({source.key: count} if count else {}),
                )

    scored.sort(key=lambda item: item[:2])
    results = [obj for _key, _position, obj in scored[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]]
    topics = sources.topics()
    facets = {
        "type": sorted(
            (
                Facet(key, type_labels[key].capitalize(), n, key == filters.type)
                for key, n in type_counts.items()
            ),
            key=lambda facet: -facet.count,
        ),
        "year": [
            Facet(str(year), str(year), n, year == filters.year)
            for year, n in sorted(year_counts.items(), reverse=True)
        ],
        "topic": sorted(
            (
                Facet(
                    topics[pk].slug,
                    topics[pk].name,
                    n,
                    bool(filters.topic) and filters.topic.pk == pk,
                )
                for pk, n in topic_counts.items()
                if pk in topics
            ),
            key=lambda facet: -facet.count,
        ),
    }
    num_pages = max(1, -(-total // PAGE_SIZE))
    return results, total, num_pages, facets


_backends: dict = {}


def search_backend(name="default"):
    """The search backend `name`, one instance per configuration and process.

    modelsearch's ``get_search_backend()`` builds a new backend on every call, and with an
    engine a new client and connection pool: a fresh TCP connection and client set-up for
    every search. The clients are thread-safe, so the read path keeps one per configuration
    (a changed WAGTAILSEARCH_BACKENDS entry, as tests make, gets its own).
    """
    config = settings.WAGTAILSEARCH_BACKENDS.get(name, {})
    key = (name, repr(sorted(config.items())))
    backend = _backends.get(key)
    if backend is None:
        if len(_backends) > 32:  # configurations only tests churn through
            _backends.clear()
        backend = _backends[key] = get_search_backend(name)
    return backend


class EngineBreaker:
    """After an engine failure, send searches straight to the database index for a while,
    so visitors do not each wait for a timeout while the engine is down."""

    pause_seconds = 30.0

    def __init__(self):
        self.open_until = 0.0

    def is_open(self):
        return time.monotonic() < self.open_until

    def trip(self):
        self.open_until = time.monotonic() + self.pause_seconds

    def reset(self):
        self.open_until = 0.0


engine_breaker = EngineBreaker()


def public_search(query, locale, filters, page=1, backend_name="default") -> SearchOutcome:
    if page < 1 or page > MAX_PAGE:
        raise BadSearchRequest(_("That results page does not exist."))
    has_fallback = backend_name != "database" and "database" in settings.WAGTAILSEARCH_BACKENDS
    degraded = has_fallback and engine_breaker.is_open()
    try:
        if degraded:
            raise EngineSkipped
        results, total, num_pages, facets = _run(
            search_backend(backend_name), query, locale, filters, page
        )
    except (EngineSkipped, *ENGINE_ERRORS) as error:
        if not has_fallback:
            raise
        if not isinstance(error, EngineSkipped):
            logger.warning("Search engine failed; answering from the database index: %s", error)
            engine_breaker.trip()
        degraded = True
        results, total, num_pages, facets = _run(
            search_backend("database"), query, locale, filters, page
        )
    if page > num_pages:
        # Past the last page (results changed, or a hand-typed number): show the last one.
        return public_search(query, locale, filters, num_pages, backend_name)
    return SearchOutcome(query, results, total, page, num_pages, facets, degraded)
