"""The publication listing's filters, read from the query string: topic and year,
combined, with a count for each choice, newest first, ten a page.

Values are checked in Python before any query runs: a value that makes no sense (an
unknown topic, `year=abc`, a NUL byte) becomes an error message, the page answers 400 and
the listing is shown without that filter, never a 500.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cms.models import Topic

PER_PAGE = 10
FILTERS = ("topic", "year")  # their order in the form and in URLs
TOPIC_SLUG = re.compile(r"[-\w]{1,100}")  # Topic.slug is a Unicode slug
YEAR = re.compile(r"[0-9]{4}")  # not \d: that takes other scripts' digits too
NUMBER = re.compile(r"[0-9]{1,9}")
FIRST_YEAR, LAST_YEAR = 1900, 2100
LABELS = {"topic": _("Topic"), "year": _("Year")}


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option] = field(default_factory=list)


class PublicationListing:
    """One view of `publications` (a live, public PublicationQuerySet) through the filters
    in `params` (a QueryDict)."""

    def __init__(self, publications, params):
        self.publications = publications
        self.errors = []
        self.values = {}  # the valid filters, as they appear in the query string
        self.labels = {}  # their readable values
        self.conditions = {}  # name -> a function narrowing the queryset
        for name in FILTERS:
            raw = params.get(name, "").strip()
            if raw:
                getattr(self, f"_clean_{name}")(raw)
        self.page_number = self._clean_page(params.get("page", "").strip())

    # --- reading the query string -------------------------------------------------------

    def _keep(self, name, value, label, condition):
        self.values[name] = value
        self.labels[name] = str(label)
        self.conditions[name] = condition

    def _clean_topic(self, raw):
        topic = Topic.objects.filter(slug=raw).first() if TOPIC_SLUG.fullmatch(raw) else None
        if topic is None:
            self.errors.append(_("There is no topic with that name; choose one from the list."))
        else:
            self._keep("topic", topic.slug, topic.name, lambda pages: pages.filter(topics=topic))

    def _clean_year(self, raw):
        if YEAR.fullmatch(raw) and FIRST_YEAR <= int(raw) <= LAST_YEAR:
            year = int(raw)
            self._keep("year", str(year), str(year), lambda pages: pages.filter(year=year))
        else:
            self.errors.append(_("The year should be four digits, such as 2024."))

    def _clean_page(self, raw):
        if raw == "":
            return 1
        if NUMBER.fullmatch(raw):
            return int(raw)
        self.errors.append(_("The page number should be a whole number."))
        return 1

    # --- querying -----------------------------------------------------------------------

    def _filtered(self, *, without=None):
        pages = self.publications
        for name, narrow in self.conditions.items():
            if name != without:
                pages = narrow(pages)
        return pages

    def results(self):
        return self._filtered().newest_first().for_listing()

    def page(self):
        """The page of results asked for; past the last page gives the last page."""
        return Paginator(self.results(), PER_PAGE).get_page(self.page_number)

    def facets(self):
        """Each filter's choices with how many publications each would give with the other
        filters applied: one query a filter, whatever the number of publications."""
        topic_rows = (
            self._filtered(without="topic")
            .order_by()
            .filter(topics__isnull=False)
            .values("topics__slug", "topics__name")
            .annotate(n=Count("pk", distinct=True))
        )
        topics = Facet("topic", LABELS["topic"])
        topics.options = sorted(
            (Option(r["topics__slug"], r["topics__name"], r["n"]) for r in topic_rows),
            key=lambda option: option.label.casefold(),
        )
        year_rows = (
            self._filtered(without="year")
            .order_by()
            .filter(year__isnull=False)
            .values("year")
            .annotate(n=Count("pk"))
        )
        years = Facet("year", LABELS["year"])
        years.options = sorted(
            (Option(str(r["year"]), str(r["year"]), r["n"]) for r in year_rows),
            key=lambda option: option.value,
            reverse=True,
        )
        facets = [topics, years]
        for facet in facets:
            selected = self.values.get(facet.name)
            for option in facet.options:
                option.selected = option.value == selected
            if selected and not any(option.selected for option in facet.options):
                # Chosen, but nothing matches with the other filters any more.
                facet.options.append(Option(selected, self.labels[facet.name], 0, True))
        return facets

    # --- links --------------------------------------------------------------------------

    def query_string(self, *, page=None, without=None):
        """This listing's query string with another page, or without one filter ("*":
        without any)."""
        params = [
            (name, value) for name, value in self.values.items() if without not in (name, "*")
        ]
        if page and page != 1:
            params.append(("page", page))
        return f"?{urlencode(params)}" if params else ""

    def links(self, page):
        """The links the listing needs for `page` (a Paginator page)."""
        return {
            "previous": self.query_string(page=page.previous_page_number())
            if page.has_previous()
            else None,
            "next": self.query_string(page=page.next_page_number()) if page.has_next() else None,
            "clear": self.query_string(without="*") if self.values else None,
        }

    def active_filters(self):
        """(label, value, link without it) for each filter in use."""
        return [
            (LABELS[name], self.labels[name], self.query_string(without=name))
            for name in self.values
        ]
