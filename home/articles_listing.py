"""The article listing's filters, read from the query string: category (by slug), tag (by
slug) and year, combined, newest first, ten a page, with a count for each choice.

What all listings share (checking values before any query, 400 and a message for one that
makes no sense, pages, links, cached facet counts) is in ``cms.listing``; this module says
which filters articles have and how each is counted. It imports no models: the index page
hands it the querysets it reads.
"""

import re

from django.db.models import Case, Count, When
from django.utils.translation import gettext_lazy as _

from cms.listing import Facet, Listing, Option

# Letters (any script), digits, hyphens and underscores: what slugs are made of; no
# control characters, so nothing odd reaches the database.
SLUG = re.compile(r"[-\w]{1,100}")
MAX_TAGS = 30  # the tag menu offers the most used ones


class ArticleListing(Listing):
    """One view of `articles` (a live, public ArticleQuerySet) through the filters in
    `params` (a QueryDict). `categories` and `tags` are the querysets filter values are
    looked up in; `locale` is the language category names are shown in."""

    kind = "articles"
    FILTERS = ("category", "tag", "year")
    LABELS = {"category": _("Category"), "tag": _("Tag"), "year": _("Year")}
    PER_PAGE = 10

    def __init__(self, articles, params, *, categories, tags, locale, cache_scope=None):
        self.categories = categories
        self.tags = tags
        self.locale = locale
        self.category = None
        super().__init__(params, objects=articles, cache_scope=cache_scope)

    # --- reading the query string -------------------------------------------------------

    def _in_locale_first(self, queryset):
        return queryset.order_by(Case(When(locale=self.locale, then=0), default=1), "pk")

    def _clean_category(self, raw):
        category = None
        if SLUG.fullmatch(raw):
            category = self._in_locale_first(self.categories.filter(slug=raw)).first()
        if category is None:
            self._error(_("There is no category with that name; choose one from the list."))
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
            self._error(_("There is no tag with that name; choose one from the list."))
            return
        self._keep("tag", tag.slug, tag.name, lambda articles: articles.filter(tags=tag))

    # --- querying -----------------------------------------------------------------------

    def results(self):
        """The articles this listing shows, newest first."""
        return self._filtered().newest_first().for_listing()

    def _facets(self):
        """Two queries a filter, whatever the number of articles."""
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
        facet = Facet("category", self.LABELS["category"])
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
        facet = Facet("tag", self.LABELS["tag"])
        facet.options = sorted(
            (Option(r["tags__slug"], r["tags__name"], r["n"]) for r in rows),
            key=lambda option: option.label.casefold(),
        )
        return self._mark(facet)

    def _year_facet(self):
        rows = self._filtered(without="year").order_by().values("year").annotate(n=Count("pk"))
        counts = {r["year"]: r["n"] for r in rows if r["year"]}
        facet = Facet("year", self.LABELS["year"])
        facet.options = [Option(str(y), str(y), counts[y]) for y in sorted(counts, reverse=True)]
        return self._mark(facet)
