"""schema.org structured data for the awards directory (JSON-LD): the page of awards shown,
as an ItemList of Organization, each with the award it holds (https://schema.org/award).
Organisations still working towards a level hold no award yet and are left out."""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe

# Inside <script>, "</script>" or "<!--" in a value would end or confuse the element.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def organisation(award):
    """The schema.org Organization for one row of the directory (see AwardsListing)."""
    name = f"{award['name']}, {award['place']}" if award["place"] else award["name"]
    data = {
        "@type": "Organization",
        "name": name,
        "award": f"{award['scheme_label']}: {award['level_label']} ({award['year']})",
    }
    if award["url"]:
        data["url"] = award["url"]
    return data


def directory_data(page, awards, request):
    """The ItemList for `awards` (a page of the directory's rows) on the directory `page`."""
    awarded = [award for award in awards if award["level_label"]]
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": page.title,
        "url": page.get_full_url(request),
        "numberOfItems": len(awarded),
        "itemListElement": [
            {"@type": "ListItem", "position": position, "item": organisation(award)}
            for position, award in enumerate(awarded, start=1)
        ],
    }


def script_tag(data):
    """`data` as a <script type="application/ld+json"> element, escaped as Django's
    json_script escapes it, so no value can close the element."""
    text = json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above
