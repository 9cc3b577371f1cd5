"""The public search: one query over every public search source, with facets.

Sources come from ``cms.search.public_search_sources()``; each is searched with the same
filters, results are merged by score, and facet counts are summed. If the engine fails,
the same search runs on the database index and the outcome says so.
"""

import logging
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from modelsearch.backends import get_search_backend

from cms.models import Topic
from cms.search import public_search_sources
from search.backends import ENGINE_ERRORS

logger = logging.getLogger("search.query")

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 10
MAX_PAGE = 100  # deeper than this is a crawler, not a reader


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


def _ranks_by_relevance(backend):
    # modelsearch's SQLite backend scores each match in a correlated subquery, which costs
    # ~0.4 ms a row (400 ms for 1,000 matches here), so SQLite lists matches newest first.
    return not type(backend).__module__.startswith("modelsearch.backends.database.sqlite")


def _rank_key(backend, obj):
    """Sort key putting the best match first, the same way each source was ordered."""
    if not _ranks_by_relevance(backend):
        return (-(obj.year or 0), -obj.pk)
    return (-(getattr(obj, "_score", None) or 0.0),)


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
    for source in sources:
        public = source.public_queryset(locale)
        queryset = _source_queryset(source, public, filters)
        if queryset is not None:
            if _ranks_by_relevance(backend):
                results = backend.search(query, queryset, operator="and").annotate_score("_score")
            else:
                results = backend.search(
                    query,
                    queryset.order_by("-year", "-id"),
                    operator="and",
                    order_by_relevance=False,
                )
            count = results.count()
            total += count
            if count:
                for position, obj in enumerate(results[:wanted]):
                    scored.append((_rank_key(backend, obj), position, obj))
                for value, n in results.facet("year").items():
                    if value:
                        year_counts[value] = year_counts.get(value, 0) + n
                for value, n in results.facet("topic_id").items():
                    if value:
                        topic_counts[value] = topic_counts.get(value, 0) + n
        # The type facet ignores the type filter, so every type stays choosable.
        typed = _source_queryset(source, public, filters, ignore=("type",))
        if typed is None:
            continue
        typed_results = backend.search(query, typed, operator="and")
        if source.split_by_content_type:
            for content_type_id, n in typed_results.facet("content_type_id").items():
                if content_type_id:
                    key, content_type = _type_key(content_type_id)
                    type_counts[key] = type_counts.get(key, 0) + n
                    type_labels[key] = str(content_type.model_class()._meta.verbose_name)
        else:
            n = typed_results.count()
            if n:
                type_counts[source.key] = n
                type_labels[source.key] = str(source.model._meta.verbose_name)

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


def public_search(query, locale, filters, page=1, backend_name="default") -> SearchOutcome:
    if page < 1 or page > MAX_PAGE:
        raise BadSearchRequest(_("That results page does not exist."))
    degraded = False
    try:
        results, total, num_pages, facets = _run(
            get_search_backend(backend_name), query, locale, filters, page
        )
    except ENGINE_ERRORS as error:
        if "database" not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        logger.warning("Search engine failed; answering from the database index: %s", error)
        degraded = True
        results, total, num_pages, facets = _run(
            get_search_backend("database"), query, locale, filters, page
        )
    if page > num_pages:
        # Past the last page (results changed, or a hand-typed number): show the last one.
        return public_search(query, locale, filters, num_pages, backend_name)
    return SearchOutcome(query, results, total, page, num_pages, facets, degraded)
