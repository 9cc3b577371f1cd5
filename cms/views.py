"""Page serving with a language fallback: a page not yet translated into the visitor's
language is shown in the default language, with a note in the visitor's language."""

import hashlib

from django.conf import settings
from django.http import Http404, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import redirect
from django.utils import translation
from wagtail import hooks
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from cms import cache as tagged
from cms.page_cache import ANY_PAGE


def serve(request, path):
    """Wagtail's `serve`, and, when a path under another language's prefix finds nothing,
    the page at that path in the default language: redirected to its translation if it
    has one, or else served as it is with `request.language_fallback` set (base.html marks
    the content's language and shows the note). Page privacy and every serve hook apply."""
    find_site(request)
    _route(request, path)
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or Page.route_for_request(request, path):
        return wagtail_views.serve(request, path)
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    page, args, kwargs = site.root_page.specific.route(request, [c for c in path.split("/") if c])
    translated = page.get_translations().live().filter(locale__language_code=language).first()
    if translated is not None:
        return redirect(translated.get_url(request))
    request.language_fallback = page.locale.language_code
    return _serve_through_hooks(page, request, args, kwargs)


def _serve_through_hooks(page, request, args, kwargs):
    """The page-serving pipeline of `wagtail.views.serve`, for a page found another way."""
    chain = wagtail_views.serve_chain
    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        chain = wrap(chain)
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, args, kwargs)


def find_site(request):
    """Wagtail's site lookup for the request, read once per host and port and cached until
    a site (or its root page) changes, rather than asked of the database on every request.
    Hosts are checked against ALLOWED_HOSTS first, so there is a cache entry per real host."""
    if hasattr(request, "_wagtail_site"):
        return
    hostname = split_domain_port(request.get_host())[0]
    request._wagtail_site = tagged.memo(
        f"site:{hostname}:{request.get_port()}", lambda: Site._find_for_request(request)
    )


class _NotKept(Exception):
    """A route not to cache: nothing found (a path per typo would fill the cache), or a
    sub-route of a routable page (feeds, categories: one entry per made-up slug would
    fill the cache too)."""


def _route(request, path):
    """Wagtail's routing of `path`, cached per site, language and path until any page
    changes, instead of two queries per level of the tree on every request. The page
    found is served through the same hooks (privacy, language fallback) as before."""
    site = request._wagtail_site
    if site is None or hasattr(request, "_wagtail_route_for_request"):
        return
    language = translation.get_language() or settings.LANGUAGE_CODE

    def build():
        # Any page: a new translation or sibling can change where a path leads.
        tagged.depends_on(ANY_PAGE)
        found = Page.route_for_request(request, path)
        if found is None or found.kwargs:
            raise _NotKept
        if found.args:
            # A routable page: kept only when the path ends at the page itself (its own
            # listing), whose view is looked up again below without a query.
            if found.page.depth - site.root_page.depth != len(_components(path)):
                raise _NotKept
        return found.page

    try:
        # Hashed: a path may hold characters and lengths that cache backends refuse as keys.
        digest = hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()
        page = tagged.memo(f"route:{site.pk}:{language}:{digest}", build)
    except _NotKept:
        return  # Wagtail's own routing ran, and left its result on the request
    if hasattr(page, "resolve_subpage"):
        request._wagtail_route_for_request = page.route(request, [])
    else:
        request._wagtail_route_for_request = RouteResult(page)


def _components(path):
    return [component for component in path.split("/") if component]
