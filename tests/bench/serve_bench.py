"""Production-like load benchmark: `python -m tests.bench.serve_bench [SCALE ...]`
(`make bench-serve`, part of `make bench`).

For each scale (pages in the tree; default 10, 1,000 and 10,000, or BENCH_SCALES=10,1000)
the site runs as in production: gunicorn with DEBUG off on tests.bench.serve_settings
(cms.settings.production with static files collected into var/bench/static), a generated
SECRET_KEY, Redis database 4 as the cache (flushed before each run, nothing else), and a
SQLite copy of a cached database under var/bench/ (DATABASE_URL instead, when set, is
migrated, filled and grown in place). Each page is loaded by Debian's `wrk` at concurrency
1 and 8 for BENCH_DURATION seconds (default 5), with the page cache off and on
(PAGE_CACHE=false/true, every URL warmed first). SQL queries and response bytes come from
Django's test client in a separate process on the same database and settings: one warming
request, then one counted with CaptureQueriesContext (so a cached page counts what a cache
hit costs). Any non-2xx answer fails the run. Results: a table on the terminal and
var/bench/serve-YYYYMMDD-HHMM.json and .md. Figures are output, never asserted.

Databases are cached as var/bench/serve-<scale>-<key>.sqlite3, key = the project's
migration files and the Django and Wagtail versions, so a second run reuses them.
"""

import hashlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

from tests.bench import harness

