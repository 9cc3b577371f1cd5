"""Fixtures the cross-plugin tests here borrow from the plugins' own test packages (imported,
not listed in pytest_plugins, which pytest refuses outside the root conftest)."""

from tests.events.conftest import audiences, course, course_index, event_index, make_event
from tests.home.podcasts_factories import make_episode, podcast_index, series

__all__ = [
    "audiences",
    "course",
    "course_index",
    "event_index",
    "make_episode",
    "make_event",
    "podcast_index",
    "series",
]
