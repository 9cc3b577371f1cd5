"""Search tests run on every backend: the database, and real Elasticsearch and OpenSearch
nodes (`make elasticsearch`, `make opensearch`; .ci/run starts both)."""

import json
import os
import socket
import threading
import urllib.request
import uuid
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from modelsearch.backends import get_search_backend

from search.query import engine_breaker
from tests.conftest import service_missing

DATABASE = {"BACKEND": "wagtail.search.backends.database"}
ENGINES = {
    "elasticsearch": (
        "search.backends.elasticsearch7",
        "ELASTICSEARCH_URL",
        "http://127.0.0.1:9201",
        "make elasticsearch",
    ),
    "opensearch": (
        "search.backends.opensearch3",
        "OPENSEARCH_URL",
        "http://127.0.0.1:9251",
        "make opensearch",
    ),
}


def engine_health(url):
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=3) as response:  # noqa: S310
            return json.load(response)
    except OSError:
        return None


def engine_config(backend_path, urls, prefix, **extra):
    return {
        "BACKEND": backend_path,
        "URLS": urls,
        "INDEX_PREFIX": prefix,
        "TIMEOUT": 5,
        "ATOMIC_REBUILD": True,
        "REPLICAS": "auto",
        "OPTIONS": {"max_retries": 2, "retry_on_timeout": False},
        **extra,
    }


@dataclass
class SearchSetup:
    name: str
    settings: object
    prefix: str = ""

    @property
    def is_engine(self):
        return self.name != "database"

    def backend(self):
        return get_search_backend("default")

    def refresh(self):
        if self.is_engine:
            self.backend().refresh_indexes()

    def point_default_at(self, urls):
        """Re-point the engine backend (e.g. at a closed port to play 'engine down')."""
        config = dict(self.settings.WAGTAILSEARCH_BACKENDS["default"], URLS=urls)
        self.settings.WAGTAILSEARCH_BACKENDS = {
            **self.settings.WAGTAILSEARCH_BACKENDS,
            "default": config,
        }


def _engine_setup(name, settings, urls=None):
    backend_path, variable, default_url, how = ENGINES[name]
    url = os.environ.get(variable, default_url)
    if engine_health(url) is None:
        service_missing(f"{name} at {url}", f"Start it with `{how}` (or set {variable}).")
    prefix = f"test_{uuid.uuid4().hex[:10]}_"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": engine_config(backend_path, urls or [url], prefix),
        "database": DATABASE,
    }
    call_command("update_index", backend_name="default", verbosity=0)
    return SearchSetup(name, settings, prefix)


def _drop_indices(setup):
    if setup.is_engine:
        client = setup.backend().es
        for name in client.indices.get_alias(index=f"{setup.prefix}*"):
            client.indices.delete(index=name)


@pytest.fixture(autouse=True)
def _close_engine_breaker():
    engine_breaker.reset()
    yield
    engine_breaker.reset()


@pytest.fixture
def hung_engine():
    """A port that accepts connections and never answers, like an engine stuck in GC."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = server.accept()
                accepted.append(connection)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", accepted
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


@pytest.fixture(params=["database", "elasticsearch", "opensearch"])
def search_setup(request, settings, db, home):
    if request.param == "database":
        settings.WAGTAILSEARCH_BACKENDS = {"default": DATABASE}
        yield SearchSetup("database", settings)
        return
    setup = _engine_setup(request.param, settings)
    urls = list(settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"])
    yield setup
    setup.point_default_at(urls)
    _drop_indices(setup)


@pytest.fixture(params=["elasticsearch", "opensearch"])
def engine_setup(request, settings, db, home):
    setup = _engine_setup(request.param, settings)
    urls = list(settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"])
    yield setup
    setup.point_default_at(urls)
    _drop_indices(setup)


@pytest.fixture(autouse=True)
def _lift_write_pause():
    """Each test starts with the engine's write pause lifted (see search.backends)."""
    from search.backends import write_pause

    write_pause.reset()
    yield
    write_pause.reset()


@pytest.fixture
def html_engine():
    """A URL answering 200 with an HTML page to every request, as a maintenance proxy
    in front of the engine does. Yields the URL and the list of requests it answered."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    answered = []

    class MaintenancePage(BaseHTTPRequestHandler):
        def answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            answered.append(f"{self.command} {self.path}")
            body = b"<!doctype html><title>Maintenance</title><h1>Back soon</h1>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = answer

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), MaintenancePage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", answered
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(autouse=True)
def _database_index_as_the_site_configures_it(settings):
    """The database backend in these tests is the site's own DATABASE_SEARCH (English
    stemming on PostgreSQL), not a bare copy that would test something else."""
    DATABASE.clear()
    DATABASE.update(settings.DATABASE_SEARCH)
