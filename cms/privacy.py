"""Which pages are private, read once and cached until a view restriction or a restricted
page changes, so that serving a public page and listing public pages ask the database
nothing about privacy.

Only facts are cached (which sections carry a view restriction), never whether a visitor
may see them: that is still decided per request, from the session and the user, by
Wagtail's own checks (``PageViewRestriction.accept_request``).

Purging: saving or deleting a restriction bumps ``table:wagtailcore_pageviewrestriction``
(cms.page_cache), and moving a restricted page (or a section above it) bumps its
``page:<id>`` tag, which the cached paths depend on.
"""

from django.db.models import Q
from wagtail.models import PageViewRestriction

from cms import cache as tagged


def restricted_paths() -> tuple[str, ...]:
    """The tree paths of the pages that carry a view restriction: these pages and every
    page under them are private."""

    def build():
        rows = PageViewRestriction.objects.values_list("page_id", "page__path").distinct()
        rows = sorted(set(rows), key=lambda row: row[1])
        # Read by value, so no page is loaded (and recorded) by itself: a move changes
        # the path of the restricted page, which bumps its tag.
        tagged.depends_on(*(tagged.page_tag(page_id) for page_id, _path in rows))
        return tuple(path for _page_id, path in rows)

    return tagged.memo("privacy:restricted-paths", build)


def private_q() -> Q:
    """``PageQuerySet.private_q()`` from the cached paths: pages in a private section."""
    q = Q()
    for path in restricted_paths():
        q |= Q(path__startswith=path)
    # No private section: match no page.
    return q if q else Q(pk__in=[])


def public_pages(queryset):
    """``queryset.public()`` without a query for the restrictions: `queryset` (of pages,
    any PageQuerySet: children, a related manager, Page.objects) without the pages in a
    private section."""
    return queryset.exclude(private_q())
