"""The event listing's filters, read from the query string: upcoming or past, year,
audience, sector, format, region and course, combined, with a count for each choice.

The same filters drive the listing page (``EventIndexPage``) and the iCalendar feed, so
every filtered listing has a feed. Values are checked against the known vocabularies in
Python before any query runs: a value that makes no sense becomes an error message (the
page answers 400) and is dropped, never a 500.

Importing only the models defined before ``events.models.events`` keeps this module free of
an import cycle with it (it builds the listing for ``EventIndexPage``).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models.audiences import Audience
from events.models.choices import Format, Region, Sector
from events.models.courses import CoursePage

PER_PAGE = 20
UPCOMING, PAST, ALL = "upcoming", "past", "all"
# The order the filters appear in the form and in URLs.
FILTERS = ("year", "audience", "sector", "format", "region", "course")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")
YEAR = re.compile(r"[0-9]{4}")
NUMBER = re.compile(r"[0-9]{1,9}")
FIRST_YEAR, LAST_YEAR = 1990, 2100

LABELS = {
    "year": _("Year"),
    "audience": _("Who it is for"),
    "sector": _("Sector"),
    "format": _("Format"),
    "region": _("Region"),
    "course": _("Course"),
}
CHOICES = {"sector": Sector, "format": Format, "region": Region}


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option] = field(default_factory=list)

    @property
    def selected(self):
        return next((option for option in self.options if option.selected), None)


class EventListing:
    """One view of a set of events (`events`: a live, public EventQuerySet) through the
    filters in `params` (a QueryDict). `default_when` is what no `when` means: upcoming on
    the listing page, every event in a feed (ALL)."""

    def __init__(self, events, params, *, default_when=UPCOMING, now=None):
        self.events = events
        self.now = now or timezone.now()
        self.errors = []
        self.values = {}  # the valid filters, as they appear in the query string
        self.labels = {}  # their human-readable values
        self.conditions = {}  # name -> a function narrowing an EventQuerySet
        self.default_when = default_when
        self.when = self._clean_when(params.get("when", ""))
        for name in FILTERS:
            raw = params.get(name, "").strip()
            if raw:
                getattr(self, f"_clean_{name}")(raw)
        self.page_number = self._clean_page(params.get("page", ""))

    # --- reading the query string -------------------------------------------------------

    def _error(self, message, **values):
        self.errors.append(message % values if values else message)

    def _keep(self, name, value, label, condition):
        self.values[name] = value
        self.labels[name] = str(label)
        self.conditions[name] = condition

    def _clean_when(self, raw):
        if raw in ("", self.default_when):
            return self.default_when
        if raw in (UPCOMING, PAST, ALL):
            return raw
        self._error(_("Choose upcoming or past events."))
        return self.default_when

    def _clean_year(self, raw):
        if YEAR.fullmatch(raw) and FIRST_YEAR <= int(raw) <= LAST_YEAR:
            year = int(raw)
            self._keep("year", str(year), str(year), lambda events: events.in_year(year))
        else:
            self._error(_("The year should be four digits, such as 2025."))

    def _clean_audience(self, raw):
        audience = Audience.objects.filter(slug=raw).first() if SLUG.fullmatch(raw) else None
        if audience is None:
            self._error(_("There is no audience with that name; choose one from the list."))
        else:
            self._keep(
                "audience",
                audience.slug,
                audience.name,
                lambda events: events.filter(audiences=audience),
            )

    def _clean_choice(self, name, raw):
        vocabulary = CHOICES[name]
        if raw in vocabulary.values:
            self._keep(
                name, raw, vocabulary(raw).label, lambda events: events.filter(**{name: raw})
            )
        else:
            self._error(
                _("There is no %(filter)s with that name; choose one from the list."),
                filter=str(LABELS[name]).lower(),
            )

    def _clean_sector(self, raw):
        self._clean_choice("sector", raw)

    def _clean_format(self, raw):
        self._clean_choice("format", raw)

    def _clean_region(self, raw):
        self._clean_choice("region", raw)

    def _clean_course(self, raw):
        courses = CoursePage.objects.live().public()
        if NUMBER.fullmatch(raw):
            course = courses.filter(pk=int(raw)).first()
        elif SLUG.fullmatch(raw):
            course = courses.filter(slug=raw).first()
        else:
            course = None
        if course is None:
            self._error(_("There is no course with that name; choose one from the list."))
        else:
            self._keep(
                "course", str(course.pk), course.title, lambda events: events.filter(course=course)
            )

    def _clean_page(self, raw):
        if raw == "":
            return 1
        if NUMBER.fullmatch(raw):
            return int(raw)
        self._error(_("The page number should be a whole number."))
        return 1

    # --- querying -----------------------------------------------------------------------

    def _when(self, events, when):
        if when == UPCOMING:
            return events.upcoming(self.now)
        if when == PAST:
            return events.past(self.now)
        return events.order_by("start", "pk")

    def _filtered(self, *, without=None):
        events = self.events
        for name, narrow in self.conditions.items():
            if name != without:
                events = narrow(events)
        return events

    def results(self):
        """The events this listing shows, in its order (soonest first, or newest first)."""
        return self._when(self._filtered(), self.when).for_listing()

    def feed_results(self):
        """The same events for a calendar feed: no audiences or course needed."""
        return self._when(self._filtered(), self.when).defer_streamfields()

    def page(self):
        """The page of results asked for; past the last page gives the last page."""
        paginator = Paginator(self.results(), PER_PAGE)
        return paginator.get_page(self.page_number)

    def when_counts(self):
        """How many upcoming and past events match the other filters, in one query."""
        return (
            self._filtered()
            .order_by()
            .aggregate(
                upcoming=Count("pk", filter=Q(end__gte=self.now)),
                past=Count("pk", filter=Q(end__lt=self.now)),
            )
        )

    def facets(self):
        """Each filter with its choices and how many events each would give, counting with
        the other filters applied (one query a filter, whatever the number of events)."""
        facets = []
        choice_counts = self._unselected_choice_counts()
        for name in FILTERS:
            events = self._when(self._filtered(without=name), self.when).order_by()
            selected = self.values.get(name)
            facet = Facet(name, LABELS[name])
            if name == "year":
                counts = events.year_counts()
                years = sorted(set(counts) | ({int(selected)} if selected else set()))
                order = reversed(years) if self.when != UPCOMING else years
                facet.options = [
                    Option(str(y), str(y), counts.get(y, 0), str(y) == selected) for y in order
                ]
            elif name == "audience":
                rows = events.values("audiences__slug", "audiences__name").annotate(n=Count("pk"))
                facet.options = sorted(
                    (
                        Option(r["audiences__slug"], r["audiences__name"], r["n"], False)
                        for r in rows
                        if r["audiences__slug"]
                    ),
                    key=lambda option: option.label.casefold(),
                )
            elif name == "course":
                rows = events.values("course_id", "course__title").annotate(n=Count("pk"))
                facet.options = sorted(
                    (
                        Option(str(r["course_id"]), r["course__title"], r["n"], False)
                        for r in rows
                        if r["course_id"]
                    ),
                    key=lambda option: option.label.casefold(),
                )
            else:
                counts = choice_counts.get(name)
                if counts is None:  # this filter is in use: counted without it
                    counts = {r[name]: r["n"] for r in events.values(name).annotate(n=Count("pk"))}
                facet.options = [
                    Option(value, label, counts.get(value, 0), False)
                    for value, label in CHOICES[name].choices
                    if counts.get(value) or value == selected
                ]
            for option in facet.options:
                option.selected = option.value == selected
            if selected and not facet.selected:  # chosen, but nothing matches any more
                facet.options.append(Option(selected, self.labels[name], 0, True))
            facets.append(facet)
        return facets

    def _unselected_choice_counts(self):
        """{name: {value: count}} for the choice filters not in use, from one query: they
        all count over the same events, grouped by every combination of their values (a few
        dozen rows at most, whatever the number of events)."""
        names = [name for name in CHOICES if name not in self.conditions]
        if not names:
            return {}
        events = self._when(self._filtered(), self.when).order_by()
        counts = {name: {} for name in names}
        for row in events.values(*names).annotate(n=Count("pk")):
            for name in names:
                counts[name][row[name]] = counts[name].get(row[name], 0) + row["n"]
        return counts

    # --- links --------------------------------------------------------------------------

    def query_string(self, *, when=None, page=None, without=None, feed=False):
        """The query string for this listing with some changes: another `when` or page, one
        filter removed, or (`feed`) the filters alone, for the calendar feed."""
        params = []
        when = when or self.when
        if not feed and when != self.default_when:
            params.append(("when", when))
        params += [
            (name, value) for name, value in self.values.items() if without not in (name, "*")
        ]
        if page and page != 1 and not feed:
            params.append(("page", page))
        return f"?{urlencode(params)}" if params else ""

    def links(self, page):
        """The links the listing page needs for `page` (a Paginator page)."""
        return {
            "upcoming": self.query_string(when=UPCOMING),
            "past": self.query_string(when=PAST),
            "previous": self.query_string(page=page.previous_page_number())
            if page.has_previous()
            else None,
            "next": self.query_string(page=page.next_page_number()) if page.has_next() else None,
            "clear": self.query_string(without="*") if self.values else None,
            "feed": reverse("events:calendar") + self.query_string(feed=True),
        }

    def active_filters(self):
        """(label, value, link without it) for each filter in use."""
        return [
            (LABELS[name], self.labels[name], self.query_string(without=name))
            for name in self.values
        ]

    @property
    def is_past(self):
        return self.when == PAST
