"""schema.org Article (BlogPosting for a blog post) structured data for an article page,
as JSON-LD: https://schema.org/Article."""

import logging

from wagtail.images.models import SourceImageIOError

from cms.jsonld import organisation

logger = logging.getLogger(__name__)

IMAGE = "fill-1200x675"  # 16:9, at least 1200 pixels wide, as search engines ask
HEADLINE_LENGTH = 110
# Inside <script>, "</script>" or "<!--" in a value would end or confuse the element.


def image_url(image, request):
    """The absolute URL of a rendition of `image`, or None when its file is missing."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(IMAGE)
    except SourceImageIOError:
        logger.warning("Image %s has no file in storage; left out of structured data", image.pk)
        return None
    return request.build_absolute_uri(rendition.url)


def article_data(article, request):
    """The schema.org Article or BlogPosting for `article`, as a dict ready for JSON."""
    url = article.get_full_url(request)
    publisher = organisation(request)
    modified = article.last_published_at or article.latest_revision_created_at
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting" if article.is_blog_post else "Article",
        "headline": article.title[:HEADLINE_LENGTH],
        "datePublished": article.date.isoformat(),
        "dateModified": modified.isoformat() if modified else article.date.isoformat(),
        "inLanguage": article.locale.language_code,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "publisher": publisher,
    }
    if article.author:
        author = {"@type": "Person", "name": article.author.name}
        if article.author.role:
            author["jobTitle"] = article.author.role
        data["author"] = author
    else:
        data["author"] = publisher
    picture = image_url(article.lead_image, request)
    if picture:
        data["image"] = [picture]
    description = article.get_meta_description()
    if description:
        data["description"] = description
    sections = [category.name for category in article.categories.all()]
    if sections:
        data["articleSection"] = sections
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    return data
