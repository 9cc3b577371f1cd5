"""The training materials library: public documents that have a material kind, filtered by
kind, topic, event, year and language, with a count for each choice.

Values are checked in Python before any query runs: one that makes no sense (an unknown
kind, a year that is not a year, a topic slug with odd characters) becomes an error message
and the page answers 400; a well-formed value that matches nothing gives an empty list.
The query count does not grow with the number of documents (tested).

The events a document was used at come in as a queryset (live, public ``EventPage``s), so
this module imports no page model and the page model may import it.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from cms import listing
from cms.listing import Facet
from cms.models import CustomDocument

PER_PAGE = 20
# The order the filters appear on the page and in URLs.
FILTERS = ("kind", "topic", "event", "year", "language")
LABELS = {
    "kind": _("Kind"),
    "topic": _("Topic"),
    "event": _("Used at"),
    "year": _("Year"),
    "language": _("Language"),
}
SLUG = re.compile(r"[-\w]{1,100}")
YEAR = re.compile(r"[0-9]{4}")
NUMBER = re.compile(r"[0-9]{1,9}")


@dataclass
class Option(listing.Option):
    """A choice with its own link (choosing it, or removing it when it is chosen)."""

    url: str = ""


@dataclass
class Library:
    filters: dict[str, str]
    errors: list[str]
    facets: list[Facet]
    page: object
    total: int

    def url(self, **changes) -> str:
        """This listing's query string with `changes` (a value of None removes a filter)."""
        return query_string({**self.filters, **changes})

    @property
    def clear_url(self) -> str:
        return "?"

    @property
    def previous_url(self) -> str:
        return (
            self.url(page=str(self.page.previous_page_number())) if self.page.has_previous() else ""
        )

    @property
    def next_url(self) -> str:
        return self.url(page=str(self.page.next_page_number())) if self.page.has_next() else ""


def query_string(values: dict) -> str:
    ordered = [(key, values[key]) for key in (*FILTERS, "page") if values.get(key)]
    return "?" + urlencode(ordered) if ordered else "?"


def read_filters(params) -> tuple[dict[str, str], list[str]]:
    """The filters asked for in `params` (a QueryDict), and what was wrong with any."""
    filters, errors = {}, []
    kinds = set(CustomDocument.Kind.values)
    languages = {code for code, _label in settings.LANGUAGES}
    checks = {
        "kind": (lambda v: v in kinds, _("Choose a kind of material from the list.")),
        "topic": (SLUG.fullmatch, _("Choose a topic from the list.")),
        "event": (NUMBER.fullmatch, _("Choose an event from the list.")),
        "year": (YEAR.fullmatch, _("A year is four digits, such as 2025.")),
        "language": (lambda v: v in languages, _("Choose a language from the list.")),
    }
    for name in FILTERS:
        value = params.get(name, "").strip()
        if not value:
            continue
        valid, message = checks[name]
        if valid(value):
            filters[name] = value
        else:
            errors.append(message)
    return filters, errors


def materials() -> QuerySet:
    """Every public document that is a training material."""
    return CustomDocument.objects.public().exclude(material_kind="")


def apply(queryset: QuerySet, filters: dict[str, str], events: QuerySet, skip: str = ""):
    """`queryset` narrowed by `filters`, except the one named `skip` (for its counts)."""
    lookups = {
        "kind": lambda v: {"material_kind": v},
        "topic": lambda v: {"topic__slug": v},
        "event": lambda v: {"events__in": events.filter(pk=int(v))},
        "year": lambda v: {"year": int(v)},
        "language": lambda v: {"language": v},
    }
    for name, value in filters.items():
        if name != skip:
            queryset = queryset.filter(**lookups[name](value))
    return queryset


def browse(params, events: QuerySet, per_page: int = PER_PAGE) -> Library:
    """The library for the query string `params`; `events` are the events anyone may see."""
    filters, errors = read_filters(params)
    base = materials()
    found = (
        apply(base, filters, events)
        .select_related("topic")
        .prefetch_related(
            Prefetch("events", queryset=events.order_by("-start"), to_attr="public_events")
        )
        .annotate(sort_date=Coalesce("listing_date", TruncDate("created_at")))
        .order_by("-sort_date", "title", "pk")
    )
    page = Paginator(found, per_page).get_page(params.get("page"))
    library = Library(filters, errors, [], page, page.paginator.count)
    library.facets = [
        _facet(library, "kind", _kind_counts(apply(base, filters, events, "kind"))),
        _facet(library, "topic", _topic_counts(apply(base, filters, events, "topic"))),
        _facet(library, "event", _event_counts(apply(base, filters, events, "event"), events)),
        _facet(library, "year", _year_counts(apply(base, filters, events, "year"))),
        _facet(library, "language", _language_counts(apply(base, filters, events, "language"))),
    ]
    return library


def _facet(library: Library, name: str, counts: list[tuple[str, str, int]]) -> Facet:
    selected = library.filters.get(name)
    options = [
        Option(
            value=value,
            label=label,
            count=count,
            selected=value == selected,
            url=library.url(**{name: None if value == selected else value, "page": None}),
        )
        for value, label, count in counts
    ]
    return Facet(name, LABELS[name], options)


def _kind_counts(queryset) -> list[tuple[str, str, int]]:
    counts = dict(
        queryset.values_list("material_kind").annotate(n=Count("pk", distinct=True)).order_by()
    )
    return [
        (value, label, counts[value])
        for value, label in CustomDocument.Kind.choices
        if counts.get(value)
    ]


def _topic_counts(queryset) -> list[tuple[str, str, int]]:
    rows = (
        queryset.filter(topic__isnull=False)
        .values_list("topic__slug", "topic__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("topic__name")
    )
    return list(rows)


def _event_counts(queryset, events: QuerySet) -> list[tuple[str, str, int]]:
    through = CustomDocument.events.through
    rows = (
        through.objects.filter(customdocument__in=queryset.values("pk"), eventpage__in=events)
        .values_list("eventpage_id", "eventpage__title", "eventpage__start")
        .annotate(n=Count("customdocument_id", distinct=True))
        .order_by("-eventpage__start", "eventpage_id")
    )
    return [
        (str(pk), f"{title} ({date_format(localtime(start), 'j M Y')})", count)
        for pk, title, start, count in rows
    ]


def _year_counts(queryset) -> list[tuple[str, str, int]]:
    rows = (
        queryset.filter(year__isnull=False)
        .values_list("year")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-year")
    )
    return [(str(year), str(year), count) for year, count in rows]


def _language_counts(queryset) -> list[tuple[str, str, int]]:
    counts = dict(
        queryset.values_list("language").annotate(n=Count("pk", distinct=True)).order_by()
    )
    return [
        (code, str(label), counts[code]) for code, label in settings.LANGUAGES if counts.get(code)
    ]
