"""schema.org structured data (JSON-LD) every plugin shares: the organisation behind the
site, and the escaped <script> element that carries any plugin's data."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Site

from cms.models import SiteSettings

# Inside <script>, "</script>" or "<!--" in a value would end or confuse the element.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_tag(data):
    """`data` as a <script type="application/ld+json"> element, escaped as Django's
    json_script escapes it, so no value can close the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above


def site_root_url(request):
    """The absolute URL of the home page of the site the request is for."""
    site = Site.find_for_request(request)
    return f"{site.root_url}/" if site else request.build_absolute_uri("/")


def organisation(request, settings=None, *, full=False):
    """The charity as a schema.org Organization: its name and address, and with `full`
    its contact details, charity number and social profiles (for the home page; other
    types name it as their publisher or organiser). `settings` are the site settings when
    the caller has them already."""
    settings = settings or SiteSettings.cached_for_site(Site.find_for_request(request))
    data = {
        "@type": "Organization",
        "name": settings.organisation_name or "One Small Thing",
        "url": site_root_url(request),
    }
    if not full:
        return data
    if settings.contact_email:
        data["email"] = settings.contact_email
    if settings.contact_phone:
        data["telephone"] = settings.contact_phone
    if settings.address:
        data["address"] = " ".join(settings.address.split())
    if settings.charity_number:
        data["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "Registered charity number (England and Wales)",
            "value": settings.charity_number,
        }
    if settings.footer_text:
        data["description"] = settings.footer_text
    same_as = [url for _label, url in settings.social_links]
    if same_as:
        data["sameAs"] = same_as
    return {"@context": "https://schema.org", **data}