ROOT = harness.ROOT
OUT = harness.OUT
PYTHON = sys.executable
DEFAULT_SCALES = (10, 1_000, 10_000)
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
# Builds are bounded: 10,000 pages take about two minutes on a 2-core machine.
BUILD_TIMEOUT = int(os.environ.get("BENCH_BUILD_TIMEOUT", "900"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
CONCURRENCY = ((1, 1), (2, 8))  # (wrk threads, connections)
PAGES = ("home", "listing", "article", "event", "search")
SEARCH_QUERY = "trauma"  # in the demo's text, and in one page in ten the build adds


def log(message):
    print(f"[serve] {message}", flush=True)


def run(command, env, timeout, **kwargs):
    """Run a command with a time limit; fail with its output when it fails."""
    result = subprocess.run(  # noqa: S603 - our own commands, no shell
        command, env=env, cwd=ROOT, timeout=timeout, capture_output=True, text=True, **kwargs
    )
    if result.returncode != 0:
        raise SystemExit(
            f"{' '.join(map(str, command))} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result.stdout


# -- wrk ---------------------------------------------------------------------------------

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * UNITS_MS[unit]


def parse_wrk(text):
    """The figures of one `wrk --latency` run: requests/s, p50 and p99 in ms, the request
    count, non-2xx/3xx answers and socket errors."""
    found = {
        "requests_per_s": re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M),
        "p50": re.search(r"^\s+50%\s+(\S+)", text, re.M),
        "p99": re.search(r"^\s+99%\s+(\S+)", text, re.M),
        "requests": re.search(r"^\s+(\d+) requests in ", text, re.M),
    }
    missing = [name for name, match in found.items() if match is None]
    if missing:
        raise ValueError(f"wrk output without {', '.join(missing)}:\n{text}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    return {
        "requests_per_s": float(found["requests_per_s"].group(1)),
        "p50_ms": to_ms(found["p50"].group(1)),
        "p99_ms": to_ms(found["p99"].group(1)),
        "requests": int(found["requests"].group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": dict(
            zip(("connect", "read", "write", "timeout"), map(int, errors.groups()), strict=True)
        )
        if errors
        else {"connect": 0, "read": 0, "write": 0, "timeout": 0},
    }


def wrk(url, threads, connections, duration):
    """Load `url` for `duration` seconds; fail loudly on any non-2xx/3xx answer."""
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "--latency",
        url,
    ]
    output = subprocess.run(  # noqa: S603 - wrk with our own arguments
        command, capture_output=True, text=True, timeout=duration + 30, check=True
    ).stdout
    figures = parse_wrk(output)
    if figures["non_2xx"] or figures["socket_errors"]["timeout"]:
        raise SystemExit(f"{url} answered badly under load:\n{output}")
    return figures


# -- the site ----------------------------------------------------------------------------


def environment(database_url, page_cache):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.bench.serve_settings",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(OUT / "serve-media"),
        "REDIS_URL": REDIS_URL,
        "PAGE_CACHE": "true" if page_cache else "false",
        "SITE_URL": "http://127.0.0.1:8000",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


SECRET_KEY = secrets.token_urlsafe(50)


def workers():
    """gunicorn's worker count: cms/gunicorn.conf.py's when the project has one, else
    2 × cores + 1 (gunicorn's own advice)."""
    config = ROOT / "cms" / "gunicorn.conf.py"
    if config.exists():
        return ["-c", str(config)]
    return ["--workers", str(2 * (os.cpu_count() or 1) + 1)]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env):
    """gunicorn serving cms.wsgi on a free port until the block ends; yields the base URL."""
    port = free_port()
    logfile = open(OUT / "serve-gunicorn.log", "a")  # noqa: SIM115 - closed below
    server = subprocess.Popen(  # noqa: S603 - our own command
        [PYTHON, "-m", "gunicorn", "cms.wsgi", *workers(), "--bind", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=logfile,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn stopped ({server.returncode}): see {logfile.name}")
            try:
                with urllib.request.urlopen(f"{base}/", timeout=30):  # noqa: S310 - our server
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    message = f"gunicorn did not answer in 60 s: see {logfile.name}"
                    raise SystemExit(message) from None
                time.sleep(0.3)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
        logfile.close()


def redis_ready():
    """Redis on REDIS_URL: started with cms/services/redis.sh when the project has it,
    otherwise it must be running. Returns its version."""
    import redis

    script = ROOT / "cms" / "services" / "redis.sh"
    if script.exists():
        run(["bash", str(script), "start"], dict(os.environ), timeout=60)
    try:
        return redis.Redis.from_url(REDIS_URL).info("server")["redis_version"]
    except redis.ConnectionError as error:
        raise SystemExit(
            f"Redis is not answering at {REDIS_URL} ({error}). Start it "
            "(`redis-server --daemonize yes`, or `make redis` where the project has it) and "
            "run again, or set BENCH_REDIS_URL."
        ) from error


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # this database number only


# -- databases ---------------------------------------------------------------------------


def content_key():
    """Changes when a migration or the Django/Wagtail version changes."""
    import django
    import wagtail

    names = sorted(str(path.relative_to(ROOT)) for path in ROOT.glob("*/migrations/[0-9]*.py"))
    names += [django.__version__, wagtail.__version__]
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:10]


def checkpoint(path):
    """Fold SQLite's write-ahead log into the file, so a copy of the file is complete."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def build_into(database_url, scale, with_demo=True):
    env = environment(database_url, page_cache=False)
    if with_demo:
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env, timeout=600)
        run([PYTHON, "manage.py", "load_demo"], env, timeout=600)
    # The build prints its progress as it goes.
    subprocess.run(  # noqa: S603 - our own command
        [PYTHON, "-m", "tests.bench.serve_content", str(scale)],
        env=env,
        cwd=ROOT,
        timeout=BUILD_TIMEOUT,
        check=True,
    )
    report = run([PYTHON, "manage.py", "fixtree", "--noinput"], env, timeout=600)
    if report.count("No problems found.") != 2:  # the page tree and the collection tree
        raise SystemExit(f"manage.py fixtree found problems:\n{report}")


def database(scale):
    """The database URL to serve at `scale`: a fresh copy of the cached SQLite file (built
    when missing, from the largest smaller cached scale), or DATABASE_URL grown in place."""
    if os.environ.get("DATABASE_URL"):
        build_into(os.environ["DATABASE_URL"], scale)
        return os.environ["DATABASE_URL"]
    key = content_key()
    cached = OUT / f"serve-{scale}-{key}.sqlite3"
    if not (OUT / "serve-media").exists():  # the demo's images and documents live there
        for stale in OUT.glob("serve-*.sqlite3*"):
            stale.unlink()
    if not cached.exists():
        smaller = sorted(
            (int(path.name.split("-")[1]), path)
            for path in OUT.glob(f"serve-*-{key}.sqlite3")
            if int(path.name.split("-")[1]) < scale
        )
        building = OUT / f"serve-building-{key}.sqlite3"
        for leftover in OUT.glob(f"{building.name}*"):
            leftover.unlink()
        if smaller:
            shutil.copyfile(smaller[-1][1], building)
            log(f"building {scale:,} pages from the cached {smaller[-1][0]:,}")
        else:
            log(f"building {scale:,} pages: migrate, load_demo, then the bench pages")
        started = time.monotonic()
        build_into(f"sqlite:///{building}", scale, with_demo=not smaller)
        checkpoint(building)
        building.rename(cached)
        for leftover in OUT.glob(f"{building.name}-*"):  # the empty -wal and -shm
            leftover.unlink()
        log(f"built {cached.name} in {time.monotonic() - started:.0f} s")
    else:
        log(f"reusing {cached.name}")
    # Serve a copy: search writes its query log, and the cached file stays as built.
    serving = OUT / "serve-current.sqlite3"
    for leftover in OUT.glob(f"{serving.name}*"):
        leftover.unlink()
    shutil.copyfile(cached, serving)
    return f"sqlite:///{serving}"


# -- in-process probe: URLs, SQL queries, bytes -------------------------------------------


def probe():
    """Print, as JSON, the benchmark URLs on this database with each one's status, SQL
    query count and body bytes (one warming request, then one counted)."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Locale, Page

    from events.models import EventPage
    from home.models import ArticleIndexPage, ArticlePage

    locale = Locale.get_default()

    def path(model, **filters):
        page = model.objects.live().filter(locale=locale, **filters).order_by("path").first()
        return page.get_url_parts()[2]

    urls = {
        "home": "/",
        "listing": path(ArticleIndexPage, slug="news"),
        "article": path(ArticlePage),
        "event": path(EventPage),
        "search": f"/search/?q={SEARCH_QUERY}",
    }
    client = Client(HTTP_HOST="127.0.0.1")
    pages = {}
    for name, url in urls.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        pages[name] = {
            "url": url,
            "status": response.status_code,
            "queries": len(queries.captured_queries),
            "bytes": len(response.content),
        }
    print(json.dumps({"pages": pages, "page_count": Page.objects.count()}))


def measure(database_url, page_cache):
    env = environment(database_url, page_cache)
    flush_redis()
    probed = json.loads(run([PYTHON, "-m", "tests.bench.serve_bench", "--probe"], env, timeout=300))
    bad = {name: page for name, page in probed["pages"].items() if page["status"] != 200}
    if bad:
        raise SystemExit(f"pages not answering 200 in-process: {bad}")
    results = {}
    with gunicorn(env) as base:
        for name, page in probed["pages"].items():
            for _ in range(2):  # warm: the first fills the cache, the second hits it
                with urllib.request.urlopen(base + page["url"], timeout=30) as response:  # noqa: S310
                    response.read()
            for threads, connections in CONCURRENCY:
                figures = wrk(base + page["url"], threads, connections, DURATION)
                results[f"{name}@{connections}"] = {**page, "concurrency": connections, **figures}
                log(
                    f"{'cached' if page_cache else 'uncached'} {name} c{connections}: "
                    f"{figures['requests_per_s']:,.0f} req/s, p50 {figures['p50_ms']:.1f} ms, "
                    f"p99 {figures['p99_ms']:.1f} ms, {page['queries']} queries"
                )
    return probed["page_count"], results


# -- report ------------------------------------------------------------------------------


def machine():
    memory = cpu = ""
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        # Other work on the machine skews every figure: the load average says how much.
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "host": platform.node(),
        "cores": os.cpu_count(),
        "memory": memory,
        "cpu": cpu,
        "os": platform.platform(),
    }


