"""The demo podcasts: two 2024 series of three episodes, each with a real recording; built
twice, nothing is duplicated."""

import io

import feedparser
import pytest

from home.demo import podcasts
from home.models import PodcastEpisodePage, PodcastSeriesPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(home):
    return podcasts.build(io.StringIO(), home)


def test_the_demo_builds_the_index_two_series_and_six_episodes_once(home, demo):
    index = demo["podcast"]
    assert (index.slug, index.title) == ("podcast", "Podcast")
    assert index.get_parent().pk == home.pk
    podcasts.build(io.StringIO(), home)
    assert PodcastSeriesPage.objects.count() == 2
    assert PodcastEpisodePage.objects.count() == 6


def test_demo_dates_are_in_2024_and_titles_leave_the_word_to_the_index(demo):
    for page in [*PodcastSeriesPage.objects.all(), *PodcastEpisodePage.objects.all()]:
        assert page.listing_date.year == 2024
        assert "podcast" not in page.title.lower()
        assert "podcast" not in page.search_description.lower()


def test_every_demo_episode_plays_and_is_in_its_feed(client, demo):
    for episode in PodcastEpisodePage.objects.all():
        html = client.get(episode.url).content.decode()
        assert "<audio" in html and 'id="transcript"' in html
        assert episode.guests.exists() and episode.show_notes
    for series in PodcastSeriesPage.objects.all():
        assert (series.artwork.width, series.artwork.height) == (1400, 1400)
        assert series.artwork_problem() is None
        parsed = feedparser.parse(client.get(f"{series.url}feed/").content)
        assert not parsed.bozo
        assert len(parsed.entries) == 3
