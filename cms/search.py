"""What the public may find: the sources of public search results.

Each source is a model and a function returning only what anyone may see (live, public,
in the visitor's language). Plugins add sources with the Wagtail hook
``register_public_search_sources``; the search plugin asks them all and never lists
models itself. A source's model must declare FilterFields ``year`` and ``topic``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from wagtail import hooks
from wagtail.models import Locale

HOOK_NAME = "register_public_search_sources"


@dataclass(frozen=True)
class PublicSearchSource:
    key: str
    model: type[Model]
    public_queryset: Callable[[Locale], QuerySet]
    # Pages are one source with many types; the facet splits them by content type.
    split_by_content_type: bool = False


def public_search_sources() -> list[PublicSearchSource]:
    sources: list[PublicSearchSource] = []
    for register in hooks.get_hooks(HOOK_NAME):
        sources.extend(register())
    return sources
