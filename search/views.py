import logging

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import SearchPromotion

from cms.engine_errors import ENGINE_ERRORS
from cms.models import SitePage
from cms.views import find_site
from search import sources, tasks
from search.backends import sqlite_fts
from search.highlight import result_text, snippet
from search.query import (
    BadSearchRequest,
    EngineSkipped,
    Filters,
    clean_query,
    engine_breaker,
    page_number,
    public_search,
    search_backend,
    search_terms,
)
from search.query_log import query_log_key

logger = logging.getLogger(__name__)

SUGGESTIONS = 8
CANDIDATES = 3 * SUGGESTIONS  # asked of an engine, before the database keeps the public ones


def _promotions(query, locale):
    """Editors' picks for this query that are live, public and in this language."""
    key = query_log_key(query)
    if not key:
        return []
    picks = list(SearchPromotion.objects.filter(query__query_string=key).select_related("page"))
    if not picks:
        return []
    public_ids = set(
        sources.public_pages(locale)
        .filter(pk__in=[pick.page_id for pick in picks])
        .values_list("pk", flat=True)
    )
    return [pick for pick in picks if pick.page_id in public_ids]


def log_after_response(response, query):
    """Count `query` in the editors' query log once `response` has been sent.

    The WSGI and ASGI handlers close a response after its last byte has gone to the client,
    and Django runs a response's resource closers first thing in ``close()``, before
    ``request_finished`` tidies the database connections away; so the task is queued (or,
    on the immediate backend, run) with the request's connection still usable, and the
    visitor never waits for the write. A closer's exceptions are swallowed by Django, so
    this one logs its own.
    """

    def enqueue():
        try:
            tasks.log_search_query.enqueue(query)
        except Exception:
            logger.exception("Could not queue the search query log task")

    response._resource_closers.append(enqueue)


@require_GET
def search(request):
    """The public search page: every public thing on the site, in the visitor's language."""
    find_site(request)  # the cached site lookup, for the menus and the results' URLs
    query = clean_query(request.GET.get("q", ""))
    context = {
        "search_query": query,
        "truncated": len(request.GET.get("q", "")) > len(query) and len(query) >= 200,
    }
    status = 200
    try:
        filters = Filters.from_request(request.GET)
        page = page_number(request.GET)
        context["filters"] = filters
        if query:
            locale = sources.active_locale()
            context["outcome"] = outcome = public_search(query, locale, filters, page)
            context["results"] = [
                {"object": obj, "snippet": snippet(result_text(obj), query)}
                for obj in outcome.results
            ]
            context["filter_params"] = filters.as_params()
            if outcome.page == 1 and not filters.as_params():
                context["promotions"] = _promotions(query, locale)
    except BadSearchRequest as error:
        context["error"] = str(error)
        status = 400
    response = TemplateResponse(request, "search/search.html", context, status=status)
    if query and status == 200:
        log_after_response(response, query)
    return response


def _autocomplete(backend, query, pages, locale):
    """Up to SUGGESTIONS of `pages` whose titles have the typed words, the last as a prefix."""
    if hasattr(backend, "search_with_facets"):
        # An engine's copy of path and live can be stale (see search.sources.database_visibility),
        # so it suggests among this language's pages, and only those the database says are
        # public are kept, in the engine's order. Cheaper per keystroke than telling the
        # engine every non-public page; a list of hints may come out shorter for it.
        found = list(
            backend.autocomplete(query, SitePage.objects.filter(locale=locale))[:CANDIDATES]
        )
        public = set(pages.filter(pk__in=[page.pk for page in found]).values_list("pk", flat=True))
        return [page for page in found if page.pk in public][:SUGGESTIONS]
    if sqlite_fts.uses_sqlite_fts(backend):
        # SQLite: the unstemmed autocomplete index (the main one stems, which breaks prefixes),
        # alphabetically rather than scoring every match (see search.backends.sqlite_fts).
        matches = sqlite_fts.autocomplete_matches(SitePage, query.split())
        return list(pages.filter(pk__in=matches).order_by("title")[:SUGGESTIONS])
    return list(backend.autocomplete(query, pages)[:SUGGESTIONS])


@require_GET
def suggest(request):
    """Titles that start with what has been typed so far, as JSON, for search-as-you-type."""
    query = search_terms(clean_query(request.GET.get("q", "")))[:100]
    if len(query) < 2:
        return JsonResponse({"query": query, "suggestions": []})
    locale = sources.active_locale()
    pages = sources.public_pages(locale)
    use_engine = "database" not in settings.WAGTAILSEARCH_BACKENDS or not engine_breaker.is_open()
    try:
        if not use_engine:
            raise EngineSkipped
        found = _autocomplete(search_backend(), query, pages, locale)
    except (EngineSkipped, *ENGINE_ERRORS) as error:
        if not isinstance(error, EngineSkipped):
            engine_breaker.trip()
        found = _autocomplete(search_backend("database"), query, pages, locale)
    response = JsonResponse(
        {
            "query": query,
            "suggestions": [{"title": page.title, "url": page.get_url(request)} for page in found],
        }
    )
    response["Cache-Control"] = "public, max-age=60"
    return response
