"""schema.org PodcastEpisode and PodcastSeries on the podcast pages, parsed back."""

import json
import re
from datetime import date

import pytest

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.home.podcasts_factories"]  # the podcast fixtures


def jsonld(html):
    (text,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(text)


def test_episode_page_describes_a_podcast_episode(client, series, make_episode):
    episode = make_episode(
        "Closer to home", listing_date=date(2024, 3, 20), season_number=1, episode_number=2
    )
    data = jsonld(client.get(episode.url).content.decode())
    assert data["@type"] == "PodcastEpisode"
    assert data["name"] == "Closer to home"
    assert data["datePublished"] == "2024-03-20"
    assert data["description"] == episode.summary
    assert data["duration"] == "PT1H2M3S"
    assert data["episodeNumber"] == 2
    assert data["partOfSeason"] == {"@type": "PodcastSeason", "seasonNumber": 1}
    assert data["partOfSeries"] == {
        "@type": "PodcastSeries",
        "name": series.title,
        "url": series.full_url,
    }
    media = data["associatedMedia"]
    assert media["@type"] == "MediaObject"
    assert media["contentUrl"] == series.get_site().root_url + episode.audio_document.url
    assert media["encodingFormat"] == "audio/wav"


def test_series_page_describes_a_podcast_series(client, series):
    data = jsonld(client.get(series.url).content.decode())
    assert data["@type"] == "PodcastSeries"
    assert data["name"] == series.title
    assert data["url"] == series.full_url
    assert data["webFeed"] == series.full_url + "feed/"


def test_an_episode_without_audio_has_no_media(client, make_episode):
    episode = make_episode()
    episode.audio_document.delete()
    data = jsonld(client.get(episode.url).content.decode())
    assert "associatedMedia" not in data


def test_hostile_text_cannot_close_the_script(client, make_episode):
    title = "</script><script>alert(1)</script> & <!-- \U0001f399"
    episode = make_episode(title)
    html = client.get(episode.url).content.decode()
    assert "</script><script>alert(1)" not in html
    assert jsonld(html)["name"] == title
