"""`search_drift` compares what the engine stores with the database, not just ids."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Collection, Page

from cms.models import CustomDocument
from search.models import IndexOutboxEntry
from tests.factories import DocumentFactory, StandardPageFactory

CLOSED_PORT = ["http://127.0.0.1:9"]


def drift(*args):
    """(exit status, output) of `manage.py search_drift`."""
    out = StringIO()
    try:
        call_command("search_drift", *args, stdout=out, stderr=StringIO())
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def row(output, label):
    """expected, indexed, missing, extra, stale for one model's line."""
    match = re.search(rf"^{re.escape(label)}\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", output, re.M)
    return tuple(int(n) for n in match.groups())


def test_a_page_moved_while_the_engine_was_unreachable_is_reported_stale_and_repaired(
    home, engine_setup
):
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    old_section = StandardPageFactory(parent=home, title="Old section")
    new_section = StandardPageFactory(parent=home, title="New section")
    page = StandardPageFactory(parent=old_section, title="Moving", intro="movingpage")
    child = StandardPageFactory(parent=page, title="Moving child")
    engine_setup.refresh()
    assert drift()[0] == 0

    engine_setup.point_default_at(CLOSED_PORT)
    page.move(new_section, pos="last-child")
    IndexOutboxEntry.objects.all().delete()  # the kept writes are lost (say, a restore)
    engine_setup.point_default_at(urls)

    status, output = drift()
    assert status == 1
    assert row(output, "home.StandardPage")[2:] == (0, 0, 2)  # no missing, no extra, 2 stale
    assert f"stale: home.StandardPage {page.pk} (path)" in output
    assert f"stale: home.StandardPage {child.pk} (path)" in output
    assert "live, path, last_published_at" in output
    assert "out of step; run with --repair" in output

    status, output = drift("--repair")
    assert status == 0
    assert "2 stale re-sent" in output
    engine_setup.refresh()
    status, output = drift()
    assert status == 0
    assert "matches the database" in output


def test_a_page_unpublished_behind_the_engines_back_is_stale(home, engine_setup):
    page = StandardPageFactory(parent=home, title="Quietly withdrawn")
    engine_setup.refresh()
    Page.objects.filter(pk=page.pk).update(live=False)  # no signal, no index write

    status, output = drift()
    assert status == 1
    assert f"stale: home.StandardPage {page.pk} (live)" in output


def test_a_document_moved_to_another_collection_is_stale_until_repaired(home, engine_setup):
    document = DocumentFactory(title="Handout")
    engine_setup.refresh()
    private = Collection.get_first_root_node().add_child(name="Private papers")
    CustomDocument.objects.filter(pk=document.pk).update(collection=private)

    status, output = drift()
    assert status == 1
    assert row(output, "cms.CustomDocument")[2:] == (0, 0, 1)
    assert f"stale: cms.CustomDocument {document.pk} (collection)" in output

    assert drift("--repair")[0] == 0
    engine_setup.refresh()
    assert drift()[0] == 0


def test_drift_says_that_waiting_writes_count_until_replayed(home, engine_setup):
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    engine_setup.point_default_at(CLOSED_PORT)
    StandardPageFactory(parent=home, title="Kept")
    engine_setup.point_default_at(urls)
    status, output = drift()
    assert status == 1
    assert "waiting in the outbox" in output


def test_drift_says_plainly_when_the_engine_cannot_be_read(home, engine_setup):
    engine_setup.point_default_at(CLOSED_PORT)
    with pytest.raises(CommandError, match="Is it running"):
        call_command("search_drift", stdout=StringIO())
