"""/healthz and /readyz (cms.health), as a load balancer calls them: by address, over HTTP."""

import json
import os
import socket
import threading
import time

import pytest
from django.test import override_settings

from cms import health
from search.models import IndexOutboxEntry
from tests.conftest import service_missing
from tests.search.conftest import engine_config, engine_health


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ready(client, **extra):
    response = client.get("/readyz", **extra)
    return response, json.loads(response.content)


def redis_caches(url):
    """As the settings configure Redis: `default` ignores its errors, `pages` raises them."""
    options = {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5}
    redis = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url}
    return {
        "default": {**redis, "OPTIONS": {**options, "IGNORE_EXCEPTIONS": True}},
        "pages": {**redis, "OPTIONS": options},
    }


# No django_db mark: pytest-django makes any database access in this test an error.
def test_healthz_answers_ok_without_touching_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_reports_every_check_with_its_time(client):
    response, body = ready(client)
    assert response.status_code == 200, body
    assert response["Cache-Control"] == "no-store"
    assert body["status"] == "ok"
    assert body["failed"] == []
    assert {"database", "cache", "search", "search_outbox"} <= body["checks"].keys()
    for result in body["checks"].values():
        assert result["ok"] is True
        assert result["ms"] >= 0


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["www.example.org"], SECURE_SSL_REDIRECT=True)
def test_both_answer_a_load_balancer_calling_by_address_over_http(client):
    # The same settings turn an ordinary request away: unknown host.
    assert client.get("/", HTTP_HOST="10.0.0.7").status_code == 400
    assert client.get("/healthz", HTTP_HOST="10.0.0.7").status_code == 200
    response, body = ready(client, HTTP_HOST="10.0.0.7")
    assert response.status_code == 200, body


def test_only_get_and_head_are_answered(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.django_db
def test_readyz_fails_naming_the_cache_when_redis_is_unreachable(client):
    url = f"redis://:hunter2-cache-password@127.0.0.1:{closed_port()}/0"
    with override_settings(CACHES=redis_caches(url)):
        started = time.monotonic()
        response, body = ready(client)
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert body["failed"] == ["cache"]
    assert body["checks"]["cache"]["error"] == "default: the value written was not read back"
    assert body["checks"]["database"]["ok"] is True
    assert "hunter2" not in response.content.decode()
    assert elapsed < health.READY_CHECK_TIMEOUT + 0.5


@pytest.mark.django_db
def test_readyz_names_the_cache_alias_whose_errors_are_raised(client):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    caches = redis_caches(url)
    caches["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    with override_settings(CACHES=caches):
        response, body = ready(client)
    assert response.status_code == 503
    assert body["checks"]["cache"]["error"] == "pages: ConnectionError"


@pytest.mark.django_db
def test_readyz_fails_naming_the_search_engine_when_it_is_unreachable(client, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": engine_config(
            "search.backends.opensearch3",
            [f"http://admin:engine-password@127.0.0.1:{closed_port()}"],
            "readyz_",
        )
    }
    response, body = ready(client)
    assert response.status_code == 503
    assert body["failed"] == ["search"]
    assert body["checks"]["search"]["ok"] is False
    assert "engine-password" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_shows_the_engine_cluster_when_it_answers(client, settings):
    url = os.environ.get("OPENSEARCH_URL", "http://127.0.0.1:9251")
    if engine_health(url) is None:
        service_missing(f"OpenSearch at {url}", "Start it with `make opensearch`.")
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": engine_config("search.backends.opensearch3", [url], "readyz_")
    }
    response, body = ready(client)
    assert response.status_code == 200, body
    assert body["checks"]["search"]["status"] in {"green", "yellow"}
    assert body["checks"]["search"]["nodes"] >= 1


# The checks run in their own threads, which see only committed rows.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_readyz_shows_the_index_outbox_backlog_without_failing(client):
    for pk in ("1", "2", "3"):
        IndexOutboxEntry.objects.create(
            backend="default", app_label="wagtailcore", model_name="page", object_pk=pk,
            action=IndexOutboxEntry.Action.UPSERT,
        )  # fmt: skip
    response, body = ready(client)
    assert response.status_code == 200, body
    assert body["checks"]["search_outbox"]["waiting"] == 3


def test_a_hung_check_fails_on_time_and_a_raising_one_by_its_class_only(monkeypatch):
    release = threading.Event()

    def hangs():
        release.wait(10)

    def raises():
        raise RuntimeError("postgres://cms:db-password@db.internal/cms")

    monkeypatch.setattr(health, "_checks", {"hangs": hangs, "raises": raises})
    started = time.monotonic()
    try:
        results = health.run_checks(timeout=0.3)
    finally:
        release.set()
    assert time.monotonic() - started < 1
    assert results["hangs"] == {"ok": False, "error": "timed out", "ms": 300.0}
    assert results["raises"]["error"] == "RuntimeError"
    assert "db-password" not in json.dumps(results)
