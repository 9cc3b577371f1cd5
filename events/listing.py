"""The event listing's filters, read from the query string: upcoming or past, year,
audience, sector, format, region and course, combined, with a count for each choice.

The same filters drive the listing page (``EventIndexPage``) and the iCalendar feed, so
every filtered listing has a feed. What all listings share (checking values before any
query, 400 and a message for one that makes no sense, pages, links, cached facet counts)
is in ``cms.listing``; this module says which filters events have and how each is counted.

The facet counts of upcoming or past events depend on the time as well: the querysets'
``upcoming()`` and ``past()`` mark a cached value as kept at most ``TIME_BOUND``, so cached
facets go stale with the clock as the cached page does. The upcoming/past tab counts are
not cached (one query).

Importing only the models defined before ``events.models.events`` keeps this module free of
an import cycle with it (it builds the listing for ``EventIndexPage``).
"""

import re

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.listing import NUMBER, Facet, Listing, Option
from events.models.audiences import Audience
from events.models.choices import Format, Region, Sector
from events.models.courses import CoursePage

PER_PAGE = 20
UPCOMING, PAST, ALL = "upcoming", "past", "all"
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")
CHOICES = {"sector": Sector, "format": Format, "region": Region}


class EventListing(Listing):
    """One view of a set of events (`events`: a live, public EventQuerySet) through the
    filters in `params` (a QueryDict). `default_when` is what no `when` means: upcoming on
    the listing page, every event in a feed (ALL)."""

    kind = "events"
    FILTERS = ("year", "audience", "sector", "format", "region", "course")
    LABELS = {
        "year": _("Year"),
        "audience": _("Who it is for"),
        "sector": _("Sector"),
        "format": _("Format"),
        "region": _("Region"),
        "course": _("Course"),
    }
    PER_PAGE = PER_PAGE

    def __init__(self, events, params, *, default_when=UPCOMING, now=None, cache_scope=None):
        self.now = now or timezone.now()
        self.default_when = default_when
        super().__init__(params, objects=events, cache_scope=cache_scope)

    # --- reading the query string -------------------------------------------------------

    def _read(self, params):
        self.when = self._clean_when(params.get("when", ""))
        super()._read(params)

    def _clean_when(self, raw):
        if raw in ("", self.default_when):
            return self.default_when
        if raw in (UPCOMING, PAST, ALL):
            return raw
        self._error(_("Choose upcoming or past events."))
        return self.default_when

    def _in_year(self, year):
        return lambda events: events.in_year(year)

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

    def _clean_sector(self, raw):
        self._clean_events_choice("sector", raw)

    def _clean_format(self, raw):
        self._clean_events_choice("format", raw)

    def _clean_region(self, raw):
        self._clean_events_choice("region", raw)

    def _clean_events_choice(self, name, raw):
        self._clean_choice(
            name,
            raw,
            dict(CHOICES[name].choices),
            lambda events: events.filter(**{name: raw}),
        )

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

    # --- querying -----------------------------------------------------------------------

    def _when(self, events, when):
        if when == UPCOMING:
            return events.upcoming(self.now)
        if when == PAST:
            return events.past(self.now)
        return events.order_by("start", "pk")

    def results(self):
        """The events this listing shows, in its order (soonest first, or newest first)."""
        return self._when(self._filtered(), self.when).for_listing()

    def feed_results(self):
        """The same events for a calendar feed: no audiences or course needed."""
        return self._when(self._filtered(), self.when).defer_streamfields()

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

    def _cache_state(self):
        return (("when", self.when),)

    def _facets(self):
        """One query a filter in use, and one for all the choice filters not in use,
        whatever the number of events."""
        facets = []
        choice_counts = self._unselected_choice_counts()
        for name in self.FILTERS:
            events = self._when(self._filtered(without=name), self.when).order_by()
            facet = Facet(name, self.LABELS[name])
            if name == "year":
                selected = self.values.get(name)
                counts = events.year_counts()
                years = sorted(set(counts) | ({int(selected)} if selected else set()))
                order = reversed(years) if self.when != UPCOMING else years
                facet.options = [Option(str(y), str(y), counts.get(y, 0)) for y in order]
            elif name == "audience":
                rows = events.values("audiences__slug", "audiences__name").annotate(n=Count("pk"))
                facet.options = sorted(
                    (
                        Option(r["audiences__slug"], r["audiences__name"], r["n"])
                        for r in rows
                        if r["audiences__slug"]
                    ),
                    key=lambda option: option.label.casefold(),
                )
            elif name == "course":
                rows = events.values("course_id", "course__title").annotate(n=Count("pk"))
                facet.options = sorted(
                    (
                        Option(str(r["course_id"]), r["course__title"], r["n"])
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
                    Option(value, label, counts.get(value, 0))
                    for value, label in CHOICES[name].choices
                    if counts.get(value) or value == self.values.get(name)
                ]
            facets.append(self._mark(facet))
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
        when = when or self.when
        leading = [("when", when)] if not feed and when != self.default_when else []
        return self._encode(leading, page=None if feed else page, without=without)

    def links(self, page):
        """The links the listing page needs for `page` (a Paginator page)."""
        return {
            **super().links(page),
            "upcoming": self.query_string(when=UPCOMING),
            "past": self.query_string(when=PAST),
            "feed": reverse("events:calendar") + self.query_string(feed=True),
        }

    @property
    def is_past(self):
        return self.when == PAST
