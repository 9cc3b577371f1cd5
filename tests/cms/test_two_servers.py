"""Two app servers, one database, one cache, one engine cluster, two task workers.

Two gunicorn instances (production settings, DEBUG off, page cache on) run on two ports
against the same PostgreSQL database (pytest-django's test database, migrated with
`migrate` at the start of the session), one Redis database and the OpenSearch cluster
(in CI the three nodes of OPENSEARCH_CLUSTER_URLS, behind a closed port), with two
`manage.py db_worker` processes. An editor works on A's admin over HTTP, as in a browser;
a visitor reads B.

Needs DATABASE_URL on PostgreSQL, REDIS_URL and OpenSearch (OPENSEARCH_CLUSTER_URLS or
OPENSEARCH_URL, default http://127.0.0.1:9251): skipped on a laptop without them, failed
under CI=true. Uses Redis database TWO_SERVERS_REDIS_DB (default 15) and flushes only that.
"""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from modelsearch.backends import get_search_backend
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html

from cms.models import CustomDocument
from tests.conftest import service_missing
from tests.factories import StandardPageFactory
from tests.search.conftest import DATABASE, engine_config, engine_health

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "two-servers-editor-password"  # noqa: S105 - a throwaway test account
START_TIMEOUT = 60  # seconds for a server to answer /healthz (gunicorn imports Wagtail)
REQUEST_TIMEOUT = 15
PUBLISH_TO_VISIBLE = 1.0  # the target, in seconds
EXTRACTION_TASK = "events.tasks.extract_document_text"


# Services --------------------------------------------------------------------------------
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        service_missing("Redis (REDIS_URL is not set)", "Run `make redis` and set REDIS_URL.")
    own = urllib.parse.urlsplit(url)._replace(path=f"/{os.environ.get('TWO_SERVERS_REDIS_DB', 15)}")
    own_url = urllib.parse.urlunsplit(own)
    try:
        redis.Redis.from_url(own_url, socket_timeout=2).ping()
    except redis.RedisError as error:
        service_missing(f"Redis at REDIS_URL ({type(error).__name__})", "Run `make redis`.")
    return own_url


def opensearch_urls():
    if os.environ.get("OPENSEARCH_CLUSTER_URLS"):
        urls = [u.strip() for u in os.environ["OPENSEARCH_CLUSTER_URLS"].split(",") if u.strip()]
    else:
        urls = [os.environ.get("OPENSEARCH_URL", "http://127.0.0.1:9251")]
    if not any(engine_health(url) for url in urls):
        service_missing(f"OpenSearch at {', '.join(urls)}", "Start it with `make opensearch`.")
    return urls


def database_url():
    if connection.vendor != "postgresql":
        service_missing(
            "PostgreSQL (the tests run on SQLite)",
            "Set DATABASE_URL=postgres://... to run two servers on one database.",
        )
    db = connection.settings_dict
    quote = urllib.parse.quote
    auth = f"{quote(db['USER'])}:{quote(db['PASSWORD'])}@" if db["USER"] else ""
    return f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Processes -------------------------------------------------------------------------------
