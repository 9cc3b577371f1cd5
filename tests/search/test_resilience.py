"""The engine being down, rebuilt or out of step never loses an edit or breaks a page."""

import re
import time
from io import StringIO

import pytest
from django.core.management import call_command
from modelsearch.backends import get_search_backend

from search.management.commands.update_index import Command as UpdateIndex
from search.models import IndexOutboxEntry
from tests.factories import StandardPageFactory

CLOSED_PORT = ["http://127.0.0.1:9"]


def found(client, word):
    html = client.get("/search/", {"q": word}).content.decode()
    return int(re.search(r'class="result-count">(\d+)', html).group(1))


def test_publish_while_the_engine_is_down_is_quick_and_kept_in_the_outbox(
    client, home, engine_setup
):
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    engine_setup.point_default_at(CLOSED_PORT)
    started = time.monotonic()
    page = StandardPageFactory(parent=home, title="Written while down", intro="wombatdown")
    page.save_revision().publish()
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"publishing took {elapsed:.1f}s with the engine down"
    waiting = IndexOutboxEntry.objects.filter(object_pk=str(page.pk), journal=False)
    assert waiting.exists()

    engine_setup.point_default_at(urls)
    out = StringIO()
    call_command("search_outbox", "replay", stdout=out)
    assert "brought up to date" in out.getvalue()
    assert not IndexOutboxEntry.objects.exists()
    engine_setup.refresh()
    assert found(client, "wombatdown") == 1


def test_delete_while_down_is_replayed_as_a_removal(client, home, engine_setup):
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    page = StandardPageFactory(parent=home, title="Soon gone", intro="dingogone")
    engine_setup.refresh()
    assert found(client, "dingogone") == 1

    engine_setup.point_default_at(CLOSED_PORT)
    page_pk = page.pk
    page.delete()
    removals = IndexOutboxEntry.objects.filter(action="delete")
    # Deleting a page removes a row per model in its hierarchy; all name the same object.
    assert set(removals.values_list("object_pk", flat=True)) == {str(page_pk)}
    engine_setup.point_default_at(urls)
    call_command("search_outbox", "replay", stdout=StringIO())
    engine_setup.refresh()
    hits = get_search_backend().search("dingogone", StandardPageFactory._meta.model)
    assert hits.count() == 0


def test_replay_applies_only_the_newest_write_per_object_in_order(home, engine_setup):
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    engine_setup.point_default_at(CLOSED_PORT)
    page = StandardPageFactory(parent=home, title="Edited three times", intro="first")
    for word in ("second", "thirdkoala"):
        page.intro = word
        page.save_revision().publish()
    assert IndexOutboxEntry.objects.filter(object_pk=str(page.pk)).count() >= 3
    engine_setup.point_default_at(urls)
    call_command("search_outbox", "replay", stdout=StringIO())
    engine_setup.refresh()
    model = StandardPageFactory._meta.model
    assert get_search_backend().search("thirdkoala", model).count() == 1
    assert get_search_backend().search("second", model).count() == 0


def test_replay_while_still_down_keeps_everything_and_says_how_to_fix(home, engine_setup):
    engine_setup.point_default_at(CLOSED_PORT)
    StandardPageFactory(parent=home, title="Waiting", intro="waiting")
    before = IndexOutboxEntry.objects.count()
    with pytest.raises(Exception, match="still unavailable"):
        call_command("search_outbox", "replay", stdout=StringIO())
    assert IndexOutboxEntry.objects.count() == before


def test_public_search_answers_from_the_database_when_the_engine_is_down(
    client, home, engine_setup
):
    StandardPageFactory(parent=home, title="Still findable", intro="emufallback")
    engine_setup.point_default_at(CLOSED_PORT)
    response = client.get("/search/", {"q": "emufallback"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "simpler mode" in html
    assert found(client, "emufallback") == 1
    assert client.get("/search/suggest/", {"q": "emufall"}).status_code == 200
    assert client.get(home.url).status_code == 200


def test_edits_made_during_an_atomic_rebuild_survive_the_swap(
    client, home, engine_setup, monkeypatch
):
    page = StandardPageFactory(parent=home, title="Before rebuild", intro="beforerebuild")
    original = UpdateIndex.print_iter_progress
    edited = []

    def progress_with_an_edit(command, iterable):
        for chunk in original(command, iterable):
            if not edited:
                page.intro = "duringrebuild"
                page.save_revision().publish()
                edited.append(True)
            yield chunk

    monkeypatch.setattr(UpdateIndex, "print_iter_progress", progress_with_an_edit)
    out = StringIO()
    call_command("update_index", backend_name="default", stdout=out)
    assert edited
    assert "replayed 1 edits made during the rebuild" in out.getvalue()
    engine_setup.refresh()
    assert found(client, "duringrebuild") == 1
    assert found(client, "beforerebuild") == 0


def test_drift_check_finds_and_repairs_a_missing_document(home, engine_setup):
    page = StandardPageFactory(parent=home, title="Drifting", intro="drift")
    engine_setup.refresh()
    backend = get_search_backend()
    backend.replay_delete(page)  # the engine loses it behind the site's back
    engine_setup.refresh()

    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("search_drift", stdout=out)
    assert re.search(r"home\.StandardPage\s+\d+\s+\d+\s+1\s+0", out.getvalue())

    call_command("search_drift", "--repair", stdout=StringIO())
    engine_setup.refresh()
    out = StringIO()
    call_command("search_drift", stdout=out)
    assert "matches the database" in out.getvalue()


def test_update_index_shows_progress(engine_setup, home):
    for n in range(3):
        StandardPageFactory(parent=home, title=f"Progress {n}")
    out = StringIO()
    call_command("update_index", backend_name="default", stdout=out)
    assert re.search(r"\d+ objects, [\d,]+/s", out.getvalue())


def test_a_hung_engine_holds_a_publish_for_one_timeout_at_most(home, engine_setup, hung_engine):
    url, _accepted = hung_engine
    config = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]
    engine_setup.settings.WAGTAILSEARCH_BACKENDS = {
        **engine_setup.settings.WAGTAILSEARCH_BACKENDS,
        "default": {**config, "URLS": [url], "TIMEOUT": 1},
    }
    started = time.monotonic()
    page = StandardPageFactory(parent=home, title="Published during a hang", intro="hang")
    elapsed = time.monotonic() - started
    assert elapsed < 3, f"publishing waited {elapsed:.1f}s for a hung engine"
    assert IndexOutboxEntry.objects.filter(object_pk=str(page.pk)).exists()


def test_after_an_engine_failure_searches_skip_it_for_a_while(
    client, home, engine_setup, hung_engine
):
    url, accepted = hung_engine
    StandardPageFactory(parent=home, title="Findable", intro="breakerword")
    config = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]
    engine_setup.settings.WAGTAILSEARCH_BACKENDS = {
        **engine_setup.settings.WAGTAILSEARCH_BACKENDS,
        "default": {**config, "URLS": [url], "TIMEOUT": 1},
    }
    assert found(client, "breakerword") == 1  # from the database index, after one timeout
    tried = len(accepted)
    assert tried >= 1
    for _ in range(3):
        assert found(client, "breakerword") == 1
        assert client.get("/search/suggest/", {"q": "breakerw"}).status_code == 200
    assert len(accepted) == tried  # the engine was not asked again
