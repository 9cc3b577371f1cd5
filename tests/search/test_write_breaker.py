"""A hung engine costs an admin action one timeout, not one per index write.

Measured before this pause existed (TIMEOUT=1, this machine): publishing a new page took
3.1 s and deleting a six-page section 12.2 s; with SEARCH_TIMEOUT=3, 9 s and 36-42 s.
"""

import time
from io import StringIO

from django.core.management import call_command
from modelsearch.backends import get_search_backend

from home.models import StandardPage
from search.models import IndexOutboxEntry
from tests.factories import StandardPageFactory

ONE_TIMEOUT_AND_A_MARGIN = 2.5  # seconds, with TIMEOUT=1


def hang(engine_setup, url):
    config = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]
    engine_setup.settings.WAGTAILSEARCH_BACKENDS = {
        **engine_setup.settings.WAGTAILSEARCH_BACKENDS,
        "default": {**config, "URLS": [url], "TIMEOUT": 1},
    }


def engine_finds(word):
    return get_search_backend().search(word, StandardPage).count()


def test_publishing_with_a_hung_engine_waits_one_timeout_and_keeps_every_write(
    home, engine_setup, hung_engine
):
    url, accepted = hung_engine
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    hang(engine_setup, url)

    started = time.monotonic()
    page = StandardPageFactory(parent=home, title="Published in a hang", intro="hungquoll")
    page.save_revision().publish()
    elapsed = time.monotonic() - started

    assert elapsed < ONE_TIMEOUT_AND_A_MARGIN, f"publishing took {elapsed:.1f}s"
    assert len(accepted) == 1, "only the first write should have asked the engine"
    kept = IndexOutboxEntry.objects.filter(object_pk=str(page.pk), journal=False)
    assert kept.count() >= 2  # the first save and the publish
    assert "SEARCH_WRITE_PAUSE" in kept.last().last_error

    engine_setup.point_default_at(urls)
    call_command("search_outbox", "replay", stdout=StringIO())
    engine_setup.refresh()
    assert engine_finds("hungquoll") == 1


def test_deleting_a_section_with_a_hung_engine_waits_one_timeout(home, engine_setup, hung_engine):
    url, accepted = hung_engine
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    section = StandardPageFactory(parent=home, title="Section", intro="hungsection")
    for n in range(5):
        StandardPageFactory(parent=section, title=f"Child {n}", intro="hungsection")
    pks = {str(pk) for pk in section.get_descendants(inclusive=True).values_list("pk", flat=True)}
    assert len(pks) == 6
    engine_setup.refresh()
    assert engine_finds("hungsection") == 6

    hang(engine_setup, url)
    started = time.monotonic()
    section.delete()
    elapsed = time.monotonic() - started

    assert elapsed < ONE_TIMEOUT_AND_A_MARGIN, f"deleting the section took {elapsed:.1f}s"
    assert len(accepted) == 1
    removals = IndexOutboxEntry.objects.filter(action="delete")
    assert set(removals.values_list("object_pk", flat=True)) == pks

    engine_setup.point_default_at(urls)
    call_command("search_outbox", "replay", stdout=StringIO())
    engine_setup.refresh()
    assert engine_finds("hungsection") == 0


def test_after_the_pause_writes_ask_the_engine_again(home, engine_setup, hung_engine, settings):
    settings.SEARCH_WRITE_PAUSE = 1
    url, accepted = hung_engine
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    hang(engine_setup, url)
    first = StandardPageFactory(parent=home, title="First", intro="pausefirst")
    assert len(accepted) == 1
    second = StandardPageFactory(parent=home, title="Second", intro="pausesecond")
    assert len(accepted) == 1, "within the pause the engine is not asked"

    time.sleep(1.1)
    started = time.monotonic()
    third = StandardPageFactory(parent=home, title="Third", intro="pausethird")
    assert len(accepted) == 2, "after the pause the engine is asked again"
    assert time.monotonic() - started < ONE_TIMEOUT_AND_A_MARGIN

    # The engine is back: writes go to it, and the kept ones replay.
    engine_setup.point_default_at(urls)
    fourth = StandardPageFactory(parent=home, title="Fourth", intro="pausefourth")
    assert not IndexOutboxEntry.objects.filter(object_pk=str(fourth.pk)).exists()
    kept = set(IndexOutboxEntry.objects.values_list("object_pk", flat=True))
    assert kept == {str(first.pk), str(second.pk), str(third.pk)}

    call_command("search_outbox", "replay", stdout=StringIO())
    assert not IndexOutboxEntry.objects.exists()
    engine_setup.refresh()
    for word in ("pausefirst", "pausesecond", "pausethird", "pausefourth"):
        assert engine_finds(word) == 1, word