def versions(redis_version):
    import django
    import gunicorn as gunicorn_package
    import wagtail

    wrk_version = (
        subprocess.run(  # noqa: S603, S607 - wrk from the system
            ["wrk", "--version"], capture_output=True, text=True, timeout=10
        )
        .stdout.split("[")[0]
        .replace("wrk", "")
        .strip()
    )
    return {
        "python": platform.python_version(),
        "django": django.__version__,
        "wagtail": wagtail.__version__,
        "gunicorn": gunicorn_package.__version__,
        "sqlite": sqlite3.sqlite_version,
        "redis": redis_version,
        "wrk": wrk_version,
    }


def ratio(cached, uncached):
    return round(cached / uncached, 2) if uncached else None


def rows(runs):
    """One row per scale, page and concurrency: uncached and cached side by side."""
    for run_ in runs:
        for key, uncached in run_["uncached"].items():
            cached = run_["cached"][key]
            yield {
                "scale": run_["scale"],
                "pages": run_["page_count"],
                "page": key.split("@")[0],
                "url": uncached["url"],
                "concurrency": uncached["concurrency"],
                "uncached": uncached,
                "cached": cached,
                "ratio": ratio(cached["requests_per_s"], uncached["requests_per_s"]),
            }


def table(runs):
    lines = [
        "| pages | page | c | req/s uncached | req/s cached | cached/uncached | "
        "p50 ms unc. / cached | p99 ms unc. / cached | SQL unc. / cached | bytes |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows(runs):
        unc, hit = row["uncached"], row["cached"]
        lines.append(
            f"| {row['pages']:,} | {row['page']} | {row['concurrency']} | "
            f"{unc['requests_per_s']:,.0f} | {hit['requests_per_s']:,.0f} | "
            f"{row['ratio']}× | {unc['p50_ms']:.1f} / {hit['p50_ms']:.1f} | "
            f"{unc['p99_ms']:.1f} / {hit['p99_ms']:.1f} | "
            f"{unc['queries']} / {hit['queries']} | {unc['bytes']:,} |"
        )
    return "\n".join(lines)


def report(runs, about, elapsed):
    """The Markdown report and the JSON document of a whole run."""
    box = about["machine"]
    text = (
        "# Production-like load benchmark (`make bench-serve`)\n\n"
        f"{box['host']}: {box['cpu']}, {box['cores']} cores, {box['memory']}, load average "
        f"{' '.join(map(str, box['load_average']))} at the start and "
        f"{' '.join(map(str, about['load_average_end']))} at the end; "
        + ", ".join(f"{name} {version}" for name, version in about["versions"].items())
        + f". gunicorn {about['server']}, DEBUG off, {about['database']}, Redis cache. "
        f"wrk for {about['duration_s']} s a cell; SQL queries and body bytes from Django's "
        "test client on the same database and settings (the second of two requests). "
        f"Whole run {elapsed:.0f} s, {time.strftime('%Y-%m-%d %H:%M')}.\n\n" + table(runs) + "\n"
    )
    data = {
        **about,
        "elapsed_s": round(elapsed, 1),
        "runs": runs,
        "rows": list(rows(runs)),
    }
    return text, data


def write(text, data):
    harness.write("serve", text, data)


def scales_wanted(argv):
    given = [arg for arg in argv if not arg.startswith("-")]
    if not given and os.environ.get("BENCH_SCALES"):
        given = os.environ["BENCH_SCALES"].split(",")
    return sorted({int(str(scale).replace("_", "")) for scale in given} or DEFAULT_SCALES)


def main(argv):
    if "--probe" in argv:
        probe()
        return
    started = time.monotonic()
    OUT.mkdir(parents=True, exist_ok=True)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: `apt-get install wrk` (Debian's package).")
    box = machine()
    redis_version = redis_ready()
    scales = scales_wanted(argv)
    log(f"scales {', '.join(f'{s:,}' for s in scales)}; {DURATION} s a measurement")
    log("collectstatic into var/bench/static")
    run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        environment("sqlite://:memory:", page_cache=False),
        timeout=300,
    )
    runs = []
    for scale in scales:
        url = database(scale)
        uncached_count, uncached = measure(url, page_cache=False)
        _, cached = measure(url, page_cache=True)
        runs.append(
            {"scale": scale, "page_count": uncached_count, "uncached": uncached, "cached": cached}
        )
    about = {
        "machine": box,
        "versions": versions(redis_version),
        "server": f"{workers()[1]} sync workers"
        if workers()[0] == "--workers"
        else "workers from cms/gunicorn.conf.py",
        "database": "PostgreSQL/DATABASE_URL" if os.environ.get("DATABASE_URL") else "SQLite (WAL)",
        "duration_s": DURATION,
        "search_query": SEARCH_QUERY,
        "load_average_end": [round(load, 2) for load in os.getloadavg()],
    }
    text, data = report(runs, about, time.monotonic() - started)
    write(text, data)


if __name__ == "__main__":
    main(sys.argv[1:])
