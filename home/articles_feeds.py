"""RSS 2.0 and Atom feeds of an article index (all its articles, or one category's), built
with Django's feedgenerator and served as routes of the index page.

Items carry the summary as text, not the article's HTML, so a feed stays small and safe
to show anywhere. An item's id is a URN made from the article's translation key and
language: it stays the same across edits, renames and moves. Characters XML 1.0 forbids
(most control characters) are removed from every value, since one would make the whole
feed unreadable.
"""

import re
import uuid
from datetime import datetime, time

from django.http import HttpResponse
from django.utils import feedgenerator, timezone
from django.utils.html import escape
from django.utils.translation import override

from cms.models import SiteSettings

# The newest articles a feed holds: enough for any reader, few enough to stay fast.
FEED_ITEMS = 50
RSS, ATOM = "rss", "atom"
FEED_CLASSES = {RSS: feedgenerator.Rss201rev2Feed, ATOM: feedgenerator.Atom1Feed}
# Not allowed anywhere in an XML 1.0 document (tab, newline and return are).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
GUID_NAMESPACE = uuid.UUID("0b8e6c9e-2f4a-5d0c-9a57-6f6e65736d61")


def xml_text(value):
    """`value` as a string XML can carry."""
    return XML_ILLEGAL.sub("", str(value or ""))


def stable_id(*parts):
    return f"urn:uuid:{uuid.uuid5(GUID_NAMESPACE, '/'.join(str(part) for part in parts))}"


def article_guid(article):
    """A permanent id: the same for an article whatever is edited, in every feed."""
    return stable_id(article.translation_key, article.locale_id)


def article_published(article):
    """The article's date as a time (midnight, UK time), as feeds want times."""
    return timezone.make_aware(datetime.combine(article.date, time.min))


def article_updated(article):
    published = article_published(article)
    changed = article.last_published_at or article.latest_revision_created_at
    return max(published, changed) if changed else published


def build_feed(feed_class, index, articles, request, category=None):
    """A feed (a feedgenerator.SyndicationFeed) of `articles` for `index`."""
    organisation = SiteSettings.for_request(request).organisation_name or "One Small Thing"
    link = index.get_full_url(request)
    title = index.title if category is None else f"{index.title}: {category.name}"
    description = (category.description if category else "") or index.intro or index.title
    feed = feed_class(
        title=xml_text(f"{title} | {organisation}"),
        link=link,
        description=xml_text(description),
        language=index.locale.language_code,
        feed_url=request.build_absolute_uri(),
        author_name=xml_text(organisation),
        feed_guid=stable_id(
            index.translation_key, index.locale_id, category.translation_key if category else ""
        ),
    )
    for article in articles:
        summary = article.summary or article.search_description
        feed.add_item(
            title=xml_text(article.title),
            link=article.get_full_url(request),
            # The summary as text, escaped, because readers treat descriptions as HTML.
            description=escape(xml_text(summary)),
            unique_id=article_guid(article),
            unique_id_is_permalink=False,
            pubdate=article_published(article),
            updateddate=article_updated(article),
            author_name=xml_text(article.author.name) if article.author else None,
            categories=[xml_text(c.name) for c in article.categories.all()],
        )
    return feed


def feed_response(index, request, kind, category=None):
    """The RSS or Atom feed (`kind`) of the newest articles of `index`, or of `category`."""
    articles = index.articles()
    if category is not None:
        articles = articles.in_category(category)
    articles = articles.newest_first().for_feed()[:FEED_ITEMS]
    with override(index.locale.language_code):
        feed = build_feed(FEED_CLASSES[kind], index, articles, request, category)
    response = HttpResponse(content_type=feed.content_type)
    feed.write(response, "utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response
