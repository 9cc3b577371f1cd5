"""schema.org structured data (JSON-LD) for a publication page: a Report with its authors,
publisher, topics and PDF, as search engines and reference managers read it.

https://schema.org/Report; the PDF is its `encoding`, a MediaObject.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cms.models import SiteSettings

# Inside <script>, "</script>" or "<!--" in a value would end or confuse the element.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
PDF = "application/pdf"


def organisation(page, request):
    """The charity as a schema.org Organization: its name from the site settings and the
    address of its site's home page."""
    site = page.get_site()
    settings = SiteSettings.for_site(site) if site else None
    root = f"{site.root_url}/" if site else request.build_absolute_uri("/")
    name = (settings.organisation_name if settings else "") or "One Small Thing"
    return {"@type": "Organization", "name": name, "url": root}


def authors(text):
    """People named in an editor's authors line ("A. Smith, B. Jones and C. Lee")."""
    names = text.replace(" and ", ",").replace(";", ",").split(",")
    return [{"@type": "Person", "name": name.strip()} for name in names if name.strip()]


def publication_data(page, request, download):
    """The schema.org Report for a PublicationPage; `download` is its Download or None."""
    url = page.get_full_url(request)
    publisher = organisation(page, request)
    data = {
        "@context": "https://schema.org",
        "@type": "Report",
        "name": page.title,
        "url": url,
        "datePublished": page.publication_date.isoformat(),
        "inLanguage": page.locale.language_code,
        "author": authors(page.authors) or [publisher],
        "publisher": publisher,
    }
    description = page.get_meta_description()
    if description:
        data["description"] = description
    topics = list(page.topics.all())
    if topics:
        data["about"] = [{"@type": "Thing", "name": topic.name} for topic in topics]
    if download:
        media = {
            "@type": "MediaObject",
            "contentUrl": request.build_absolute_uri(download.url),
            "encodingFormat": PDF if download.file_type == "PDF" else download.file_type.lower(),
            "name": download.title,
        }
        if download.size:
            media["contentSize"] = f"{download.size} B"
        data["encoding"] = media
    return data


def script_tag(data):
    """`data` as a <script type="application/ld+json"> element, escaped as Django's
    json_script escapes it, so no value can close the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above