@dataclass
class Processes:
    """Every process the test starts, each with its log file; all stopped in `stop()`."""

    logs: Path
    env: dict
    running: list = field(default_factory=list)

    def start(self, name, *args, **env):
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(
            [sys.executable, *args],
            cwd=django_settings.BASE_DIR,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: gunicorn's workers go with it
        )
        self.running.append((name, process, log))
        return process

    def run(self, name, *args, timeout=120):
        result = subprocess.run(
            [sys.executable, *args],
            cwd=django_settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, f"{name} failed:\n{result.stdout}\n{result.stderr}"

    def stop(self):
        for _, process, _ in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for _, process, log in self.running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
            log.close()

    def show_logs(self, lines=60):
        for name, process, _ in self.running:
            tail = (self.logs / f"{name}.log").read_text(errors="replace").splitlines()[-lines:]
            print(f"\n===== {name} (exit {process.poll()}) =====\n" + "\n".join(tail))


# HTTP as a browser does it ---------------------------------------------------------------
@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str


class Browser:
    """One visitor or editor talking to one server. Keeps its cookies, Secure ones too
    (production marks them so, and this is plain HTTP on the loopback), follows no
    redirects."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, content_type=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return Response(response.status, response.headers, text)

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        body = urllib.parse.urlencode(data, doseq=True)
        return self.request("POST", path, body, "application/x-www-form-urlencoded")

    def post_multipart(self, path, data, files):
        boundary = uuid.uuid4().hex
        parts = []
        for name, values in data.lists():
            for value in values:
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{value}\r\n".encode()
                )
        for name, (filename, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, f"multipart/form-data; boundary={boundary}")

    def log_in(self, username, password):
        page = self.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = self.post(
            "/admin/login/",
            {
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": password,
                "next": "/admin/",
            },
        )
        assert response.status == 302, f"login failed ({response.status})"

    def form(self, path, selector):
        """The form at `path` matching the CSS `selector`, as the browser would post it,
        CSRF token included."""
        response = self.get(path)
        assert response.status == 200, f"GET {path}: {response.status}"
        soup = WagtailTestUtils.get_soup(response.text)
        index = soup.find_all("form").index(soup.select_one(selector))
        return querydict_from_html(response.text, form_index=index, exclude_csrf=False)


def wait_for(what, check, timeout, interval=0.02):
    """Call `check` until it returns something true; return (value, seconds taken)."""
    started = time.monotonic()
    while True:
        value = check()
        if value:
            return value, time.monotonic() - started
        if time.monotonic() - started > timeout:
            pytest.fail(f"{what}: not within {timeout} s")
        time.sleep(interval)


def title_of(html):
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return re.sub(r"\s+", " ", match.group(1)).strip() if match else None


# The test --------------------------------------------------------------------------------
@pytest.fixture
def cluster(settings, home, tmp_path):
    """Content, an editor and the engine index built here; then two servers and two
    workers started on the shared services. Everything is stopped and removed afterwards."""
    db_url, cache_url, engine_urls = database_url(), redis_url(), opensearch_urls()
    prefix = f"two_servers_{uuid.uuid4().hex[:8]}_"
    cache = redis.Redis.from_url(cache_url)
    cache.flushdb()

    hasher = PBKDF2PasswordHasher()
    get_user_model().objects.create(
        username="editor",
        is_staff=True,
        is_superuser=True,
        # Production's hasher (the test settings hash with MD5); few rounds, it is a test.
        password=hasher.encode(PASSWORD, hasher.salt(), iterations=1000),
    )
    page = StandardPageFactory(parent=home, title="Opening hours", slug="opening-hours")
    page.save_revision().publish()
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": engine_config("search.backends.opensearch3", engine_urls, prefix),
        "database": DATABASE,
    }
    call_command("update_index", backend_name="default", verbosity=0)

    port_a, port_b = free_port(), free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": db_url,
        "REDIS_URL": cache_url,
        "CACHE_KEY_PREFIX": prefix,
        "PAGE_CACHE": "true",
        "SEARCH_BACKEND": "opensearch",
        "SEARCH_URL": ",".join(engine_urls),
        "SEARCH_INDEX_PREFIX": prefix,
        "TASKS_BACKEND": "database",
        "MEDIA_ROOT": str(tmp_path / "media"),  # one disk for both servers, as shared storage
        "SITE_URL": f"http://127.0.0.1:{port_a}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_GRACEFUL_TIMEOUT": "3",
        "ACCESS_LOG": "true",
    }
    processes = Processes(tmp_path, env)
    try:
        processes.run("collectstatic", "manage.py", "collectstatic", "--noinput", "-v", "0")
        for name, port in (("server-a", port_a), ("server-b", port_b)):
            processes.start(
                name, "-m", "gunicorn", "-c", "cms/gunicorn.conf.py", "cms.wsgi",
                BIND=f"127.0.0.1:{port}",
            )  # fmt: skip
        for n in (1, 2):
            processes.start(
                f"worker-{n}", "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"
            )
        for name, port in (("server-a", port_a), ("server-b", port_b)):
            wait_for(f"{name} answering /healthz", lambda p=port: _healthy(p), START_TIMEOUT, 0.2)
        yield Browser(port_a), Browser(port_b), page, processes
    except BaseException:
        processes.show_logs()
        raise
    finally:
        processes.stop()
        cache.flushdb()
        backend = get_search_backend("default")
        for index in backend.es.indices.get_alias(index=f"{prefix}*"):
            backend.es.indices.delete(index=index)


def _healthy(port):
    try:
        return Browser(port).get("/healthz").status == 200
    except OSError:
        return False


def test_a_publish_on_one_server_is_seen_on_the_other_and_a_task_runs_once(cluster):
    editor, visitor, page, processes = cluster
    try:
        publish_search_and_run_a_task(editor, visitor, page)
    except BaseException:
        processes.show_logs()
        raise


def publish_search_and_run_a_task(editor, visitor, page):
    word = f"quillwort{uuid.uuid4().hex[:6]}"

    # B serves the page from the shared cache.
    # (The first view of a fresh site creates its settings row, and a page rendered while
    # something it read was written is not kept: so it may take a second view.)
    cached, _ = wait_for(
        "B serving the page from the cache",
        lambda: (r := visitor.get("/opening-hours/")).headers["X-Page-Cache"] == "hit" and r,
        timeout=5,
        interval=0.05,
    )
    assert title_of(cached.text) == "Opening hours"
    ready = visitor.get("/readyz")
    assert ready.status == 200, ready.text

    # (a) The editor publishes a new title through A's admin; B shows it within 1 s.
    editor.log_in("editor", PASSWORD)
    edit = f"/admin/pages/{page.pk}/edit/"
    form = editor.form(edit, "form#page-edit-form")
    new_title = f"Opening hours and {word} walks"
    form["title"] = new_title
    form["intro"] = f"Guided {word} walks on Saturdays."
    form["body-count"] = "0"  # the page has no body blocks (the admin's JavaScript posts 0)
    form["action-publish"] = "action-publish"
    published = editor.post(edit, form)
    assert published.status == 302, title_of(published.text) or published.text[:2000]
    seen, publish_to_visible = wait_for(
        "the new title on B",
        lambda: title_of(visitor.get("/opening-hours/").text) == new_title,
        timeout=5,
    )
    print(f"publish on A -> visible on B: {publish_to_visible * 1000:.0f} ms")
    assert publish_to_visible <= PUBLISH_TO_VISIBLE

    # (b) B's search finds the new word (indexed by a worker, through the engine).
    _, indexed_after = wait_for(
        "the new word in B's search",
        lambda: new_title in visitor.get(f"/search/?q={word}").text,
        timeout=20,
        interval=0.2,
    )
    print(f"publish on A -> found by B's search: {indexed_after * 1000:.0f} ms")

    # (c) A document uploaded on A queues text extraction: one of the two workers runs it,
    # once; B's search then finds the words inside the file.
    upload = editor.form("/admin/documents/add/", "form[enctype='multipart/form-data']")
    upload["title"] = "Walk leader notes"
    inside = f"marshwort{uuid.uuid4().hex[:6]}"
    added = editor.post_multipart(
        "/admin/documents/add/",
        upload,
        {"file": ("walk-notes.txt", f"Bring boots. Look for {inside} by the pond.\n".encode())},
    )
    assert added.status == 302, added.text[:2000]
    document = CustomDocument.objects.get(title="Walk leader notes")

    def extraction_finished():
        return DBTaskResult.objects.filter(
            task_path=EXTRACTION_TASK, status=TaskResultStatus.SUCCESSFUL
        ).exists()

    wait_for("text extraction by a worker", extraction_finished, timeout=20, interval=0.1)
    _, found_after = wait_for(
        "the file's words in B's search",
        lambda: "Walk leader notes" in visitor.get(f"/search/?q={inside}").text,
        timeout=20,
        interval=0.2,
    )
    print(f"upload on A -> file's words found by B's search: {found_after * 1000:.0f} ms")
    runs = list(DBTaskResult.objects.filter(task_path=EXTRACTION_TASK))
    assert len(runs) == 1
    assert runs[0].status == TaskResultStatus.SUCCESSFUL
    assert len(runs[0].worker_ids) == 1, runs[0].worker_ids
    document.refresh_from_db()
    assert inside in document.extracted_text
