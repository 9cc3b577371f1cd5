"""schema.org structured data for the awards directory (JSON-LD): the page of awards shown,
as an ItemList of Organization, each with the award it holds (https://schema.org/award).
Organisations still working towards a level hold no award yet and are left out."""


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
