"""The machinery of `make bench-serve` (tests.bench.serve_bench): wrk's output read from a
real run against a small local server, bad answers refused, and the report written. The
benchmark's figures themselves are never asserted."""

import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.bench import harness, serve_bench
from tests.conftest import service_missing


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    handled = 0

    def do_GET(self):
        type(self).handled += 1
        body = b"<p>ok</p>" if self.path == "/" else b"<p>not here</p>"
        self.send_response(200 if self.path == "/" else 404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    if shutil.which("wrk") is None:
        service_missing("wrk", "Install Debian's package: apt-get install wrk.")
    Handler.handled = 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_real_wrk_run_is_read(server):
    figures = serve_bench.wrk(f"{server}/", threads=1, connections=1, duration=1)

    # wrk counts completed responses; the server may have answered one more as time ran out.
    assert 0 < figures["requests"] <= Handler.handled
    assert figures["requests_per_s"] > 0
    assert 0 < figures["p50_ms"] <= figures["p99_ms"]
    assert figures["non_2xx"] == 0


def test_latency_units_become_milliseconds():
    assert serve_bench.to_ms("850.00us") == pytest.approx(0.85)
    assert serve_bench.to_ms("12.5ms") == 12.5
    assert serve_bench.to_ms("1.20s") == 1200


def test_output_without_figures_is_refused():
    with pytest.raises(ValueError, match="wrk output without"):
        serve_bench.parse_wrk("unable to connect to 127.0.0.1:9 Connection refused")


def test_error_answers_under_load_fail_the_run(server):
    with pytest.raises(SystemExit, match="answered badly under load"):
        serve_bench.wrk(f"{server}/missing", threads=1, connections=1, duration=1)


def test_the_report_has_a_row_and_a_ratio_per_page_and_concurrency(server, tmp_path, monkeypatch):
    monkeypatch.setattr(harness, "OUT", tmp_path)
    measured = {}
    for connections in (1, 2):
        figures = serve_bench.wrk(f"{server}/", threads=1, connections=connections, duration=1)
        page = {"url": "/", "status": 200, "queries": 7, "bytes": 9, "concurrency": connections}
        measured[f"home@{connections}"] = {**page, **figures}
    cached = {
        key: {**value, "requests_per_s": value["requests_per_s"] * 4, "queries": 0}
        for key, value in measured.items()
    }
    runs = [{"scale": 10, "page_count": 77, "uncached": measured, "cached": cached}]
    about = {
        "machine": serve_bench.machine(),
        "versions": {"wrk": "test"},
        "server": "1 sync worker",
        "database": "SQLite",
        "duration_s": 1,
        "load_average_end": [0.5, 0.4, 0.3],
    }

    text, data = serve_bench.report(runs, about, elapsed=3.0)
    serve_bench.write(text, data)

    table_rows = [line for line in text.splitlines() if line.startswith("| 77 | home |")]
    assert len(table_rows) == 2
    assert all("| 4.0× |" in line and "| 7 / 0 |" in line for line in table_rows)
    [written] = tmp_path.glob("serve-*.json")
    saved = json.loads(written.read_text())
    assert [row["ratio"] for row in saved["rows"]] == [4.0, 4.0]
    assert saved["machine"]["cores"] >= 1
    assert written.with_suffix(".md").read_text() == text
