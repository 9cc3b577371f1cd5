"""The podcast listings and feed ask the database as often for 200 episodes as for 10."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import PodcastEpisodePage
from tests.home.podcasts_factories import audio_document

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.home.podcasts_factories"]  # the podcast fixtures


def add_episodes(series, count, offset):
    recording = audio_document(f"shared-{offset}.wav")
    for n in range(offset, offset + count):
        episode = PodcastEpisodePage(
            title=f"Conversation {n}",
            slug=f"conversation-{n}",
            summary="A conversation.",
            audio_document=recording,
            duration=60,
            season_number=1 + n % 3,
            episode_number=n,
            listing_date=date(2024, 1, 1) + timedelta(days=n % 360),
            live=True,
        )
        series.add_child(instance=episode)


def queries_for(client, url):
    # Warm the per-process and cached values (twice: the first view creates the
    # settings row, and what is read while a table changes is not kept).
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_query_count_is_flat_from_10_to_200_episodes(client, series, podcast_index):
    urls = [series.url, f"{series.url}feed/", podcast_index.url]
    add_episodes(series, 10, 0)
    few = [queries_for(client, url) for url in urls]
    add_episodes(series, 190, 10)
    assert PodcastEpisodePage.objects.live().count() == 200
    assert [queries_for(client, url) for url in urls] == few
    # A later page of the listing costs what the first does.
    assert queries_for(client, f"{series.url}?page=5") == few[0]
