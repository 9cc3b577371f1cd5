"""Podcast fixtures: an index with a series (square artwork) and a maker of episodes, each
with a real WAV recording uploaded as a document."""

from datetime import date

import pytest
from django.core.files.base import ContentFile

from cms.models import CustomDocument
from home.demo.podcasts import silence_wav
from home.models import PodcastEpisodePage, PodcastGuest, PodcastIndexPage, PodcastSeriesPage
from tests.factories import ImageFactory


def audio_document(name="episode.wav", content=None, title=None):
    document = CustomDocument(
        title=title or name, file=ContentFile(content or silence_wav(), name=name)
    )
    document.save()
    return document


@pytest.fixture
def podcast_index(home):
    index = PodcastIndexPage(title="Podcast", slug="podcast", intro="Conversations.")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def series(podcast_index):
    artwork = ImageFactory(file__width=1400, file__height=1400, file__filename="art.png")
    series = PodcastSeriesPage(
        title="Community justice solutions",
        slug="community-justice",
        description="Women supported in their own communities.",
        artwork=artwork,
        podcast_author="One Small Thing",
        owner_email="podcast@example.org",
        itunes_category="Society & Culture",
        itunes_subcategory="Documentary",
    )
    podcast_index.add_child(instance=series)
    series.save_revision().publish()
    return series


@pytest.fixture
def make_episode(series):
    """make_episode(title, **fields): a published episode of `series` with a WAV recording
    (pass audio_document=None and audio_url=... for an external one)."""
    counter = iter(range(1, 100_000))

    def make(title="Closer to home", guests=(), parent=None, **fields):
        n = next(counter)
        fields.setdefault("listing_date", date(2024, 1, 1 + n % 28))
        fields.setdefault("duration", 3723)
        fields.setdefault("season_number", 1)
        fields.setdefault("episode_number", n)
        fields.setdefault("summary", "What a community sentence can do.")
        fields.setdefault("transcript", "<p><b>Host:</b> Welcome to the episode.</p>")
        if "audio_document" not in fields and "audio_url" not in fields:
            fields["audio_document"] = audio_document(f"episode-{n}.wav")
        episode = PodcastEpisodePage(
            title=title,
            slug=f"episode-{n}",
            guests=[PodcastGuest(name=name, role=role) for name, role in guests],
            **fields,
        )
        (parent or series).add_child(instance=episode)
        episode.save_revision().publish()
        return episode

    return make
