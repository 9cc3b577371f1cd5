"""Events benchmark: `python -m tests.bench.events_bench`.

Builds a throwaway SQLite database in var/bench/ (or, with DATABASE_URL set, a test database
beside that one, dropped afterwards) holding 2,000 live events under one event index, half
past and half to come, across six audiences, the sectors, formats, regions and three
courses. Then, anonymously through Django's test client with DEBUG off, it times (median and
p95 over BENCH_RUNS runs after one warming run; server time = the time around
``client.get`` in this process) and counts the SQL queries of: the upcoming listing, the
listing with filters applied, a later page of past events, the iCalendar feed of all 2,000
events, a filtered feed and one event page. Prints a table with the targets and writes it
to var/bench/events-<date>.json and .md.

Runs: BENCH_RUNS=30 (BENCH_FEED_RUNS=10 for the full feed).
"""

import json
import os
import platform
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
FEED_RUNS = int(os.environ.get("BENCH_FEED_RUNS", "10"))
EVENTS = 2_000
# Targets in ms (p95): the filtered listing under 100 ms, the 2,000-event feed under 300 ms.
TARGETS = {"listing": 100, "feed": 300}
AUDIENCES = [
    "Leaders and policymakers",
    "Trainers",
    "Prison staff",
    "Probation",
    "NHS",
    "Women's centres",
]


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def setup_django():
    """Django on a throwaway database; returns a function that drops it (or None)."""
    OUT.mkdir(parents=True, exist_ok=True)
    on_server = bool(os.environ.get("DATABASE_URL"))
    if not on_server:
        database = OUT / "events-bench.sqlite3"
        for leftover in OUT.glob("events-bench.sqlite3*"):
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
        print(f"[events] throwaway database {connection.settings_dict['NAME']}", flush=True)
        return lambda: connection.creation.destroy_test_db(old_name, verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)
    return None


