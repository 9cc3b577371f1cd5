"""Template tags for the shared page furniture: menus, breadcrumbs, languages."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, Site

from cms import cache as tagged
from cms import jsonld
from cms.models import Menu, SiteSettings
from cms.page_cache import ANY_PAGE

register = template.Library()


def _active_language():
    return translation.get_language() or settings.LANGUAGE_CODE


@register.inclusion_tag("includes/menu.html", takes_context=True)
def menu(context, handle, label):
    request = context.get("request")
    current = context.get("page")
    return {
        "links": Menu.links_for(handle, Site.find_for_request(request)),
        "label": label,
        "handle": handle,
        "current_path": current.url_path if isinstance(current, Page) else None,
    }


@register.simple_tag
def site_settings():
    """The default site's settings (organisation, footer, donation), cached until changed."""
    return SiteSettings.cached_for_default_site()


def _site_key(request):
    """The request's site (found once per request, cms.views), for cache keys of URLs:
    a page's URL is relative on its own site and absolute elsewhere."""
    site = Site.find_for_request(request) if request else None
    return site.pk if site else ""


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": []}

    def build():
        # depth 1 is the tree root; the site's home page (depth 2) starts the trail. The
        # ancestors are loaded here, so a change to any of them (title, slug) purges it.
        ancestors = page.get_ancestors().filter(depth__gte=2).specific(defer=True)
        return [{"title": a.title, "url": a.get_url(request)} for a in ancestors]

    if page.pk is None:  # a preview of a page not saved yet
        return {"ancestors": build(), "page": page, "request": request}
    key = f"breadcrumbs:{page.pk}:{page.path}:{_site_key(request)}:{_active_language()}"
    return {"ancestors": tagged.memo(key, build), "page": page, "request": request}


def _translations(page, request):
    """[(language code, page id, URL)] of the live translations of `page`, itself
    included, cached until one of them changes or a new one appears (their shared
    translation tag, which a page showing the links depends on too)."""

    def build():
        tagged.depends_on(tagged.translations_tag(page.translation_key))
        tagged.depends_on(ANY_PAGE)  # belt and braces; kept to this memo (cms.cache)
        found = page.get_translations(inclusive=True).live().select_related("locale")
        return [(t.locale.language_code, t.pk, t.get_url(request)) for t in found]

    key = f"translations:{page.translation_key}:{_site_key(request)}:{_active_language()}"
    return tagged.memo(key, build)


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per site language: its name, code, URL and whether it is active.

    On a page, each language links to that page's live translation; where none exists,
    to the page itself under that language's prefix (shown with a note that it is not
    translated). Elsewhere, the same path in the other language.
    """
    request = context.get("request")
    page = context.get("page")
    active = translation.get_language() or settings.LANGUAGE_CODE
    urls = {}
    page_language = settings.LANGUAGE_CODE
    if isinstance(page, Page):
        for code, pk, url in _translations(page, request):
            urls[code] = url
            if pk == page.pk:
                page_language = code
    links = []
    for code, _name in settings.LANGUAGES:
        url = urls.get(code)
        translated = url is not None
        if url is None:
            path = request.path if request else "/"
            if isinstance(page, Page):
                # An untranslated page in the default language is served under the other
                # language's prefix with a note (cms.views.serve); otherwise, that
                # language's home page.
                if page_language != settings.LANGUAGE_CODE:
                    path = "/"
                elif code != active:
                    path = page.get_url(request)
            url = translate_url(path, code)
        links.append(
            {
                "code": code,
                "name": translation.get_language_info(code.split("-")[0])["name_local"],
                "url": url,
                "active": code == active,
                "translated": translated,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def organisation_jsonld(context):
    """The charity's schema.org Organization (JSON-LD), for the home page."""
    settings = context.get("site_settings")  # base.html's
    data = jsonld.organisation(context["request"], settings, full=True)
    return jsonld.script_tag(data)
