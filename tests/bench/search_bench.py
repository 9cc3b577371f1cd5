"""Search benchmark: `make bench-search`.

For each size (10k and 100k searchable pages of ~250 words), build a fresh SQLite database,
then for each backend (database, Elasticsearch, OpenSearch) measure a full reindex
(items/s) and the latency (p50/p95) of the search view and the suggest endpoint through
Django's test client. On SQLite it also times the relevance order alone: FTS5's bm25() over
every match, against modelsearch's own scoring on a few queries. Then, on the demo content,
the relevance of each backend: the mean reciprocal rank of the judged queries in
tests/search/test_relevance.py (1.0 = every expected page first). Prints the tables and
writes them to var/bench/search-<date>.md.

Engines are the local nodes (`make elasticsearch opensearch`); a missing engine is reported
and skipped. On an engine it also replays, through the same client, the very requests the
view sent the engine for each search, and reports that raw engine p95 beside the view's
(the target: the view at most 2.5x the engine). Sizes: BENCH_SIZES=10000,100000; requests
per measurement: BENCH_REQUESTS=200; backends: BENCH_BACKENDS=database,elasticsearch,opensearch;
engine index prefix: BENCH_INDEX_PREFIX=bench_.
"""

import json
import os
import platform
import random
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
BACKENDS = os.environ.get("BENCH_BACKENDS", "database,elasticsearch,opensearch").split(",")
# modelsearch's own SQLite scoring costs milliseconds a match (a minute a query at 10k
# items): time it on this many queries, and only up to this many items.
MODELSEARCH_SCORED_QUERIES = 3
MODELSEARCH_SCORED_UP_TO = 10_000
ENGINES = {
    "elasticsearch": (
        "search.backends.elasticsearch7",
        os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9201"),
    ),
    "opensearch": (
        "search.backends.opensearch3",
        os.environ.get("OPENSEARCH_URL", "http://127.0.0.1:9251"),
    ),
}
WORDS = (
    "trauma informed practice women justice prison probation community service training "
    "course event workshop follow up day leaders trainers staff health mental physical "
    "safety conflict behaviour response outcome mothers babies children family separation "
    "remand sentencing court policy consultation briefing research evidence coalition "
    "board government minister quality mark bronze silver gold award secure settings unit "
    "establishment framework pilot level residential hope street referral pathway support "
    "voluntary sector nhs trust university youth agency centre network leadership programme "
    "application podcast series episode lived experience blog advisor donation partner "
    "london scotland england wales estate custodial headline session materials slides "
    "handout workbook video report download free recovery resilience compassion relational"
).split()
FILLER = "the a of and to in for with on that is as by this from are at be it we our".split()


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def text(rng, words):
    out = []
    for _ in range(words):
        out.append(
            rng.choice(FILLER)
            if rng.random() < 0.35
            else WORDS[min(int(rng.paretovariate(1.1)) - 1, len(WORDS) - 1)]
            if rng.random() < 0.5
            else rng.choice(WORDS)
        )
    return " ".join(out)


