"""Each series' podcast feed, as a podcast app reads it (parsed with feedparser)."""

from datetime import date
from xml.etree import ElementTree

import feedparser
import pytest

from home.podcasts_feeds import ITUNES_NAMESPACE

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.home.podcasts_factories"]  # the podcast fixtures


def fetch(client, series):
    response = client.get(f"{series.url}feed/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")  # well-formed XML
    return parsed, response.content.decode()


def channel_element(text):
    return ElementTree.fromstring(text.encode()).find("channel")  # noqa: S314 - the site's own feed


def explicit(text):
    """The channel's itunes:explicit ("true" or "false": feedparser reads only "yes")."""
    return channel_element(text).find(f"{{{ITUNES_NAMESPACE}}}explicit").text


def test_the_channel_has_what_podcast_apps_need(client, series, make_episode):
    make_episode()
    parsed, text = fetch(client, series)
    channel = parsed.feed
    assert f'xmlns:itunes="{ITUNES_NAMESPACE}"' in text
    assert '<rss version="2.0"' in text
    assert channel.title == series.title
    assert channel.link == series.full_url
    assert channel.subtitle == series.description
    assert channel.language == "en-gb"
    assert channel.author == "One Small Thing"
    assert channel.publisher_detail.email == "podcast@example.org"
    assert channel.publisher_detail.name == "One Small Thing"
    assert explicit(text) == "false"
    assert channel.itunes_type == "episodic"
    assert channel.image.href.startswith(series.get_site().root_url + "/media/")
    assert ".fill-1400x1400.format-png" in channel.image.href
    assert [(t.term, t.get("scheme")) for t in channel.tags] == [
        ("Society & Culture", "http://www.itunes.com/"),
        ("Documentary", "http://www.itunes.com/"),
    ]
    category = channel_element(text).find(f"{{{ITUNES_NAMESPACE}}}category")
    assert category.get("text") == "Society & Culture"
    assert [sub.get("text") for sub in category] == ["Documentary"]


def test_items_carry_enclosure_guid_date_and_itunes_tags(client, series, make_episode):
    episode = make_episode(
        "Closer to home", listing_date=date(2024, 3, 20), season_number=2, episode_number=7
    )
    parsed, _ = fetch(client, series)
    (item,) = parsed.entries
    document = episode.audio_document
    (enclosure,) = item.enclosures
    assert enclosure.href == series.get_site().root_url + document.url
    assert int(enclosure.length) == document.file.size
    assert enclosure.type == "audio/wav"
    assert item.id == f"{episode.translation_key}:en-gb"
    assert item.guidislink is False
    assert item.published_parsed[:3] == (2024, 3, 20)
    assert item.itunes_duration == "3723"
    assert item.itunes_episode == "7"
    assert item.itunes_season == "2"
    assert item.itunes_episodetype == "full"
    assert item.itunes_title == "Closer to home"
    assert item.summary == episode.summary
    assert item.link == episode.full_url


def test_the_guid_stays_the_same_when_the_episode_is_renamed_and_moved(
    client, series, make_episode
):
    episode = make_episode()
    before = fetch(client, series)[0].entries[0].id
    episode.title, episode.slug = "A new title", "a-new-slug"
    episode.save_revision().publish()
    assert fetch(client, series)[0].entries[0].id == before


def test_items_are_newest_first(client, series, make_episode):
    make_episode("Spring", listing_date=date(2024, 3, 1))
    make_episode("Autumn", listing_date=date(2024, 10, 1))
    make_episode("Summer", listing_date=date(2024, 6, 1))
    titles = [entry.title for entry in fetch(client, series)[0].entries]
    assert titles == ["Autumn", "Summer", "Spring"]


def test_an_external_recording_is_enclosed_as_given(client, series, make_episode):
    make_episode(
        audio_document=None,
        audio_url="https://audio.example.net/ep.mp3?x=1&y=2",
        audio_length=987654,
        audio_mime_type="audio/mpeg",
    )
    (enclosure,) = fetch(client, series)[0].entries[0].enclosures
    assert enclosure.href == "https://audio.example.net/ep.mp3?x=1&y=2"
    assert enclosure.length == "987654"
    assert enclosure.type == "audio/mpeg"


def test_episodes_without_their_audio_are_left_out(client, series, make_episode):
    make_episode("Still here")
    gone = make_episode("File gone")
    gone.audio_document.file.storage.delete(gone.audio_document.file.name)
    deleted = make_episode("Document deleted")
    deleted.audio_document.delete()
    draft = make_episode("Draft")
    draft.unpublish()
    assert [entry.title for entry in fetch(client, series)[0].entries] == ["Still here"]


def test_hostile_text_stays_valid_xml(client, series, make_episode):
    title = "Care & <custody> \U0001f399 \u0646\u0633\u0627\u0621 \x07bell\x0b"
    make_episode(title, summary="Less < more & \x01nul \u202eRTL\u202c")  # NUL: see forms
    series.title = "Health & <justice> \U0001f3a7"
    series.description = "Talk \x1b[31m & more"
    series.save_revision().publish()
    parsed, _ = fetch(client, series)
    assert parsed.feed.title == "Health & <justice> \U0001f3a7"
    assert parsed.feed.subtitle == "Talk [31m & more"
    (item,) = parsed.entries
    assert item.title == "Care & <custody> \U0001f399 \u0646\u0633\u0627\u0621 bell"
    assert item.summary == "Less < more & nul \u202eRTL\u202c"


def test_the_feed_is_bounded(client, series, make_episode, monkeypatch):
    monkeypatch.setattr("home.podcasts_feeds.FEED_LIMIT", 3)
    for n in range(5):
        make_episode(f"Conversation {n}")
    assert len(fetch(client, series)[0].entries) == 3


def test_explicit_series_say_so(client, series, make_episode):
    series.explicit = True
    series.save_revision().publish()
    make_episode()
    assert explicit(fetch(client, series)[1]) == "true"


def test_a_series_without_artwork_still_has_a_valid_feed(client, series, make_episode):
    series.artwork.delete()
    make_episode()
    parsed, text = fetch(client, series)
    assert "itunes:image" not in text
    assert len(parsed.entries) == 1


def test_artwork_whose_file_is_gone_is_left_out(client, series, make_episode):
    series.artwork.file.storage.delete(series.artwork.file.name)
    make_episode()
    parsed, text = fetch(client, series)
    assert "itunes:image" not in text
    assert len(parsed.entries) == 1
