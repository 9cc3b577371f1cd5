"""Every failed index write is kept, and one bad row never blocks the replay of the rest."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from modelsearch.backends import get_search_backend

from home.models import StandardPage
from search.models import IndexOutboxEntry
from tests.factories import StandardPageFactory

CLOSED_PORT = ["http://127.0.0.1:9"]


def engine_finds(word):
    return get_search_backend().search(word, StandardPage).count()


def found(client, word):
    html = client.get("/search/", {"q": word}).content.decode()
    return int(re.search(r'class="result-count">(\d+)', html).group(1))


# A maintenance page instead of the engine -----------------------------------------------
def test_a_write_answered_with_an_html_page_is_kept_and_replayed(home, engine_setup, html_engine):
    url, answered = html_engine
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    engine_setup.point_default_at([url])

    page = StandardPageFactory(parent=home, title="Behind the proxy", intro="proxyquokka")
    page.save_revision().publish()  # the editor's save goes through

    assert answered, "the write should have reached the maintenance page"
    kept = IndexOutboxEntry.objects.filter(object_pk=str(page.pk), journal=False)
    assert kept.exists()
    assert "SerializationError" in kept.first().last_error

    engine_setup.point_default_at(urls)
    call_command("search_outbox", "replay", stdout=StringIO())
    assert not IndexOutboxEntry.objects.exists()
    engine_setup.refresh()
    assert engine_finds("proxyquokka") == 1


def test_a_delete_answered_with_an_html_page_is_kept_and_replayed(home, engine_setup, html_engine):
    url, _answered = html_engine
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    page = StandardPageFactory(parent=home, title="Removed behind the proxy", intro="proxynumbat")
    engine_setup.refresh()
    assert engine_finds("proxynumbat") == 1

    engine_setup.point_default_at([url])
    page_pk = page.pk
    page.delete()
    assert set(
        IndexOutboxEntry.objects.filter(action="delete").values_list("object_pk", flat=True)
    ) == {str(page_pk)}

    engine_setup.point_default_at(urls)
    call_command("search_outbox", "replay", stdout=StringIO())
    engine_setup.refresh()
    assert engine_finds("proxynumbat") == 0


def test_public_search_answers_from_the_database_when_the_engine_answers_html(
    client, home, engine_setup, html_engine
):
    url, answered = html_engine
    StandardPageFactory(parent=home, title="Findable anyway", intro="proxywallaby")
    engine_setup.point_default_at([url])
    response = client.get("/search/", {"q": "proxywallaby"})
    assert response.status_code == 200
    assert "simpler mode" in response.content.decode()
    assert found(client, "proxywallaby") == 1
    assert client.get("/search/suggest/", {"q": "proxywall"}).status_code == 200
    assert answered, "the search should have tried the engine first"


def test_replay_into_an_html_page_stops_and_parks_nothing(home, engine_setup, html_engine):
    url, _answered = html_engine
    engine_setup.point_default_at(CLOSED_PORT)
    StandardPageFactory(parent=home, title="Waits", intro="waits")
    before = IndexOutboxEntry.objects.count()
    engine_setup.point_default_at([url])
    with pytest.raises(CommandError, match="still unavailable"):
        call_command("search_outbox", "replay", stdout=StringIO())
    assert IndexOutboxEntry.objects.waiting().count() == before
    assert not IndexOutboxEntry.objects.parked().exists()


# Bad rows are parked, the rest replay ------------------------------------------------------
def kept_while_down(engine_setup, home, *words):
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    engine_setup.point_default_at(CLOSED_PORT)
    pages = [StandardPageFactory(parent=home, title=word, intro=word) for word in words]
    engine_setup.point_default_at(urls)
    return pages


def gone_model_row():
    return IndexOutboxEntry.objects.create(
        backend="default",
        app_label="podcasts",
        model_name="episode",
        object_pk="7",
        action="upsert",
    )


def test_a_row_for_a_removed_model_is_parked_and_the_rest_replay(home, engine_setup):
    kept_while_down(engine_setup, home, "beforegone")
    bad = gone_model_row()
    kept_while_down(engine_setup, home, "aftergone")

    out, err = StringIO(), StringIO()
    call_command("search_outbox", "replay", stdout=out, stderr=err)

    assert "1 could not be applied and are parked" in out.getvalue()
    assert "podcasts.episode no longer exists" in err.getvalue()
    assert list(IndexOutboxEntry.objects.values_list("pk", flat=True)) == [bad.pk]
    bad.refresh_from_db()
    assert bad.parked_at is not None
    assert "podcasts.episode no longer exists" in bad.parked_reason
    engine_setup.refresh()
    assert engine_finds("beforegone") == 1
    assert engine_finds("aftergone") == 1


def test_an_object_that_cannot_be_serialised_is_parked_then_retried(
    home, engine_setup, monkeypatch
):
    broken, fine = kept_while_down(engine_setup, home, "brokenkiwi", "finekiwi")
    mapping_class = get_search_backend().mapping_class
    original = mapping_class.get_document

    def document_with_a_stray_object(mapping, obj):
        document = original(mapping, obj)
        if obj.pk == broken.pk:
            document["stray"] = object()
        return document

    monkeypatch.setattr(mapping_class, "get_document", document_with_a_stray_object)
    call_command("search_outbox", "replay", stdout=StringIO(), stderr=StringIO())

    parked = IndexOutboxEntry.objects.parked()
    assert set(parked.values_list("object_pk", flat=True)) == {str(broken.pk)}
    assert "cannot be serialised" in parked.first().parked_reason
    assert not IndexOutboxEntry.objects.waiting().exists()
    engine_setup.refresh()
    assert engine_finds("finekiwi") == 1
    assert engine_finds("brokenkiwi") == 0

    out = StringIO()
    call_command("search_outbox", "parked", stdout=out)
    assert f"home.standardpage:{broken.pk}" in out.getvalue()
    assert "cannot be serialised" in out.getvalue()

    monkeypatch.setattr(mapping_class, "get_document", original)  # the object is fixed
    out = StringIO()
    call_command("search_outbox", "retry", stdout=out)
    assert "1 parked writes put back in the queue" in out.getvalue()
    assert not IndexOutboxEntry.objects.exists()
    engine_setup.refresh()
    assert engine_finds("brokenkiwi") == 1


def test_discarding_parked_rows_leaves_waiting_rows_alone(home, engine_setup):
    bad = gone_model_row()
    call_command("search_outbox", "replay", stdout=StringIO(), stderr=StringIO())
    engine_setup.point_default_at(CLOSED_PORT)
    StandardPageFactory(parent=home, title="Still waiting", intro="stillwaiting")
    waiting = set(IndexOutboxEntry.objects.waiting().values_list("pk", flat=True))
    assert waiting

    out = StringIO()
    call_command("search_outbox", "status", stdout=out)
    assert "1 writes parked" in out.getvalue()
    call_command("search_outbox", "discard", "--id", str(bad.pk), stdout=StringIO())
    assert not IndexOutboxEntry.objects.parked().exists()
    assert set(IndexOutboxEntry.objects.values_list("pk", flat=True)) == waiting
