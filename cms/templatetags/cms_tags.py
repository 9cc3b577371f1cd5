"""Template tags for the shared page furniture: menus, breadcrumbs, languages."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, Site

from cms import jsonld
from cms.models import Menu, SiteSettings

register = template.Library()


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


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": []}
    # depth 1 is the tree root; the site's home page (depth 2) starts the trail.
    ancestors = page.get_ancestors().filter(depth__gte=2).specific(defer=True)
    return {"ancestors": list(ancestors), "page": page, "request": context.get("request")}


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
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            urls[translated.locale.language_code] = translated.get_url(request)
            if translated.pk == page.pk:
                page_language = translated.locale.language_code
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