@contextmanager
def search_index_paused():
    """Pages saved without indexing each one: indexing is most of a save's cost on SQLite
    and not what the listing or feeds read."""
    from django.conf import settings
    from django.test import override_settings

    backends = {
        name: {**config, "AUTO_UPDATE": False}
        for name, config in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        yield


def build():
    """The workload: 2,000 events; returns what the measurements need."""
    from django.utils import timezone
    from django.utils.text import slugify
    from wagtail.models import Site

    from events.models import (
        Audience,
        CourseIndexPage,
        CoursePage,
        EventIndexPage,
        EventPage,
        Format,
        Region,
        Sector,
        Status,
    )
    from events.models.events import LONDON

    started = time.monotonic()
    home = Site.objects.get(is_default_site=True).root_page
    audiences = [Audience.objects.create(name=name, slug=slugify(name)) for name in AUDIENCES]
    with search_index_paused():
        course_index = home.add_child(instance=CourseIndexPage(title="Courses", slug="courses"))
        courses = [
            course_index.add_child(
                instance=CoursePage(title=f"Course {n}", slug=f"course-{n}", live=True)
            )
            for n in range(3)
        ]
        index = home.add_child(instance=EventIndexPage(title="Events", slug="events-listing"))
        first = timezone.localtime(timezone.now(), LONDON).replace(
            hour=10, minute=0, second=0, microsecond=0
        ) - timedelta(days=EVENTS // 2)
        sectors, formats = list(Sector), list(Format)
        regions, statuses = list(Region), list(Status)
        Through, links = EventPage.audiences.through, []
        for n in range(EVENTS):
            start = first + timedelta(days=n, hours=n % 3)
            event = EventPage(
                title=f"Trauma-informed workshop {n}",
                slug=f"workshop-{n}",
                intro="A day on trauma-informed practice for people working with women.",
                start=start,
                end=start + timedelta(hours=6),
                all_day=n % 17 == 0,
                status=statuses[n % len(statuses)] if n % 10 == 0 else Status.SCHEDULED,
                format=formats[n % len(formats)],
                venue_name="Community hall",
                venue_address="1 High Street\nManchester",
                venue_postcode="M1 1AA",
                region=regions[n % len(regions)],
                sector=sectors[n % len(sectors)],
                course=courses[n % 4] if n % 4 < 3 else None,
                live=True,
            )
            # Treebeard's add_child looks up the last child each time and Wagtail's save
            # validates the page: both cost more than the insert; the paths are known.
            event.depth = index.depth + 1
            event.path = index._get_path(index.path, event.depth, n + 1)
            event.save(clean=False)
            links += [
                Through(eventpage_id=event.pk, audience_id=audiences[n % 6].pk),
                Through(eventpage_id=event.pk, audience_id=audiences[(n + 2) % 6].pk),
            ]
            if n % 500 == 499:
                print(f"[events] {n + 1:,} events ({time.monotonic() - started:.1f}s)", flush=True)
        Through.objects.bulk_create(links)
        type(index).objects.filter(pk=index.pk).update(numchild=EVENTS)
    print(f"[events] built {EVENTS:,} events in {time.monotonic() - started:.1f}s", flush=True)
    return {
        "index": index,
        "course": courses[1],
        "event": EventPage.objects.order_by("path").last(),
    }


def timed(call, runs):
    """Median and p95 in ms over `runs` calls (after one warming call), and the SQL query
    count of one more call."""
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


def get(client, url, params):
    def call():
        response = client.get(url, params)
        if response.status_code != 200:
            raise AssertionError(f"{url} {params} answered {response.status_code}")
        return response

    return call


def cold(call):
    """`call` with the cache emptied first: the feed as the first reader after a change."""
    from django.core.cache import cache

    def call_cold():
        cache.clear()
        return call()

    return call_cold


def after_one_change(call, event):
    """`call` after one event's title changed: the feed as its next reader after an edit."""
    from events.models import EventPage

    edits = iter(range(1, 1_000_000))

    def call_after_change():
        # Bench only: a direct update stands in for an editor publishing the event.
        EventPage.objects.filter(pk=event.pk).update(title=f"{event.title} ({next(edits)})")
        return call()

    return call_after_change


def measure(records):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    index, course = records["index"], records["course"]
    listing, feed = index.url, reverse("events:calendar")
    filters = {"audience": "prison-staff", "sector": "custody", "format": "in_person"}
    plan = [
        ("event listing, upcoming", None, listing, {}, RUNS),
        ("event listing, audience + sector + format", "listing", listing, filters, RUNS),
        (
            "event listing, past, region, page 2",
            "listing",
            listing,
            {"when": "past", "region": "london", "page": "2"},
            RUNS,
        ),
        (
            "event listing, course + year",
            "listing",
            listing,
            {"course": str(course.pk), "year": str(datetime.now().year)},
            RUNS,
        ),
        (f"iCal feed, all {EVENTS:,} events", "feed", feed, {}, FEED_RUNS),
        ("iCal feed, audience filter", "feed", feed, {"audience": "nhs"}, RUNS),
        ("event page", None, records["event"].url, {}, RUNS),
    ]
    plan.insert(5, (f"iCal feed, all {EVENTS:,} events, cold cache", None, feed, {}, 3))
    plan.insert(6, (f"iCal feed, all {EVENTS:,} events, one just edited", "feed", feed, {}, 10))
    rows = []
    for name, target, url, params, runs in plan:
        started = time.monotonic()
        call = get(client, url, params)
        if "cold" in name:
            call = cold(call)
        if "just edited" in name:
            call = after_one_change(call, records["event"])
        median, p95, queries = timed(call, runs)
        print(
            f"[events] {name}: median {median:.1f} ms, p95 {p95:.1f} ms, {queries} queries "
            f"({time.monotonic() - started:.1f}s)",
            flush=True,
        )
        rows.append(
            {
                "name": name,
                "target_ms": TARGETS.get(target),
                "median_ms": round(median, 1),
                "p95_ms": round(p95, 1),
                "queries": queries,
                "runs": runs,
            }
        )
    return rows


def report(rows, vendor):
    lines = [
        "| measurement | median ms | p95 ms | SQL queries | target | |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        limit = row["target_ms"]
        verdict = ("met" if row["p95_ms"] < limit else "MISSED") if limit else ""
        target = f"< {limit} ms" if limit else ""
        lines.append(
            f"| {row['name']} | {row['median_ms']:,.1f} | {row['p95_ms']:,.1f} | "
            f"{row['queries']} | {target} | {verdict} |"
        )
    machine = (
        f"{platform.node()}: {os.cpu_count()} CPUs, {platform.machine()}, Python "
        f"{platform.python_version()}, {vendor} database, {RUNS} runs a measurement "
        f"({FEED_RUNS} for the full feed), server time through Django's test client, "
        f"{time.strftime('%Y-%m-%d %H:%M')}"
    )
    return (
        f"# Events benchmark\n\n{machine}\n\n{EVENTS:,} live events under one index. "
        "A target is met when the p95 is under it.\n\n" + "\n".join(lines) + "\n",
        machine,
    )


def main():
    drop = setup_django()
    try:
        from django.db import connection

        rows = measure(build())
        vendor = connection.vendor
    finally:
        if drop:
            drop()
    text, machine = report(rows, vendor)
    print("\n" + text)
    stamp = time.strftime("%Y%m%d-%H%M")
    (OUT / f"events-{stamp}.md").write_text(text)
    (OUT / f"events-{stamp}.json").write_text(
        json.dumps({"machine": machine, "events": EVENTS, "results": rows}, indent=2) + "\n"
    )
    print(f"written to var/bench/events-{stamp}.json and .md")


if __name__ == "__main__":
    main()
