"""Whole public pages cached for anonymous visitors, purged when what they show changes.

Why our own middleware rather than wagtail-cache: wagtail-cache keys by URL and, on
publish, clears either one URL or the whole cache, so a page that lists another (a news
listing, the home page, a menu) is either stale or everything is thrown away. Here each
response is stored with the tags of what it read (cms.cache), so a publish purges that
page, its parent's listing and every page that listed or linked to it, and nothing else.

What is cached: GET responses of views that opt in (Wagtail's page serving, through the
`before_serve_page` hook, and views wrapped in `cacheable`), with status 200, for a visitor
without a session, answered without setting a cookie or using a CSRF token, not marked
private or no-store, and not streamed. So the admin, previews, signed-in editors, forms
(registration, enquiries, page passwords) and private pages are never cached. The key is
the scheme, host, path and query string; the language is in the path.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.http import HttpResponse
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms import cache as tagged

HEADER = "X-Page-Cache"
MAX_BYTES = 2 * 1024 * 1024
# A visitor with one of these cookies may see something made for them.
PERSONAL_COOKIES = ("messages",)
# Saving a draft writes only these on the live page's row: the public page is unchanged.
DRAFT_FIELDS = frozenset(
    {
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
    }
)
# Written while pages are served or as bookkeeping: never a reason to purge.
QUIET_APPS = frozenset({"sessions", "admin", "axes", "django_tasks_db", "contenttypes"})
ANY_PAGE = tagged.ANY_PAGE  # bumped by every page change, for views that list every page


def mark_cacheable(request) -> None:
    request.page_cache_allowed = True


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    mark_cacheable(request)


def cacheable(view, depends_on=()):
    """Let the page cache keep this view's public responses; `depends_on` names tags the
    view's output depends on beyond what it reads (e.g. ANY_PAGE for the sitemap)."""

    def wrapped(request, *args, **kwargs):
        mark_cacheable(request)
        tagged.depends_on(*depends_on)
        return view(request, *args, **kwargs)

    wrapped.__name__ = getattr(view, "__name__", "view")
    wrapped.__doc__ = view.__doc__
    return wrapped


def _never_pages() -> tuple[str, ...]:
    """Paths that are never pages: no cache lookup for them (static files, media, the
    admin, documents, which have their own privacy checks)."""
    prefixes = getattr(_never_pages, "prefixes", None)
    if prefixes is None:
        prefixes = _never_pages.prefixes = tuple(
            prefix
            for prefix in (settings.STATIC_URL, settings.MEDIA_URL, "/admin/", "/documents/")
            if prefix
        )
    return prefixes


def _eligible(request) -> bool:
    if request.method != "GET" or not settings.PAGE_CACHE:
        return False
    if request.path.startswith(_never_pages()):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "HTTP_AUTHORIZATION" in request.META:
        return False
    return not any(name in cookies for name in PERSONAL_COOKIES)


def _key(request) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    address = f"{request.scheme}://{host}{request.get_full_path()}"
    return "response:" + hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()


def _storable(request, response) -> bool:
    if not getattr(request, "page_cache_allowed", False):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    return len(response.content) <= MAX_BYTES


class PageCacheMiddleware:
    """First in MIDDLEWARE (after the health checks): a hit skips everything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with tagged.request_scope():  # the cache's clock is read once per request
            return self._respond(request)

    def _respond(self, request):
        if not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        if key is None:
            return self.get_response(request)
        entry = tagged.lookup(key)
        if entry is not None:
            status, headers, content = entry
            response = HttpResponse(content, status=status, headers=headers)
            response[HEADER] = "hit"
            return response
        since = tagged.clock()
        with tagged.collecting() as tags:
            response = self.get_response(request)
        if _storable(request, response):
            headers = {
                name: value for name, value in response.items() if name.lower() != HEADER.lower()
            }
            stored = tagged.store(
                key,
                (response.status_code, headers, response.content),
                tags,
                since,
                settings.PAGE_CACHE_TIMEOUT,
            )
            response[HEADER] = "miss" if stored else "bypass"
        else:
            response[HEADER] = "bypass"
        return response


# Purging -------------------------------------------------------------------------------


def page_tags(page) -> set[str]:
    """What to purge when `page` changes: itself, its parent (which lists it), the pages of
    its type (listings, related items) and views of every page."""
    tags = {tagged.page_tag(page.pk), ANY_PAGE}
    if page.translation_key:
        tags.add(tagged.translations_tag(page.translation_key))
    specific_class = page.specific_class
    if specific_class is not None and specific_class is not Page:
        tags.add(tagged.table_tag(specific_class))
    if page.depth and page.depth > 1:
        parent_path = page.path[: -Page.steplen]
        parent_id = Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()
        if parent_id:
            tags.add(tagged.page_tag(parent_id))
    return tags


def _quiet(model) -> bool:
    from wagtail.images.models import AbstractRendition

    meta = model._meta
    return (
        meta.app_label in QUIET_APPS
        or issubclass(model, AbstractRendition)
        or meta.model_name.startswith("historical")
    )


def _saved(sender, instance, created=False, update_fields=None, **kwargs):
    if isinstance(instance, Page):
        if update_fields and DRAFT_FIELDS.issuperset(update_fields):
            return
        tagged.purge(*page_tags(instance))
    elif not _quiet(sender):
        tags = {tagged.table_tag(sender)}
        if isinstance(instance, PageViewRestriction):
            tags.add(tagged.page_tag(instance.page_id))
        tagged.purge(*tags)


def _deleted(sender, instance, **kwargs):
    _saved(sender, instance)


def _many_to_many(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        tagged.purge(tagged.table_tag(sender))


def _published(sender, instance, **kwargs):
    tagged.purge(*page_tags(instance))


def _moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    """A move changes the addresses of the page and everything under it."""
    tags = page_tags(instance)
    for parent in (parent_page_before, parent_page_after):
        if parent is not None:
            tags.add(tagged.page_tag(parent.pk))
    moved = Page.objects.descendant_of(instance).values_list("pk", flat=True)
    tags.update(tagged.page_tag(pk) for pk in moved)
    tagged.purge(*tags)


def connect() -> None:
    post_init.connect(tagged.record_loaded_page, dispatch_uid="cms_cache_loaded_page")
    post_save.connect(_saved, dispatch_uid="cms_cache_saved")
    post_delete.connect(_deleted, dispatch_uid="cms_cache_deleted")
    m2m_changed.connect(_many_to_many, dispatch_uid="cms_cache_m2m")
    page_published.connect(_published, dispatch_uid="cms_cache_published")
    page_unpublished.connect(_published, dispatch_uid="cms_cache_unpublished")
    post_page_move.connect(_moved, dispatch_uid="cms_cache_moved")
