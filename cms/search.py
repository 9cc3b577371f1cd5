"""What the public may find: the sources of public search results.

A source is a model whose rows the public may find once they are public. Plugins add
sources with the Wagtail hook ``register_public_search_sources``; the search plugin asks
them all and never lists models itself. The contract a source's model keeps, checked at
start-up by ``cms.checks``:

* it subclasses ``cms.models.ListingFields`` (listing date, year, topic) and indexes
  ``ListingFields.listing_search_fields``, so results are dated, filtered and counted alike;
* its queryset has ``public()``, answering "what may anyone see?" (as Wagtail's
  ``PageQuerySet.public()`` does for pages); a model with a draft state is also filtered
  to what is live; a translatable model to the visitor's language.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from wagtail import hooks
from wagtail.models import Locale, Page, TranslatableMixin, get_page_models

HOOK_NAME = "register_public_search_sources"


@dataclass(frozen=True)
class PublicSearchSource:
    key: str
    model: type[Model]
    # Pages are one source with many types; the facet splits them by content type.
    split_by_content_type: bool = False

    def public_queryset(self, locale: Locale) -> QuerySet:
        """Everything of this source anyone may see, in `locale` where it is translatable."""
        queryset = self.model._default_manager.public()
        if any(field.name == "live" for field in self.model._meta.concrete_fields):
            queryset = queryset.filter(live=True)
        if issubclass(self.model, TranslatableMixin):
            queryset = queryset.filter(locale=locale)
        if issubclass(self.model, Page):
            # Pages of a plugin removed from CMS_PLUGINS keep their rows but have no model,
            # template or URL any more: they are not offered.
            queryset = queryset.filter(content_type__in=installed_page_types())
        if hasattr(queryset, "specific"):
            queryset = queryset.specific()
        return queryset


def installed_page_types() -> list[int]:
    """Content type ids of the page models installed now (cached by ContentType's manager)."""
    return [ContentType.objects.get_for_model(model).pk for model in get_page_models()]


def public_search_sources() -> list[PublicSearchSource]:
    sources: list[PublicSearchSource] = []
    for register in hooks.get_hooks(HOOK_NAME):
        sources.extend(register())
    return sources