def setup_django(size):
    """A fresh SQLite database named for `size` (an item count, or "demo"), migrated."""
    OUT.mkdir(parents=True, exist_ok=True)
    database = OUT / f"bench-{size}.sqlite3"
    if database.exists():
        database.unlink()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DATABASE_URL=f"sqlite:///{database}",
        DEBUG="false",
        MEDIA_ROOT=str(OUT / "media"),
        ALLOWED_HOSTS="testserver,localhost",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def generate_pages(size, rng):
    """Insert `size` live StandardPages under one parent, straight into the tables."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page, Site

    from cms.models import SitePage
    from home.models import StandardPage

    home = Site.objects.get(is_default_site=True).root_page
    parent = home.add_child(instance=StandardPage(title="Bench", slug="bench"))
    content_type = ContentType.objects.get_for_model(StandardPage)
    now = timezone.now()
    started = time.monotonic()
    with transaction.atomic():
        for offset in range(0, size, 5000):
            batch = range(offset, min(size, offset + 5000))
            pages = []
            for n in batch:
                title = f"{text(rng, 5).capitalize()} {n}"
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=f"item-{n}",
                        path=Page._get_path(parent.path, parent.depth + 1, n + 1),
                        depth=parent.depth + 1,
                        numchild=0,
                        url_path=f"{parent.url_path}item-{n}/",
                        content_type=content_type,
                        locale_id=parent.locale_id,
                        live=True,
                        first_published_at=now,
                        last_published_at=now,
                        search_description=text(rng, 20),
                    )
                )
            Page.objects.bulk_create(pages)
            site_rows, standard_rows = [], []
            for page in pages:
                year = rng.choice(range(2015, 2026))
                site_rows.append((page.pk, date(year, 6, 1).isoformat(), year))
                body = json.dumps(
                    [
                        {
                            "type": "paragraph",
                            "id": str(uuid.uuid4()),
                            "value": f"<p>{text(rng, 220)}</p>",
                        }
                    ]
                )
                standard_rows.append((page.pk, text(rng, 25), body))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {SitePage._meta.db_table} (page_ptr_id, listing_date, year) "  # noqa: S608
                    "VALUES (%s, %s, %s)",
                    site_rows,
                )
                cursor.executemany(
                    f"INSERT INTO {StandardPage._meta.db_table} (sitepage_ptr_id, intro, body) "  # noqa: S608
                    "VALUES (%s, %s, %s)",
                    standard_rows,
                )
        Page.objects.filter(pk=parent.pk).update(numchild=size)
    return time.monotonic() - started


def engine_up(url):
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=3):  # noqa: S310
            return True
    except OSError:
        return False


def configure(backend):
    from django.conf import settings

    database = settings.DATABASE_SEARCH
    if backend == "database":
        settings.WAGTAILSEARCH_BACKENDS = {"default": database}
        return
    path, url = ENGINES[backend]
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": path,
            "URLS": [url],
            "INDEX_PREFIX": os.environ.get("BENCH_INDEX_PREFIX", "bench_"),
            "TIMEOUT": 30,
            "ATOMIC_REBUILD": True,
            "REPLICAS": "0",
            "OPTIONS": {"max_retries": 2, "retry_on_timeout": True},
        },
        "database": database,
    }


def reindex(backend, size):
    from io import StringIO

    from django.core.management import call_command

    started = time.monotonic()
    call_command("update_index", backend_name="default", stdout=StringIO())
    elapsed = time.monotonic() - started
    return size / elapsed


def latency(client, urls):
    timings = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return percentile(timings, 50), percentile(timings, 95)


def engine_latency(client, urls):
    """The raw engine's (p50, p95) in ms for the same searches: every request the search
    view sent the engine for each URL, recorded while the view ran, then sent again
    through the same client (HTTP, keep-alive, JSON decoding included) and timed."""
    from search.query import search_backend

    es = search_backend("default").es
    original = es.search
    recorded = []

    def recording(*args, **kwargs):
        recorded.append((args, kwargs))
        return original(*args, **kwargs)

    es.search = recording
    per_url = []
    try:
        for url in urls:
            recorded.clear()
            assert client.get(url).status_code == 200, url
            per_url.append(list(recorded))
    finally:
        es.search = original
    timings = []
    for calls in per_url:
        started = time.perf_counter()
        for args, kwargs in calls:
            original(*args, **kwargs)
        timings.append((time.perf_counter() - started) * 1000)
    return percentile(timings, 50), percentile(timings, 95)


def sqlite_ordering(queries, size):
    """On SQLite: the time to order every match by relevance with bm25() (what the search
    view does), and modelsearch's own per-row scoring on the first few queries, in ms."""
    from modelsearch.backends import get_search_backend

    from cms.models import SitePage
    from search.backends import sqlite_fts

    backend = get_search_backend("default")
    if not sqlite_fts.uses_sqlite_fts(backend):
        return None
    bm25_ms, matches = [], []
    for query in queries:
        words = query.split("+")
        started = time.perf_counter()
        ranks = sqlite_fts.bm25_ranks(SitePage, words)
        bm25_ms.append((time.perf_counter() - started) * 1000)
        matches.append(len(ranks))
    scored_ms = []
    scored_queries = (
        queries[:MODELSEARCH_SCORED_QUERIES] if size <= MODELSEARCH_SCORED_UP_TO else []
    )
    for query in scored_queries:
        results = backend.search(
            " ".join(query.split("+")), SitePage.objects.live(), operator="and"
        )
        started = time.perf_counter()
        list(results.annotate_score("_score")[:10])
        scored_ms.append((time.perf_counter() - started) * 1000)
    return {
        "matches_p50": percentile(matches, 50),
        "bm25_p50": percentile(bm25_ms, 50),
        "bm25_p95": percentile(bm25_ms, 95),
        "bm25_us_per_match": sum(bm25_ms) * 1000 / max(1, sum(matches)),
        "modelsearch_p50": percentile(scored_ms, 50) if scored_ms else None,
        "modelsearch_us_per_match": (
            sum(scored_ms) * 1000 / max(1, sum(matches[: len(scored_ms)])) if scored_ms else None
        ),
    }


