"""A podcast series' RSS 2.0 feed with Apple's ``itunes`` tags, as podcast apps read it
(https://podcasters.apple.com/support/823-podcast-requirements).

Each episode's GUID is built from its translation key and language, so it never changes
when the episode is retitled, moved or re-published. Episodes whose audio is missing from
storage, private or deleted are left out: an app would list them and fail to play them.
"""

import logging
import re
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed

from cms.blocks import stream_plain_text

logger = logging.getLogger(__name__)

ITUNES_NAMESPACE = "http://www.itunes.com/dtds/podcast-1.0.dtd"
# Podcast apps fetch feeds often: a bound keeps the feed fast whatever the series' length.
FEED_LIMIT = getattr(settings, "PODCASTS_FEED_LIMIT", 50)
# Characters XML 1.0 cannot hold (Django refuses to write them).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    """`value` as text XML 1.0 can hold, its illegal control characters removed."""
    return XML_ILLEGAL.sub("", str(value)) if value is not None else ""


class PodcastFeed(Rss201rev2Feed):
    """RSS 2.0 with the itunes namespace: channel and item tags podcast apps need."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES_NAMESPACE}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        feed = self.feed
        image = feed.get("itunes_image")
        if image:
            handler.startElement("image", {})
            handler.addQuickElement("url", image)
            handler.addQuickElement("title", feed["title"])
            handler.addQuickElement("link", feed["link"])
            handler.endElement("image")
            handler.addQuickElement("itunes:image", attrs={"href": image})
        handler.addQuickElement("itunes:author", feed["itunes_author"])
        handler.startElement("itunes:owner", {})
        handler.addQuickElement("itunes:name", feed["itunes_owner_name"])
        if feed.get("itunes_owner_email"):
            handler.addQuickElement("itunes:email", feed["itunes_owner_email"])
        handler.endElement("itunes:owner")
        handler.startElement("itunes:category", {"text": feed["itunes_category"]})
        if feed.get("itunes_subcategory"):
            handler.addQuickElement("itunes:category", attrs={"text": feed["itunes_subcategory"]})
        handler.endElement("itunes:category")
        handler.addQuickElement("itunes:explicit", "true" if feed["itunes_explicit"] else "false")
        handler.addQuickElement("itunes:type", "episodic")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:title", item["title"])
        handler.addQuickElement("itunes:episodeType", item["itunes_episode_type"])
        for key, tag in (
            ("itunes_duration", "itunes:duration"),
            ("itunes_season", "itunes:season"),
            ("itunes_episode", "itunes:episode"),
        ):
            if item.get(key) is not None:
                handler.addQuickElement(tag, str(item[key]))


def absolute(url, site_url):
    """`url` (site-relative, or absolute from a remote storage) made absolute on the site
    at `site_url`, so every link in the feed names the same host as the pages'."""
    parts = urlsplit(site_url)
    return urljoin(f"{parts.scheme}://{parts.netloc}/", url)


def artwork_url(series, site_url):
    """The absolute URL of a 1400 × 1400 JPEG or PNG of the series artwork, or None when
    there is none or its file is missing."""
    image = series.artwork
    if image is None:
        return None
    output = "png" if image.file.name.lower().endswith(".png") else "jpeg"
    try:
        rendition = image.get_rendition(f"fill-1400x1400|format-{output}")
    except OSError:  # SourceImageIOError: the original file is gone
        logger.warning("Artwork %s of podcast series %s is missing", image.pk, series.pk)
        return None
    return absolute(rendition.url, site_url)


def episode_description(episode):
    return episode.summary or stream_plain_text(episode.show_notes)


def build_feed(series, request):
    """The series' feed: its newest FEED_LIMIT episodes that have playable audio."""
    language = series.get_language()
    site_url = series.get_full_url(request)
    feed = PodcastFeed(
        title=xml_text(series.title),
        link=site_url,
        description=xml_text(series.description),
        language=language,
        feed_url=site_url + series.reverse_subpage("feed"),
        itunes_image=artwork_url(series, site_url),
        itunes_author=xml_text(series.podcast_author),
        itunes_owner_name=xml_text(series.podcast_author),
        itunes_owner_email=series.get_owner_email(request),
        itunes_category=series.itunes_category,
        itunes_subcategory=series.itunes_subcategory,
        itunes_explicit=series.explicit,
    )
    episodes = series.episodes().with_public_audio().defer("transcript").newest_first()[:FEED_LIMIT]
    for episode in episodes:
        audio = episode.audio(public_only=False)
        if audio is None:
            continue
        title = xml_text(episode.title)
        feed.add_item(
            title=title,
            link=episode.get_full_url(request),
            description=xml_text(episode_description(episode)),
            unique_id=f"{episode.translation_key}:{language}",
            unique_id_is_permalink=False,
            pubdate=episode.published_at,
            enclosures=[
                Enclosure(absolute(audio.url, site_url), str(audio.length), audio.mime_type)
            ],
            itunes_duration=episode.duration,
            itunes_season=episode.season_number,
            itunes_episode=episode.episode_number,
            itunes_episode_type=episode.episode_type,
        )
    return feed


def series_feed_response(series, request):
    feed = build_feed(series, request)
    response = HttpResponse(content_type=feed.content_type)
    feed.write(response, "utf-8")
    return response
