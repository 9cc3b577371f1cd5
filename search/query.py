"""The public search: one query over every public search source, with facets.

Sources come from ``cms.search.public_search_sources()``; each is searched with the same
filters, results are merged by score, and facet counts are summed. If the engine fails,
the same search runs on the database index and the outcome says so.
"""

import logging
import re
import time
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from modelsearch.backends import get_search_backend

from cms.models import Topic
from cms.search import public_search_sources
from search.errors import ENGINE_ERRORS

logger = logging.getLogger("search.query")

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 10
MAX_PAGE = 100  # deeper than this is a crawler, not a reader


class EngineSkipped(Exception):
    """The engine failed moments ago; this search goes straight to the database index."""


class BadSearchRequest(ValueError):
    """A request we answer with 400 and this message."""


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
        filters = cls(type=params.get("type", "").strip()[:100])
        year = params.get("year", "").strip()
        if year:
            if not (year.isdigit() and 1900 <= int(year) <= 2200):
                raise BadSearchRequest(_("The year must be a four-digit year, like 2024."))
            filters.year = int(year)
        topic = params.get("topic", "").strip()[:100]
        if topic:
            # An unknown topic matches nothing rather than failing.
            filters.topic = Topic.objects.filter(slug=topic).first() or Topic(pk=0, slug=topic)
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


def _source_queryset(source, public, filters, ignore=()):
    queryset = public
    if filters.year and "year" not in ignore:
        queryset = queryset.filter(year=filters.year)
    if filters.topic and "topic" not in ignore:
        queryset = queryset.filter(topic_id=filters.topic.pk)
    if filters.type and "type" not in ignore:
        if source.split_by_content_type:
            app_label, _dot, model = filters.type.partition(".")
            content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
            if content_type is None:
                return None
            queryset = queryset.filter(content_type=content_type.pk)
        elif filters.type != source.key:
            return None
    return queryset


def ranks_by_relevance(backend):
    # modelsearch's SQLite backend scores each match in a correlated subquery, which costs
    # ~0.4 ms a row (400 ms for 1,000 matches here), so SQLite lists matches newest first.
    return not type(backend).__module__.startswith("modelsearch.backends.database.sqlite")


def _rank_key(backend, obj):
    """Sort key putting the best match first, the same way each source was ordered."""
    if not ranks_by_relevance(backend):
        return (-(obj.year or 0), -obj.pk)
    return (-(getattr(obj, "_score", None) or 0.0),)


def _search_source(backend, query, queryset, limit, facets):
    """(objects, total, facet counts) for one source; one request on an engine."""
    if hasattr(backend, "search_with_facets"):
        return backend.search_with_facets(query, queryset, limit, facets)
    if ranks_by_relevance(backend):
        results = backend.search(query, queryset, operator="and").annotate_score("_score")
    else:
        results = backend.search(
            query, queryset.order_by("-year", "-id"), operator="and", order_by_relevance=False
        )
    total = results.count()
    if not total:
        return [], 0, {name: {} for name in facets}
    counts = {name: {k: n for k, n in results.facet(name).items() if k} for name in facets}
    return list(results[:limit]), total, counts


def _run(backend, query, locale, filters, page):
    query = search_terms(query)
    if not query:  # nothing searchable left, e.g. only punctuation
        return [], 0, 1, {}
    sources = public_search_sources()
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

    for source in sources:
        public = source.public_queryset(locale)
        facets = ["year", "topic_id"]
        # The type facet ignores the type filter, so it comes from this same request
        # unless a type is chosen.
        type_field = "content_type_id" if source.split_by_content_type else None
        if type_field and not filters.type:
            facets.append(type_field)
        queryset = _source_queryset(source, public, filters)
        if queryset is not None:
            objects, count, counts = _search_source(backend, query, queryset, wanted, facets)
            total += count
            for position, obj in enumerate(objects):
                scored.append((_rank_key(backend, obj), position, obj))
            for year, n in counts["year"].items():
                year_counts[year] = year_counts.get(year, 0) + n
            for topic, n in counts["topic_id"].items():
                topic_counts[topic] = topic_counts.get(topic, 0) + n
            if type_field and not filters.type:
                add_types(source, counts[type_field])
            elif not type_field and not filters.type and count:
                add_types(source, {source.key: count})
        if filters.type:
            typed = _source_queryset(source, public, filters, ignore=("type",))
            if typed is not None:
                _objects, count, counts = _search_source(
                    backend, query, typed, 0, [type_field] if type_field else []
                )
                add_types(
                    source,
                    counts[type_field] if type_field else ({source.key: count} if count else {}),
                )

    scored.sort(key=lambda item: item[:2])
    results = [obj for _key, _position, obj in scored[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]]
    topics = Topic.objects.in_bulk(list(topic_counts))
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
            get_search_backend(backend_name), query, locale, filters, page
        )
    except (EngineSkipped, *ENGINE_ERRORS) as error:
        if not has_fallback:
            raise
        if not isinstance(error, EngineSkipped):
            logger.warning("Search engine failed; answering from the database index: %s", error)
            engine_breaker.trip()
        degraded = True
        results, total, num_pages, facets = _run(
            get_search_backend("database"), query, locale, filters, page
        )
    if page > num_pages:
        # Past the last page (results changed, or a hand-typed number): show the last one.
        return public_search(query, locale, filters, num_pages, backend_name)
    return SearchOutcome(query, results, total, page, num_pages, facets, degraded)