def run_relevance():
    """The judged set's mean reciprocal rank per backend, on the demo content."""
    setup_django("demo")
    from io import StringIO

    from django.core.management import call_command
    from django.test import Client

    from tests.search.test_relevance import JUDGED, SAME_STEM, mean_reciprocal_rank, result_links

    call_command("load_demo", stdout=StringIO())
    client = Client()
    rows = []
    for backend in BACKENDS:
        if backend != "database" and not engine_up(ENGINES[backend][1]):
            print(f"[demo] {backend}: not running (make {backend}); skipped", flush=True)
            continue
        configure(backend)
        reindex(backend, 1)
        if backend != "database":
            from modelsearch.backends import get_search_backend

            get_search_backend("default").refresh_indexes()
        mrr, ranked = mean_reciprocal_rank(client)
        same = sum(
            result_links(client.get("/search/", {"q": one}).content.decode())
            == result_links(client.get("/search/", {"q": other}).content.decode())
            for one, other in SAME_STEM
        )
        firsts = sum(ranked[query][:1] == [slug] for query, slug in JUDGED.items())
        print(
            f"[demo] {backend}: MRR {mrr:.3f} ({firsts}/{len(JUDGED)} first); "
            f"word forms agreeing {same}/{len(SAME_STEM)}",
            flush=True,
        )
        rows.append([backend, mrr, firsts, len(JUDGED), same, len(SAME_STEM)])
    return rows


def run_size(size):
    """Measure one size in this process; return rows of figures."""
    setup_django(size)
    from django.test import Client

    rng = random.Random(size)  # noqa: S311 - repeatable test data
    generated = generate_pages(size, rng)
    print(f"[{size:,}] generated pages in {generated:.1f}s", flush=True)
    queries = [f"{rng.choice(WORDS)}+{rng.choice(WORDS)}" for _ in range(REQUESTS)]
    prefixes = [rng.choice(WORDS)[: rng.choice((3, 4, 5))] for _ in range(REQUESTS)]
    client = Client()
    rows = []
    ordering = None
    for backend in BACKENDS:
        if backend != "database" and not engine_up(ENGINES[backend][1]):
            print(f"[{size:,}] {backend}: not running (make {backend}); skipped", flush=True)
            continue
        configure(backend)
        rate = reindex(backend, size)
        print(f"[{size:,}] {backend}: reindexed at {rate:,.0f} items/s", flush=True)
        latency(client, [f"/search/?q={q}" for q in queries[:10]])  # warm up
        search_urls = [f"/search/?q={q}" for q in queries]
        search_p50, search_p95 = latency(client, search_urls)
        suggest_p50, suggest_p95 = latency(client, [f"/search/suggest/?q={p}" for p in prefixes])
        engine_p50 = engine_p95 = None
        if backend != "database":
            engine_p50, engine_p95 = engine_latency(client, search_urls)
        print(
            f"[{size:,}] {backend}: search p50 {search_p50:.1f} ms, p95 {search_p95:.1f} ms; "
            f"suggest p50 {suggest_p50:.1f} ms, p95 {suggest_p95:.1f} ms"
            + (
                f"; engine alone p50 {engine_p50:.1f} ms, p95 {engine_p95:.1f} ms, "
                f"view/engine p95 {search_p95 / engine_p95:.2f}x"
                if engine_p95
                else ""
            ),
            flush=True,
        )
        rows.append(
            [
                size,
                backend,
                rate,
                search_p50,
                search_p95,
                suggest_p50,
                suggest_p95,
                engine_p50,
                engine_p95,
            ]
        )
        if backend == "database":
            ordering = sqlite_ordering(queries, size)
            if ordering:
                print(f"[{size:,}] SQLite relevance order: {json.dumps(ordering)}", flush=True)
    return {"rows": rows, "ordering": [size, ordering] if ordering else None}


