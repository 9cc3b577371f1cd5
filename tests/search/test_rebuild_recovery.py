"""A killed `update_index` never stops replay for good: its stale rebuild is recovered."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone
from modelsearch.backends import get_search_backend

from home.models import StandardPage
from search import outbox
from search.management.commands.update_index import Command as UpdateIndex
from search.models import IndexOutboxEntry, IndexRebuild
from tests.conftest import run_manage, service_missing
from tests.factories import StandardPageFactory
from tests.search.conftest import ENGINES, engine_health

CLOSED_PORT = ["http://127.0.0.1:9"]


def engine_finds(word):
    return get_search_backend().search(word, StandardPage).count()


def test_a_rebuild_with_an_old_heartbeat_is_abandoned_and_kept_writes_replay(
    home, engine_setup, django_capture_on_commit_callbacks
):
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    rebuild = IndexRebuild.objects.create(backend="default")  # update_index, then killed
    during = StandardPageFactory(parent=home, title="During", intro="duringkill")
    assert IndexOutboxEntry.objects.journalled().filter(object_pk=str(during.pk)).exists()

    engine_setup.point_default_at(CLOSED_PORT)
    kept = StandardPageFactory(parent=home, title="Kept", intro="keptwhiledown")
    engine_setup.point_default_at(urls)
    assert IndexOutboxEntry.objects.waiting().filter(object_pk=str(kept.pk)).exists()

    # Minutes pass without a heartbeat: the process is gone.
    IndexRebuild.objects.filter(pk=rebuild.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=301)
    )
    with django_capture_on_commit_callbacks(execute=True):
        after = StandardPageFactory(parent=home, title="After", intro="afterkill")

    rebuild.refresh_from_db()
    assert rebuild.state == IndexRebuild.State.ABANDONED
    assert "No sign of life" in rebuild.abandoned_reason
    assert not IndexOutboxEntry.objects.filter(object_pk=str(after.pk)).exists(), (
        "a write after the recovery is neither journalled nor kept"
    )
    # The successful write queued a replay, which sent the kept and released writes.
    assert not IndexOutboxEntry.objects.exists()
    engine_setup.refresh()
    for word in ("duringkill", "keptwhiledown", "afterkill"):
        assert engine_finds(word) == 1, word


def test_a_live_rebuild_keeps_journalling(home, engine_setup):
    rebuild = IndexRebuild.objects.create(backend="default")
    IndexRebuild.objects.filter(pk=rebuild.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=299)
    )
    page = StandardPageFactory(parent=home, title="Journalled", intro="journalled")
    assert IndexOutboxEntry.objects.journalled().filter(object_pk=str(page.pk)).exists()
    rebuild.refresh_from_db()
    assert rebuild.state == IndexRebuild.State.RUNNING
    assert outbox.rebuild_running("default")


def test_search_outbox_recover_releases_a_stale_rebuilds_journal(home, engine_setup):
    rebuild = IndexRebuild.objects.create(backend="default")
    page = StandardPageFactory(parent=home, title="Journalled", intro="journalled")
    IndexRebuild.objects.filter(pk=rebuild.pk).update(
        heartbeat_at=timezone.now() - timedelta(hours=1)
    )
    out = StringIO()
    call_command("search_outbox", "status", stdout=out)
    assert "search_outbox recover" in out.getvalue()

    out = StringIO()
    call_command("search_outbox", "recover", stdout=out)
    assert "Marked 1 stale rebuild(s) abandoned" in out.getvalue()
    assert IndexOutboxEntry.objects.waiting().filter(object_pk=str(page.pk)).exists()
    out = StringIO()
    call_command("search_outbox", "recover", stdout=out)
    assert "nothing to recover" in out.getvalue()


def test_writes_replayed_while_a_rebuild_runs_are_journalled_for_the_new_index(home, engine_setup):
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    engine_setup.point_default_at(CLOSED_PORT)
    page = StandardPageFactory(parent=home, title="Kept", intro="keptduringrebuild")
    engine_setup.point_default_at(urls)
    IndexRebuild.objects.create(backend="default")

    call_command("search_outbox", "replay", stdout=StringIO())
    assert not IndexOutboxEntry.objects.waiting().exists()
    journalled = IndexOutboxEntry.objects.journalled()
    assert list(journalled.values_list("object_pk", flat=True)) == [str(page.pk)]
    engine_setup.refresh()
    assert engine_finds("keptduringrebuild") == 1


def test_the_health_page_shows_a_stale_rebuild_and_recovers_it(admin_client, home, engine_setup):
    rebuild = IndexRebuild.objects.create(backend="default")
    StandardPageFactory(parent=home, title="Journalled", intro="journalled")
    IndexRebuild.objects.filter(pk=rebuild.pk).update(
        heartbeat_at=timezone.now() - timedelta(hours=1)
    )

    html = admin_client.get("/admin/search-health/").content.decode()
    assert "(stopped responding)" in html
    assert "has shown no sign of life" in html
    assert 'action="/admin/search-health/rebuild/recover/"' in html

    response = admin_client.post("/admin/search-health/rebuild/recover/", {"backend": "default"})
    assert response.status_code == 302
    rebuild.refresh_from_db()
    assert rebuild.abandoned_at is not None
    assert not IndexOutboxEntry.objects.journalled().exists()
    assert IndexOutboxEntry.objects.waiting().exists()

    html = admin_client.get("/admin/search-health/").content.decode()
    assert "(abandoned)" in html
    assert "Its writes were moved to the outbox" in html


def test_update_index_beats_its_heartbeat_as_it_indexes(home, engine_setup, monkeypatch):
    for n in range(3):
        StandardPageFactory(parent=home, title=f"Beat {n}")
    original = UpdateIndex.print_iter_progress

    def slow_progress(command, iterable):
        for chunk in original(command, iterable):
            time.sleep(0.4)  # a slow engine: the heartbeat still moves on
            yield chunk

    monkeypatch.setattr(UpdateIndex, "print_iter_progress", slow_progress)
    call_command("update_index", backend_name="default", chunk_size=1, stdout=StringIO())
    rebuild = IndexRebuild.objects.first()  # the newest
    assert rebuild.state == IndexRebuild.State.FINISHED
    assert rebuild.heartbeat_at - rebuild.started_at > timedelta(seconds=1)


# A real `update_index`, killed with SIGKILL ------------------------------------------------
PROBE = """
from django.test import override_settings
from django.conf import settings
from wagtail.models import Site
from search import outbox
from search.management.commands.update_index import Command as UpdateIndex
from search.models import IndexOutboxEntry, IndexRebuild
from tests.factories import StandardPageFactory

