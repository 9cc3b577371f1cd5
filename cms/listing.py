"""What every filtered listing shares: filters read from the query string, pages, facet
counts and the links between them. Each plugin's listing (events, articles, publications,
the awards directory) subclasses `Listing` and keeps only what is its own: which filters it
has, how each value is checked (a ``_clean_<name>`` method) and how each facet is counted.

The rules, the same on every listing:
- Values are checked in Python before any query uses them. A value that makes no sense (an
  unknown name, ``year=abc``, stray Unicode or a NUL byte) becomes an error message and is
  dropped; the page answers 400 and lists without that filter, never a 500. The other
  filters are kept.
- A page number past the last page gives the last page, as ``Paginator.get_page`` does.
- Query strings list the filters in the listing's order (``FILTERS``), then the page.
- Facet counts depend only on the listing's objects and the valid filter values, so a page
  that names its listing (``cache_scope``) gets them through ``cms.cache.memo``: cached
  until a table they read changes (an item published, unpublished, edited or moved).
"""

import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cms import cache as tagged

YEAR = re.compile(r"[0-9]{4}")  # not \d: that takes other scripts' digits too
NUMBER = re.compile(r"[0-9]{1,9}")


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

    @property
    def selected(self):
        return next((option for option in self.options if option.selected), None)

    def add(self, option):
        self.options.append(option)


class Listing:
    """One view of `objects` (a live, public QuerySet, or None where a subclass reads its
    own) through the filters in `params` (a QueryDict). `cache_scope` names the set of
    objects (e.g. "<index page pk>:<locale pk>") for the facet cache; without it facets are
    counted afresh each time."""

    kind = ""  # names the listing in cache keys
    FILTERS: tuple[str, ...] = ()  # the order the filters appear in the form and in URLs
    LABELS: dict = {}  # filter name -> its (translated) label
    PER_PAGE = 10
    FIRST_YEAR, LAST_YEAR = 1990, 2100
    YEAR_ERROR = _("The year should be four digits, such as 2025.")

    def __init__(self, params, *, objects=None, cache_scope=None):
        self.objects = objects
        self.cache_scope = cache_scope
        self.errors = []
        self.values = {}  # the valid filters, as they appear in the query string
        self.labels = {}  # their human-readable values
        self.conditions = {}  # name -> a function narrowing `objects`
        self._read(params)

    # --- reading the query string -------------------------------------------------------

    def _read(self, params):
        for name in self.FILTERS:
            raw = params.get(name, "").strip()
            if raw:
                getattr(self, f"_clean_{name}")(raw)
        self.page_number = self._clean_page(params.get("page", "").strip())

    def _error(self, message, **values):
        self.errors.append(message % values if values else message)

    def _keep(self, name, value, label, condition=None):
        self.values[name] = value
        self.labels[name] = str(label)
        if condition is not None:
            self.conditions[name] = condition

    def _clean_choice(self, name, raw, vocabulary, condition=None):
        """Keep `raw` if it is one of `vocabulary` ({value: label})."""
        if raw in vocabulary:
            self._keep(name, raw, vocabulary[raw], condition)
        else:
            self._error(
                _("There is no %(filter)s with that name; choose one from the list."),
                filter=str(self.LABELS[name]).lower(),
            )

    def _clean_year(self, raw):
        if YEAR.fullmatch(raw) and self.FIRST_YEAR <= int(raw) <= self.LAST_YEAR:
            year = int(raw)
            self._keep("year", str(year), str(year), self._in_year(year))
        else:
            self._error(self.YEAR_ERROR)

    def _in_year(self, year):
        """The condition for the year filter (None: the subclass applies it itself)."""
        return lambda objects: objects.filter(year=year)

    def _clean_page(self, raw):
        if raw == "":
            return 1
        if NUMBER.fullmatch(raw):
            return int(raw)
        self._error(_("The page number should be a whole number."))
        return 1

    # --- querying -----------------------------------------------------------------------

    def _filtered(self, *, without=None):
        """`objects` under every filter in use but `without`."""
        objects = self.objects
        for name, narrow in self.conditions.items():
            if name != without:
                objects = narrow(objects)
        return objects

    def results(self):
        raise NotImplementedError

    def page(self):
        """The page asked for; past the last page (or below the first) gives the last,
        as Paginator.get_page does."""
        return Paginator(self.results(), self.PER_PAGE).get_page(self.page_number)

    def _mark(self, facet):
        """Mark the chosen option; one chosen that no longer matches anything is kept,
        with a count of 0, so it can still be seen and removed."""
        selected = self.values.get(facet.name)
        for option in facet.options:
            option.selected = option.value == selected
        if selected and not facet.selected:
            facet.add(Option(selected, self.labels[facet.name], 0, True))
        return facet

    def facets(self):
        """Each filter with its choices and how many objects each would give, counted
        with the other filters applied; cached when the listing has a `cache_scope`."""
        return self.cached("facets", self._facets)

    def _facets(self):
        raise NotImplementedError

    def cached(self, name, build):
        """`build()` through the tagged cache, keyed by what it may depend on: the kind
        of listing, its scope, the language and the valid filter values. Only plain,
        picklable values (Facet and Option are), never a QuerySet."""
        if self.cache_scope is None:
            return build()
        return tagged.memo(self._cache_key(name), build)

    def _cache_state(self):
        """What, besides the filter values, the cached counts depend on."""
        return ()

    def _cache_key(self, name):
        state = urlencode([*sorted(self.values.items()), *self._cache_state()])
        digest = hashlib.sha256(state.encode()).hexdigest()[:32]
        return f"{name}:{self.kind}:{self.cache_scope}:{get_language()}:{digest}"

    # --- links --------------------------------------------------------------------------

    def query_string(self, *, page=None, without=None):
        """The query string for this listing with another page, or one filter removed
        (`without="*"` removes them all)."""
        return self._encode([], page=page, without=without)

    def _encode(self, leading, *, page=None, without=None):
        params = [
            *leading,
            *((name, value) for name, value in self.values.items() if without not in (name, "*")),
        ]
        if page and page != 1:
            params.append(("page", page))
        return f"?{urlencode(params)}" if params else ""

    def links(self, page):
        """The links the listing page needs for `page` (a Paginator page): previous, next,
        clear all filters, and the numbered pages ([] for a single page; a link of None
        stands for a gap)."""
        return {
            "previous": self.query_string(page=page.previous_page_number())
            if page.has_previous()
            else None,
            "next": self.query_string(page=page.next_page_number()) if page.has_next() else None,
            "clear": self.query_string(without="*") if self.values else None,
            "pages": self.page_links(page),
        }

    def page_links(self, page):
        """[(number, link)] around the current page; a link of None stands for a gap."""
        if not page.has_other_pages():
            return []
        ellipsis = page.paginator.ELLIPSIS
        return [
            (number, None if number == ellipsis else self.query_string(page=number))
            for number in page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
        ]

    def active_filters(self):
        """(label, value, link without it) for each filter in use."""
        return [
            (self.LABELS[name], self.labels[name], self.query_string(without=name))
            for name in self.values
        ]
