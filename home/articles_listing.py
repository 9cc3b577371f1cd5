"""The article listing's filters, read from the query string: category (by slug), tag (by
slug) and year, combined, newest first, ten a page, with a count for each choice.

Values are checked in Python before any query uses them: a value that makes no sense (an
unknown category, ``year=abc``, stray Unicode or a NUL byte) becomes an error message, the
page answers 400 and lists the articles without that filter; never a 500. The module
imports no models: the index page hands it the querysets it reads.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Case, Count, When
from django.utils.translation import gettext_lazy as _

PER_PAGE = 10
# The order the filters appear in the form and in URLs.
FILTERS = ("category", "tag", "year")
# Letters (any script), digits, hyphens and underscores: what slugs are made of; no
# control characters, so nothing odd reaches the database.
SLUG = re.compile(r"[-\w]{1,100}")
YEAR = re.compile(r"[0-9]{4}", re.ASCII)
NUMBER = re.compile(r"[0-9]{1,9}", re.ASCII)
FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_TAGS = 30  # the tag menu offers the most used ones

ELLIPSIS = Paginator.ELLIPSIS

LABELS = {"category": _("Category"), "tag": _("Tag"), "year": _("Year")}


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


class ArticleListing:
    """One view of `articles` (a live, public ArticleQuerySet) through the filters in
    `params` (a QueryDict). `categories` and `tags` are the querysets filter values are
    looked up in; `locale` is the language category names are shown in."""

    def __init__(self, articles, params, *, categories, tags, locale):
        self.articles = articles
        self.categories = categories
        self.tags = tags
        self.locale = locale
        self.errors = []
        self.values = {}  # the valid filters, as they appear in the query string
        self.labels = {}  # their human-readable values
        self.conditions = {}  # name -> a function narrowing an ArticleQuerySet
        self.category = None
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

    def _in_locale_first(self, queryset):
        return queryset.order_by(Case(When(locale=self.locale, then=0), default=1), "pk")

    def _clean_category(self, raw):
        category = None
        if SLUG.fullmatch(raw):
            category = self._in_locale_first(self.categories.filter(slug=raw)).first()
        if category is None:
            self.errors.append(_("There is no category with that name; choose one from the list."))
            return
        self.category = category
        self._keep(
            "category",
            category.slug,
            category.name,
            lambda articles: articles.in_category(category),
        )

    def _clean_tag(self, raw):
        tag = self.tags.filter(slug=raw).first() if SLUG.fullmatch(raw) else None
        if tag is None:
            self.errors.append(_("There is no tag with that name; choose one from the list."))
            return
        self._keep("tag", tag.slug, tag.name, lambda articles: articles.filter(tags=tag))

    def _clean_year(self, raw):
        if YEAR.fullmatch(raw) and FIRST_YEAR <= int(raw) <= LAST_YEAR:
            year = int(raw)
            self._keep("year", str(year), str(year), lambda articles: articles.filter(year=year))
        else:
            self.errors.append(_("The year should be four digits, such as 2025."))

    def _clean_page(self, raw):
        if raw == "":
            return 1
        if NUMBER.fullmatch(raw):
            return int(raw)
        self.errors.append(_("The page number should be a whole number."))
        return 1

    # --- querying -----------------------------------------------------------------------

    def _filtered(self, *, without=None):
        articles = self.articles
        for name, narrow in self.conditions.items():
            if name != without:
                articles = narrow(articles)
        return articles

    def results(self):
        """The articles this listing shows, newest first."""
        return self._filtered().newest_first().for_listing()

    def page(self):
        """The page asked for: past the last page gives the last, below 1 the first."""
        return Paginator(self.results(), PER_PAGE).get_page(self.page_number)

    def facets(self):
        """Each filter with its choices and how many articles each would give, counting with
        the other filters applied (two queries a filter, whatever the number of articles)."""
        return [self._category_facet(), self._tag_facet(), self._year_facet()]

    def _category_facet(self):
        rows = (
            self._filtered(without="category")
            .order_by()
            .values("categories__translation_key")
            .annotate(n=Count("pk", distinct=True))
        )
        counts = {r["categories__translation_key"]: r["n"] for r in rows if r["n"]}
        counts.pop(None, None)
        names = {}
        # One category per translation key: this language's version if there is one.
        for category in self._in_locale_first(self.categories.filter(translation_key__in=counts)):
            names.setdefault(category.translation_key, category)
        facet = Facet("category", LABELS["category"])
        facet.options = sorted(
            (Option(c.slug, c.name, counts[key]) for key, c in names.items()),
            key=lambda option: option.label.casefold(),
        )
        return self._mark(facet)

    def _tag_facet(self):
        rows = (
            self._filtered(without="tag")
            .order_by()
            .filter(tags__isnull=False)
            .values("tags__slug", "tags__name")
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n", "tags__name")[:MAX_TAGS]
        )
        facet = Facet("tag", LABELS["tag"])
        facet.options = sorted(
            (Option(r["tags__slug"], r["tags__name"], r["n"]) for r in rows),
            key=lambda option: option.label.casefold(),
        )
        return self._mark(facet)

    def _year_facet(self):
        rows = self._filtered(without="year").order_by().values("year").annotate(n=Count("pk"))
        counts = {r["year"]: r["n"] for r in rows if r["year"]}
        facet = Facet("year", LABELS["year"])
        facet.options = [Option(str(y), str(y), counts[y]) for y in sorted(counts, reverse=True)]
        return self._mark(facet)

    def _mark(self, facet):
        selected = self.values.get(facet.name)
        for option in facet.options:
            option.selected = option.value == selected
        if selected and not facet.selected:  # chosen, but nothing matches any more
            facet.options.append(Option(selected, self.labels[facet.name], 0, True))
        return facet

    # --- links --------------------------------------------------------------------------

    def query_string(self, *, page=None, without=None):
        """The query string for this listing with another page, or one filter removed
        (`without="*"` removes them all)."""
        params = [
            (name, value) for name, value in self.values.items() if without not in (name, "*")
        ]
        if page and page != 1:
            params.append(("page", page))
        return f"?{urlencode(params)}" if params else ""

    def links(self, page):
        """The links the listing page needs for `page` (a Paginator page)."""
        return {
            "previous": self.query_string(page=page.previous_page_number())
            if page.has_previous()
            else None,
            "next": self.query_string(page=page.next_page_number()) if page.has_next() else None,
            "clear": self.query_string(without="*") if self.values else None,
            "pages": [
                (number, self.query_string(page=number) if number != ELLIPSIS else None)
                for number in page.paginator.get_elided_page_range(
                    page.number, on_each_side=2, on_ends=1
                )
            ],
        }

    def active_filters(self):
        """(label, value, link without it) for each filter in use."""
        return [
            (LABELS[name], self.labels[name], self.query_string(without=name))
            for name in self.values
        ]
