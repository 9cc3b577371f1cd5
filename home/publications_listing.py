"""The publication listing's filters, read from the query string: topic and year,
combined, with a count for each choice, newest first, ten a page.

What all listings share (checking values before any query, 400 and a message for one that
makes no sense, pages, links, cached facet counts) is in ``cms.listing``; this module says
which filters publications have and how each is counted.
"""

import re

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cms.listing import Facet, Listing, Option
from cms.models import Topic

TOPIC_SLUG = re.compile(r"[-\w]{1,100}")  # Topic.slug is a Unicode slug


class PublicationListing(Listing):
    """One view of `publications` (a live, public PublicationQuerySet) through the filters
    in `params` (a QueryDict)."""

    kind = "publications"
    FILTERS = ("topic", "year")
    LABELS = {"topic": _("Topic"), "year": _("Year")}
    PER_PAGE = 10
    FIRST_YEAR = 1900
    YEAR_ERROR = _("The year should be four digits, such as 2024.")

    def __init__(self, publications, params, *, cache_scope=None):
        super().__init__(params, objects=publications, cache_scope=cache_scope)

    def _clean_topic(self, raw):
        topic = Topic.objects.filter(slug=raw).first() if TOPIC_SLUG.fullmatch(raw) else None
        if topic is None:
            self._error(_("There is no topic with that name; choose one from the list."))
        else:
            self._keep("topic", topic.slug, topic.name, lambda pages: pages.filter(topics=topic))

    def results(self):
        return self._filtered().newest_first().for_listing()

    def _facets(self):
        """One query a filter, whatever the number of publications."""
        topic_rows = (
            self._filtered(without="topic")
            .order_by()
            .filter(topics__isnull=False)
            .values("topics__slug", "topics__name")
            .annotate(n=Count("pk", distinct=True))
        )
        topics = Facet("topic", self.LABELS["topic"])
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
        years = Facet("year", self.LABELS["year"])
        years.options = sorted(
            (Option(str(r["year"]), str(r["year"]), r["n"]) for r in year_rows),
            key=lambda option: option.value,
            reverse=True,
        )
        return [self._mark(topics), self._mark(years)]
