"""The awards directory's filters, read from the query string: scheme, level, year awarded,
sector and region, combined, with a count for each choice and the counts by year and level.

What all listings share (checking values before any query, 400 and a message for one that
makes no sense, pages, links, cached counts) is in ``cms.listing``; this module says which
filters the directory has and how each is counted. Sector and region describe Quality Mark
organisations only: choosing one leaves the secure settings units out. The query count does
not grow with the number of awards, and the counts (facets, tables, journeys begun) are
cached until an award changes.

The listing is given the two schemes' QuerySets (already narrowed to a locale), so it needs
no import of the models that use it.
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, CharField, Count, F, Value
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from cms.listing import Listing, Option

QUALITY_MARK, SECURE_SETTINGS = "quality-mark", "secure-settings"
WORKING = "working"  # the level filter's value for organisations still working towards one

SCHEMES = {
    QUALITY_MARK: _("Working with Trauma Quality Mark"),
    SECURE_SETTINGS: _("Working with Trauma framework for secure settings"),
}


@dataclass
class Facet:
    """A filter with its choices, in groups (label, options); most have one unnamed group."""

    name: str
    label: str
    groups: list = field(default_factory=list)

    @property
    def options(self):
        return [option for _label, options in self.groups for option in options]

    @property
    def selected(self):
        return next((option for option in self.options if option.selected), None)

    def add(self, option):
        self.groups.append((None, [option]))


@dataclass
class CountsTable:
    """Awards of one scheme by year awarded (rows, newest first) and level (columns)."""

    caption: str
    levels: list  # [(value, label)]
    rows: list  # [(year, [count per level], total)]

    @property
    def total(self):
        return sum(total for _year, _counts, total in self.rows)


class AwardsListing(Listing):
    """One view of the directory through the filters in `params` (a QueryDict), over
    `quality_marks` and `secure_settings`: the two schemes' QuerySets for one locale.
    The filters narrow each scheme in its own way (see `_quality_marks`), so the listing
    keeps no conditions of the shared kind."""

    kind = "awards"
    FILTERS = ("scheme", "level", "year", "sector", "region")
    LABELS = {
        "scheme": _("Scheme"),
        "level": _("Level"),
        "year": _("Year awarded"),
        "sector": _("Sector"),
        "region": _("Region"),
    }
    PER_PAGE = 25
    FIRST_YEAR = 2000
    YEAR_ERROR = _("The year should be four digits, such as 2024.")

    def __init__(self, quality_marks, secure_settings, params, *, cache_scope=None):
        self.quality_marks = quality_marks
        self.secure_settings = secure_settings
        qm, ss = quality_marks.model, secure_settings.model
        self.qm_levels = dict(qm.Level.choices)
        self.qm_levels_and_working = {**self.qm_levels, WORKING: _("Working towards it")}
        self.ss_levels = dict(ss.Level.choices)
        self.sectors = dict(qm.Sector.choices)
        self.regions = dict(qm.Region.choices)
        super().__init__(params, cache_scope=cache_scope)

    # --- reading the query string -------------------------------------------------------

    def _clean_scheme(self, raw):
        self._clean_choice("scheme", raw, SCHEMES)

    def _clean_level(self, raw):
        self._clean_choice("level", raw, {**self.qm_levels_and_working, **self.ss_levels})

    def _clean_sector(self, raw):
        self._clean_choice("sector", raw, self.sectors)

    def _clean_region(self, raw):
        self._clean_choice("region", raw, self.regions)

    def _in_year(self, year):
        return None  # applied by _quality_marks and _secure_settings

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
        page = super().page()
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

    def counts(self):
        """The facets, the tables and the journeys begun: all counts, cached together."""
        return self.cached(
            "counts",
            lambda: {
                "facets": self._facets(),
                "tables": self.tables(),
                "began_counts": self.began_counts(),
            },
        )

    def facets(self):
        return self.counts()["facets"]

    def _facets(self):
        """Levels and years no award has are left out (unless chosen)."""
        year = int(self.values["year"]) if "year" in self.values else None
        level = self.values.get("level")
        return [
            self._mark(facet)
            for facet in (
                self._scheme_facet(level, year),
                self._level_facet(year),
                self._year_facet(level),
                self._choice_facet("sector", self.sectors),
                self._choice_facet("region", self.regions),
            )
        ]

    def _scheme_facet(self, level, year):
        options = []
        for scheme, label in SCHEMES.items():
            count = (
                self._count(scheme, level=level, year=year)
                if self.shows(scheme, without=("scheme",))
                else 0
            )
            options.append(Option(scheme, str(label), count))
        return Facet("scheme", self.LABELS["scheme"], [(None, options)])

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
        return Facet("level", self.LABELS["level"], groups)

    def _year_facet(self, level):
        schemes = [s for s in (QUALITY_MARK, SECURE_SETTINGS) if self.shows(s, without=("year",))]
        years = {year for s in schemes for _level, year in self._grids[s] if year is not None}
        options = []
        for year in sorted(years, reverse=True):
            count = sum(self._count(s, level=level, year=year) for s in schemes)
            if count:
                options.append(Option(str(year), str(year), count))
        return Facet("year", self.LABELS["year"], [(None, options)])

    def _choice_facet(self, name, vocabulary):
        rows = self._quality_marks(without=(name,)).order_by().values(name).annotate(n=Count("pk"))
        counts = {row[name]: row["n"] for row in rows}
        options = [
            Option(value, str(label), counts[value])
            for value, label in vocabulary.items()
            if counts.get(value)
        ]
        return Facet(name, self.LABELS[name], [(None, options)])

    # --- the page's context ------------------------------------------------------------

    def context(self):
        """What the directory page's template needs."""
        awards = self.page()
        counts = self.counts()
        return {
            "listing": self,
            "awards": awards,
            "facets": counts["facets"],
            "tables": counts["tables"],
            "began_counts": counts["began_counts"],
            "links": self.links(awards),
        }
