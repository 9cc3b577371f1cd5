"""schema.org structured data (JSON-LD) for a publication page: a Report with its authors,
publisher, topics and PDF, as search engines and reference managers read it.

https://schema.org/Report; the PDF is its `encoding`, a MediaObject.
"""

from cms.jsonld import organisation

PDF = "application/pdf"


def authors(text):
    """People named in an editor's authors line ("A. Smith, B. Jones and C. Lee")."""
    names = text.replace(" and ", ",").replace(";", ",").split(",")
    return [{"@type": "Person", "name": name.strip()} for name in names if name.strip()]


def publication_data(page, request, download):
    """The schema.org Report for a PublicationPage; `download` is its Download or None."""
    url = page.get_full_url(request)
    publisher = organisation(request)
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