def _figure(value):
    return "not timed" if value is None else f"{value:,.0f}"


def child(*args):
    """Run one part in its own process (a fresh database, Django set up from scratch) and
    return what it printed after RESULT."""
    process = subprocess.run(
        [sys.executable, "-m", "tests.bench.search_bench", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    result = None
    for line in process.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
        else:
            print(line, flush=True)
    if process.returncode:
        print(process.stderr[-3000:])
        raise SystemExit(f"benchmark part {' '.join(args)} failed")
    return result


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--size":
        print("RESULT " + json.dumps(run_size(int(sys.argv[2]))), flush=True)
        return
    if len(sys.argv) == 2 and sys.argv[1] == "--relevance":
        print("RESULT " + json.dumps(run_relevance()), flush=True)
        return
    rows, orderings = [], []
    for size in SIZES:
        result = child("--size", str(size))
        rows += result["rows"]
        if result["ordering"]:
            orderings.append(result["ordering"])
    relevance = child("--relevance")

    header = (
        "| items | backend | reindex items/s | search p50 ms | search p95 ms "
        "| suggest p50 ms | suggest p95 ms | engine p50 ms | engine p95 ms "
        "| search/engine p95 |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    lines = [header] + [
        f"| {size:,} | {backend} | {rate:,.0f} | {s50:.1f} | {s95:.1f} | {g50:.1f} | {g95:.1f} "
        + (f"| {e50:.1f} | {e95:.1f} | {s95 / e95:.2f}× |" if e95 else "| | | |")
        for size, backend, rate, s50, s95, g50, g95, e50, e95 in rows
    ]
    machine = (
        f"{platform.node()}: {os.cpu_count()} CPUs, {platform.machine()}, Python "
        f"{platform.python_version()}, SQLite database, {REQUESTS} requests per "
        f"measurement, {time.strftime('%Y-%m-%d %H:%M')}"
    )
    lines += [
        "",
        "SQLite relevance order, per query over every match (the view orders with bm25();",
        f"modelsearch's own scoring timed on {MODELSEARCH_SCORED_QUERIES} queries, up to "
        f"{MODELSEARCH_SCORED_UP_TO:,} items):",
        "",
        "| items | matches p50 | bm25 p50 ms | bm25 p95 ms | bm25 µs/match "
        "| modelsearch p50 ms | modelsearch µs/match |\n|---:|---:|---:|---:|---:|---:|---:|",
    ] + [
        f"| {size:,} | {o['matches_p50']:,} | {o['bm25_p50']:.1f} | {o['bm25_p95']:.1f} "
        f"| {o['bm25_us_per_match']:.1f} | {_figure(o['modelsearch_p50'])} "
        f"| {_figure(o['modelsearch_us_per_match'])} |"
        for size, o in orderings
    ]
    lines += [
        "",
        "Relevance on the demo content: mean reciprocal rank of the judged queries "
        "(tests/search/test_relevance.py), and word forms finding the same results:",
        "",
        "| backend | MRR | expected first | word forms agreeing |\n|---|---:|---:|---:|",
    ] + [
        f"| {backend} | {mrr:.3f} | {firsts}/{judged} | {same}/{pairs} |"
        for backend, mrr, firsts, judged, same, pairs in relevance
    ]
    report = f"# Search benchmark\n\n{machine}\n\n" + "\n".join(lines) + "\n"
    print("\n" + report)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"search-{time.strftime('%Y%m%d-%H%M')}.md"
    path.write_text(report)
    print(f"written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
