"""What every benchmark here shares: a throwaway database, timing with percentiles and
query counts, and the machine line and files of the report."""

import json
import os
import platform
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def setup_django(name):
    """Django with DEBUG off on a throwaway database: `var/bench/<name>-bench.sqlite3`, or
    with DATABASE_URL set a test database beside that one. Returns a function that drops
    the server database afterwards (or None)."""
    OUT.mkdir(parents=True, exist_ok=True)
    on_server = bool(os.environ.get("DATABASE_URL"))
    if not on_server:
        database = OUT / f"{name}-bench.sqlite3"
        for leftover in OUT.glob(f"{name}-bench.sqlite3*"):
            leftover.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DEBUG="false",
        MEDIA_ROOT=str(OUT / "media"),
        ALLOWED_HOSTS="testserver,localhost",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if on_server:
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        print(f"[{name}] throwaway database {connection.settings_dict['NAME']}", flush=True)
        return lambda: connection.creation.destroy_test_db(old_name, verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)
    return None


@contextmanager
def search_index_paused():
    """Pages saved without indexing each one: indexing is most of a save's cost on SQLite
    and not what listings or feeds read."""
    from django.conf import settings
    from django.test import override_settings

    backends = {
        name: {**config, "AUTO_UPDATE": False}
        for name, config in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        yield


def timed(call, runs):
    """(median ms, p95 ms, SQL queries): over `runs` calls after one warming call, and the
    query count of one more call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        call()
    return statistics.median(timings), percentile(timings, 95), len(queries.captured_queries)


def get(client, url, params=None):
    """A call that GETs `url` and fails loudly on anything but a 200."""

    def call():
        response = client.get(url, params or {})
        if response.status_code != 200:
            raise AssertionError(f"{url} {params} answered {response.status_code}")
        return response

    return call


def machine(vendor, runs):
    return (
        f"{platform.node()}: {os.cpu_count()} CPUs, {platform.machine()}, Python "
        f"{platform.python_version()}, {vendor} database, {runs} runs a measurement, "
        f"server time through Django's test client, {time.strftime('%Y-%m-%d %H:%M')}"
    )


def table(rows):
    """A Markdown table of rows {name, median_ms, p95_ms, queries, target_ms, note}."""
    lines = [
        "| measurement | median ms | p95 ms | SQL queries | target | |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        limit = row.get("target_ms")
        verdict = ("met" if row["p95_ms"] < limit else "MISSED") if limit else ""
        target = f"< {limit} ms" if limit else ""
        lines.append(
            f"| {row['name']} | {row['median_ms']:,.1f} | {row['p95_ms']:,.1f} | "
            f"{row['queries']} | {target} | {verdict} |"
        )
    return "\n".join(lines)


def write(name, text, data):
    """Print the report and keep it as var/bench/<name>-<stamp>.md and .json."""
    print("\n" + text)
    stamp = time.strftime("%Y%m%d-%H%M")
    (OUT / f"{name}-{stamp}.md").write_text(text)
    (OUT / f"{name}-{stamp}.json").write_text(json.dumps(data, indent=2) + "\n")
    print(f"written to var/bench/{name}-{stamp}.json and .md")
