"""The awards directory's filters, read from the query string: scheme, level, year awarded,
sector and region, combined, with a count for each choice and the counts by year and level.

Values are checked against the schemes' vocabularies in Python before any query runs: a
value that makes no sense becomes an error message (the page answers 400) and is dropped,
never a 500. Sector and region describe Quality Mark organisations only: choosing one leaves
the secure settings units out. The query count does not grow with the number of awards.

The listing is given the two schemes' QuerySets (already narrowed to a locale), so it needs
no import of the models that use it.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import BooleanField, CharField, Count, F, Value
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

PER_PAGE = 25
QUALITY_MARK, SECURE_SETTINGS = "quality-mark", "secure-settings"
WORKING = "working"  # the level filter's value for organisations still working towards one
FILTERS = ("scheme", "level", "year", "sector", "region")
YEAR = re.compile(r"[0-9]{4}")
NUMBER = re.compile(r"[0-9]{1,9}")
FIRST_YEAR, LAST_YEAR = 2000, 2100

SCHEMES = {
    QUALITY_MARK: _("Working with Trauma Quality Mark"),
    SECURE_SETTINGS: _("Working with Trauma framework for secure settings"),
}
LABELS = {
    "scheme": _("Scheme"),
    "level": _("Level"),
    "year": _("Year awarded"),
    "sector": _("Sector"),
    "region": _("Region"),
}


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    """A filter with its choices, in groups (label, options); most have one unnamed group."""

    name: str
    label: str
    groups: list = field(default_factory=list)

    @property
    def options(self):
        return [option for _label, options in self.groups for option in options]


@dataclass
class CountsTable:
    """Awards of one scheme by year awarded (rows, newest first) and level (columns)."""

    caption: str
    levels: list  # [(value, label)]
    rows: list  # [(year, [count per level], total)]

    @property
    def total(self):
        return sum(total for _year, _counts, total in self.rows)


class AwardsListing:
    """One view of the directory through the filters in `params` (a QueryDict), over
    `quality_marks` and `secure_settings`: the two schemes' QuerySets for one locale."""

    def __init__(self, quality_marks, secure_settings, params):
        self.quality_marks = quality_marks
        self.secure_settings = secure_settings
        qm, ss = quality_marks.model, secure_settings.model
        self.qm_levels = dict(qm.Level.choices)
        self.qm_levels_and_working = {**self.qm_levels, WORKING: _("Working towards it")}
        self.ss_levels = dict(ss.Level.choices)
        self.sectors = dict(qm.Sector.choices)
        self.regions = dict(qm.Region.choices)
        self.errors = []
        self.values = {}  # the valid filters, as they appear in the query string
        self.labels = {}  # their human-readable values
        for name in FILTERS:
            raw = params.get(name, "").strip()
            if raw:
                getattr(self, f"_clean_{name}")(raw)
        self.page_number = self._clean_page(params.get("page", "").strip())

    # --- reading the query string -------------------------------------------------------

    def _keep(self, name, value, label):
        self.values[name] = value
        self.labels[name] = str(label)

    def _clean_from(self, name, raw, vocabulary):
        if raw in vocabulary:
            self._keep(name, raw, vocabulary[raw])
        else:
            self.errors.append(
                _("There is no %(filter)s with that name; choose one from the list.")
                % {"filter": str(LABELS[name]).lower()}
            )

    def _clean_scheme(self, raw):
        self._clean_from("scheme", raw, SCHEMES)

    def _clean_level(self, raw):
        self._clean_from("level", raw, {**self.qm_levels_and_working, **self.ss_levels})

    def _clean_sector(self, raw):
        self._clean_from("sector", raw, self.sectors)

    def _clean_region(self, raw):
        self._clean_from("region", raw, self.regions)

    def _clean_year(self, raw):
        if YEAR.fullmatch(raw) and FIRST_YEAR <= int(raw) <= LAST_YEAR:
            self._keep("year", raw, raw)
        else:
            self.errors.append(_("The year should be four digits, such as 2024."))

    def _clean_page(self, raw):
        if raw == "":
            return 1
        if NUMBER.fullmatch(raw):
            return int(raw)
        self.errors.append(_("The page number should be a whole number."))
        return 1

    # --- what each scheme contributes -----------------------------------------------------

    def _level_scheme(self, level):
        if level in self.ss_levels:
            return SECURE_SETTINGS
        return QUALITY_MARK if level else None

    def shows(self, scheme, *, without=()):
        """Whether `scheme` can have results under the filters (but those in `without`)."""
        values = {k: v for k, v in self.values.items() if k not in without}
        if values.get("scheme", scheme) != scheme:
            return False
        if self._level_scheme(values.get("level")) not in (None, scheme):
            return False
        # Sector and region say nothing of a unit in a prison.
        return scheme == QUALITY_MARK or not ({"sector", "region"} & values.keys())

    def _quality_marks(self, *, without=()):
        awards = self.quality_marks
        if not self.shows(QUALITY_MARK, without=without):
            return awards.none()
        level, year = self.values.get("level"), self.values.get("year")
        if level and "level" not in without:
            awards = awards.working_towards() if level == WORKING else awards.at_level(level)
        if year and "year" not in without:
            awards = awards.awarded_in(int(year))
        if "sector" in self.values and "sector" not in without:
            awards = awards.in_sector(self.values["sector"])
        if "region" in self.values and "region" not in without:
            awards = awards.in_region(self.values["region"])
        return awards

    def _secure_settings(self, *, without=()):
        awards = self.secure_settings
        if not self.shows(SECURE_SETTINGS, without=without):
            return awards.none()
        level, year = self.values.get("level"), self.values.get("year")
        if level and "level" not in without:
            awards = awards.at_level(level)
        if year and "year" not in without:
            awards = awards.awarded_in(int(year))
        return awards

    # --- results --------------------------------------------------------------------------

    def results(self):
        """Both schemes' awards as one list of dicts, Quality Mark first, by name: a union
        of two queries, so a page of it is one query whatever the number of awards."""
        text, yes_no = CharField(), BooleanField()
        quality_marks = self._quality_marks().annotate(
            scheme=Value(QUALITY_MARK, output_field=text),
            sort_name=Lower("organisation"),
            name=F("organisation"),
            place=Value("", output_field=text),
            the_sector=F("sector"),
            the_region=F("region"),
            the_level=F("level"),
            year=F("awarded_year"),
            began=F("began_year"),
            url=F("link"),
            is_pilot=Value(False, output_field=yes_no),
        )
        secure_settings = self._secure_settings().annotate(
            scheme=Value(SECURE_SETTINGS, output_field=text),
            sort_name=Lower("unit"),
            name=F("unit"),
            place=F("establishment"),
            the_sector=Value("", output_field=text),
            the_region=Value("", output_field=text),
            the_level=F("level"),
            year=F("awarded_year"),
            began=F("awarded_year"),
            url=Value("", output_field=text),
            is_pilot=F("pilot"),
        )
        columns = (
            "pk", "scheme", "sort_name", "name", "place", "the_sector", "the_region",
            "the_level", "year", "began", "url", "is_pilot",
        )  # fmt: skip
        return (
            quality_marks.order_by()
            .values(*columns)
            .union(secure_settings.order_by().values(*columns), all=True)
            .order_by("scheme", "sort_name", "pk")
        )

    def page(self):
        """The page of results asked for, each row described for the template; past the
        last page gives the last page."""
        page = Paginator(self.results(), PER_PAGE).get_page(self.page_number)
        page.object_list = [self._describe(row) for row in page.object_list]
        return page

    def _describe(self, row):
        quality_mark = row["scheme"] == QUALITY_MARK
        levels = self.qm_levels if quality_mark else self.ss_levels
        return {
            **row,
            "scheme_label": SCHEMES[row["scheme"]],
            "level_label": levels.get(row["the_level"], ""),
            "sector_label": self.sectors.get(row["the_sector"], ""),
            "region_label": self.regions.get(row["the_region"], ""),
        }

    # --- counts ---------------------------------------------------------------------------

    @cached_property
    def _grids(self):
        """Each scheme's {(level, year awarded): n} with the sector and region filters
        ("", None: those working towards a level): the tables, the scheme, level and year
        choices all come from these two queries."""
        everything_but = ("scheme", "level", "year")
        return {
            QUALITY_MARK: self._quality_marks(without=everything_but).counts_by_level_and_year(),
            SECURE_SETTINGS: self._secure_settings(
                without=everything_but
            ).counts_by_level_and_year(),
        }

    def _count(self, scheme, *, level=None, year=None):
        """How many of `scheme`'s awards (under the filters but level and year) have `level`
        and were awarded in `year` (None: any)."""
        return sum(
            n
            for (row_level, row_year), n in self._grids[scheme].items()
            if (level is None or row_level == level or (level == WORKING and not row_level))
            and (year is None or row_year == year)
        )

    def tables(self):
        """A table of counts by year and level for each scheme that has awards to show,
        its columns the levels awarded (with the filters but level and year)."""
        captions = {
            QUALITY_MARK: _("Quality Mark awards by year and level"),
            SECURE_SETTINGS: _("Secure settings awards by year and level"),
        }
        tables = []
        for scheme, vocabulary in (
            (QUALITY_MARK, self.qm_levels),
            (SECURE_SETTINGS, self.ss_levels),
        ):
            if not self.shows(scheme, without=("level", "year")):
                continue
            grid = {key: n for key, n in self._grids[scheme].items() if key[0]}
            if not grid:
                continue
            awarded = {level for level, _year in grid}
            levels = [(value, label) for value, label in vocabulary.items() if value in awarded]
            years = sorted({year for _level, year in grid}, reverse=True)
            rows = []
            for year in years:
                counts = [grid.get((level, year), 0) for level, _label in levels]
                rows.append((year, counts, sum(counts)))
            tables.append(CountsTable(captions[scheme], levels, rows))
        return tables

    def began_counts(self):
        """[(year, n)], newest first: how many organisations began their Quality Mark journey
        each year (with the sector and region filters; only the chosen year if one is)."""
        if not self.shows(QUALITY_MARK, without=("level", "year")):
            return []
        counts = self._quality_marks(without=("level", "year")).counts_by_year_began()
        year = self.values.get("year")
        if year:
            counts = {int(year): counts.get(int(year), 0)}
        return sorted(counts.items(), reverse=True)

    def facets(self):
        """Each filter with its choices and how many awards each would give with the other
        filters applied. Levels and years no award has are left out (unless chosen)."""
        year = int(self.values["year"]) if "year" in self.values else None
        level = self.values.get("level")
        facets = [
            self._scheme_facet(level, year),
            self._level_facet(year),
            self._year_facet(level),
            self._choice_facet("sector", self.sectors),
            self._choice_facet("region", self.regions),
        ]
        for facet in facets:
            selected = self.values.get(facet.name)
            for option in facet.options:
                option.selected = option.value == selected
            if selected and not any(option.selected for option in facet.options):
                facet.groups.append((None, [Option(selected, self.labels[facet.name], 0, True)]))
        return facets

    def _scheme_facet(self, level, year):
        options = []
        for scheme, label in SCHEMES.items():
            count = (
                self._count(scheme, level=level, year=year)
                if self.shows(scheme, without=("scheme",))
                else 0
            )
            options.append(Option(scheme, str(label), count))
        return Facet("scheme", LABELS["scheme"], [(None, options)])

    def _level_facet(self, year):
        groups = []
        for scheme, vocabulary in (
            (QUALITY_MARK, self.qm_levels_and_working),
            (SECURE_SETTINGS, self.ss_levels),
        ):
            if not self.shows(scheme, without=("level",)):
                continue
            options = [
                Option(value, str(label), self._count(scheme, level=value, year=year))
                for value, label in vocabulary.items()
            ]
            options = [option for option in options if option.count]
            if options:
                groups.append((SCHEMES[scheme], options))
        return Facet("level", LABELS["level"], groups)

    def _year_facet(self, level):
        schemes = [s for s in (QUALITY_MARK, SECURE_SETTINGS) if self.shows(s, without=("year",))]
        years = {year for s in schemes for _level, year in self._grids[s] if year is not None}
        options = []
        for year in sorted(years, reverse=True):
            count = sum(self._count(s, level=level, year=year) for s in schemes)
            if count:
                options.append(Option(str(year), str(year), count))
        return Facet("year", LABELS["year"], [(None, options)])

    def _choice_facet(self, name, vocabulary):
        rows = self._quality_marks(without=(name,)).order_by().values(name).annotate(n=Count("pk"))
        counts = {row[name]: row["n"] for row in rows}
        options = [
            Option(value, str(label), counts[value])
            for value, label in vocabulary.items()
            if counts.get(value)
        ]
        return Facet(name, LABELS[name], [(None, options)])

    # --- links and the page's context -----------------------------------------------------

    def query_string(self, *, page=None, without=None):
        """This directory's query string with another page, or one filter (or "*": all)
        removed."""
        params = [
            (name, value) for name, value in self.values.items() if without not in (name, "*")
        ]
        if page and page != 1:
            params.append(("page", page))
        return f"?{urlencode(params)}" if params else ""

    def page_links(self, page):
        """[(number, link)] around the current page; a link of None stands for a gap."""
        if not page.has_other_pages():
            return []
        numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        return [
            (number, None if number == page.paginator.ELLIPSIS else self.query_string(page=number))
            for number in numbers
        ]

    def active_filters(self):
        """(label, value, link without it) for each filter in use."""
        return [
            (LABELS[name], self.labels[name], self.query_string(without=name))
            for name in self.values
        ]

    def context(self):
        """What the directory page's template needs."""
        awards = self.page()
        return {
            "listing": self,
            "awards": awards,
            "facets": self.facets(),
            "tables": self.tables(),
            "began_counts": self.began_counts(),
            "links": {
                "previous": self.query_string(page=awards.previous_page_number())
                if awards.has_previous()
                else None,
                "next": self.query_string(page=awards.next_page_number())
                if awards.has_next()
                else None,
                "clear": self.query_string(without="*") if self.values else None,
                "pages": self.page_links(awards),
            },
        }