home = Site.objects.get(is_default_site=True).root_page.specific
engine = settings.WAGTAILSEARCH_BACKENDS["default"]
assert outbox.rebuild_running("default"), "the killed rebuild still looks alive at first"

with override_settings(
    WAGTAILSEARCH_BACKENDS={**settings.WAGTAILSEARCH_BACKENDS,
                            "default": {**engine, "URLS": ["http://127.0.0.1:9"]}}
):
    kept = StandardPageFactory(parent=home, title="Kept", intro="keptafterkill")
    kept.save_revision().publish()
assert IndexOutboxEntry.objects.waiting().filter(object_pk=str(kept.pk)).exists()

with override_settings(SEARCH_REBUILD_STALE_AFTER=0):  # minutes later
    after = StandardPageFactory(parent=home, title="After", intro="writtenafterkill")
    after.save_revision().publish()

rebuild = IndexRebuild.objects.first()  # the newest: the killed one
assert rebuild.abandoned_at is not None, rebuild.state
assert not IndexOutboxEntry.objects.exists(), list(IndexOutboxEntry.objects.all())
from modelsearch.backends import get_search_backend
from home.models import StandardPage
backend = get_search_backend()
backend.refresh_indexes()
for word in ("keptafterkill", "writtenafterkill"):
    assert backend.search(word, StandardPage).count() == 1, word
print("recovered:", rebuild.abandoned_reason)
"""

PAGES = """
from wagtail.models import Site
from tests.factories import StandardPageFactory
home = Site.objects.get(is_default_site=True).root_page.specific
for n in range(200):
    StandardPageFactory(parent=home, title=f"Bulk page {n}", intro="bulk")
"""


def open_rebuild(db_path):
    try:
        with sqlite3.connect(db_path, timeout=5) as connection:
            return connection.execute(
                "SELECT id FROM search_indexrebuild WHERE finished_at IS NULL"
            ).fetchone()
    except sqlite3.OperationalError:
        return None


@pytest.mark.parametrize("engine", ["elasticsearch", "opensearch"])
def test_a_killed_update_index_is_recovered_and_replay_goes_on(tmp_path, engine):
    backend_path, variable, default_url, how = ENGINES[engine]
    url = os.environ.get(variable, default_url)
    if engine_health(url) is None:
        service_missing(f"{engine} at {url}", f"Start it with `{how}` (or set {variable}).")
    prefix = f"test_{uuid.uuid4().hex[:10]}_"
    db_path = tmp_path / "killed.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"sqlite:///{db_path}",
        "SEARCH_BACKEND": engine,
        "SEARCH_URL": url,
        "SEARCH_INDEX_PREFIX": prefix,
    }
    try:
        for args in (["migrate", "--noinput", "-v0"], ["shell", "-c", PAGES], ["update_index"]):
            done = run_manage(*args, env=env)
            assert done.returncode == 0, done.stderr

        rebuild = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "update_index", "--chunk_size", "1"],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while open_rebuild(db_path) is None:
            assert rebuild.poll() is None, "update_index ended before it could be killed"
            assert time.monotonic() < deadline, "update_index never started its rebuild"
            time.sleep(0.05)
        time.sleep(0.5)  # partway through the pages
        rebuild.send_signal(signal.SIGKILL)
        assert rebuild.wait(timeout=10) == -signal.SIGKILL
        assert open_rebuild(db_path) is not None, "the rebuild finished before it was killed"

        probe = run_manage("shell", "-c", PROBE, env=env)
        assert probe.returncode == 0, probe.stderr
        assert "recovered: No sign of life" in probe.stdout
    finally:
        drop_indices(url, prefix)


def drop_indices(url, prefix):
    """Delete the indices this test made (named one by one: wildcards may be refused)."""
    with urllib.request.urlopen(f"{url}/{prefix}*/_alias", timeout=10) as response:  # noqa: S310
        names = json.load(response)
    for name in names:
        request = urllib.request.Request(f"{url}/{name}", method="DELETE")  # noqa: S310
        urllib.request.urlopen(request, timeout=10).close()  # noqa: S310 - the test engine
