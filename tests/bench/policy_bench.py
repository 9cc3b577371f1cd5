"""Policy workspace benchmark: `make bench-policy`.

Builds a throwaway database (a fresh SQLite file in var/bench/, or a test database created
beside DATABASE_URL's and dropped afterwards) with 200 consultations, 2,000 answers, one
answer with 1,000 versions and a 40-question response, every row written through
``policy.actions.save_record`` so the history is real. Then, as a policy team member through
Django's test client, it times (median and p95 over BENCH_RUNS runs, server time = the time
around ``client.get`` in this process) and counts the SQL queries of: the dashboard, the
consultation view, the history list of the 1,000-version answer, a word diff between its
first and last versions, saving an answer, and the DOCX export of the 40-question response.
Parts not built yet are reported as "not measured". Prints the table with the targets and
writes it to var/bench/policy-<date>.md.

Runs: BENCH_RUNS=30 (BENCH_DOCX_RUNS=5 for the export).
"""

import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
DOCX_RUNS = int(os.environ.get("BENCH_DOCX_RUNS", "5"))
CONSULTATIONS = 200
QUESTIONS_EACH = 10  # 2,000 answers
VERSIONS = 1_000
EXPORT_QUESTIONS = 40
# Targets in ms: history list and diff under 200 ms, a save under 100 ms, DOCX under 2 s.
TARGETS = {"history": 200, "diff": 200, "save": 100, "docx": 2000}
WORDS = (
    "women justice prison probation community sentence court mothers children family "
    "separation remand custody pregnancy support services evidence report magistrates "
    "judges guidance pre-sentence assessment welfare health safeguarding outcomes harm "
    "reoffending alternatives residential centres trauma informed practice consultation"
).split()


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def setup_django():
    """Django on a throwaway database; returns a function that drops it (or None)."""
    OUT.mkdir(parents=True, exist_ok=True)
    on_server = bool(os.environ.get("DATABASE_URL"))
    if not on_server:
        database = OUT / "policy-bench.sqlite3"
        for leftover in OUT.glob("policy-bench.sqlite3*"):
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
        # Never write into the configured database: build a test database beside it.
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        print(f"[policy] throwaway database {connection.settings_dict['NAME']}", flush=True)
        return lambda: connection.creation.destroy_test_db(old_name, verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)
    return None


def paragraph(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def build(rng):
    """The workload; returns the records the measurements use."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from policy import actions
    from policy.models import Answer, Citation, Consultation, EvidenceItem, Organisation, Response
    from tests.policy.workload import add_consultations, add_questions, search_index_paused

    team = Group.objects.get(name="Policy team")
    users = []
    for name in ("bench-polly", "bench-rita"):
        user = get_user_model().objects.create_user(name, f"{name}@example.org", first_name=name)
        user.groups.add(team)
        users.append(user)
    me, other = users

    started = time.monotonic()
    with search_index_paused():
        ministry = actions.save_record(Organisation(name="Ministry of Justice"), user=me)
        consultations = add_consultations(
            CONSULTATIONS, users=users, organisation=ministry, questions=QUESTIONS_EACH
        )
    answers = Answer.objects.count()
    print(
        f"[policy] built {len(consultations)} consultations, {answers:,} answers "
        f"in {time.monotonic() - started:.1f}s",
        flush=True,
    )

    started = time.monotonic()
    long_lived = consultations[0].response.answers.order_by("question__number").first()
    sentences = [paragraph(rng, 12) for _ in range(25)]  # about 300 words
    with search_index_paused():
        for n in range(VERSIONS - long_lived.history.count()):
            # Each version rewrites one sentence, and now and then adds one.
            sentences[rng.randrange(len(sentences))] = paragraph(rng, 12)
            if n % 20 == 0:
                sentences.append(paragraph(rng, 12))
            long_lived.body = "".join(f"<p>{s}</p>" for s in sentences)
            actions.save_record(
                long_lived,
                user=users[n % 2],
                reason=f"Edit {n}",
                expected_version=long_lived.version,
            )
    print(
        f"[policy] saved one answer {long_lived.history.count():,} times "
        f"in {time.monotonic() - started:.1f}s",
        flush=True,
    )

    started = time.monotonic()
    with search_index_paused():
        export_consultation = actions.save_record(
            Consultation(
                title="A forty-question consultation",
                organisation=ministry,
                closes=consultations[-1].closes,
                owner=me,
                status=Consultation.Status.DRAFTING,
            ),
            user=me,
        )
        response = actions.save_record(
            Response(consultation=export_consultation, lead_author=me), user=me
        )
        evidence = [
            actions.save_record(
                EvidenceItem(
                    title=f"Briefing {n}", kind=EvidenceItem.Kind.BRIEFING, source="Charity"
                ),
                user=me,
            )
            for n in range(5)
        ]
        for answer in add_questions(export_consultation, response, EXPORT_QUESTIONS, users=users):
            answer.body = "".join(f"<p>{paragraph(rng, 60)}</p>" for _ in range(4))
            actions.save_record(answer, user=me)
            for item in rng.sample(evidence, 2):
                actions.save_record(Citation(answer=answer, evidence=item, note="See"), user=me)
    print(
        f"[policy] built a {EXPORT_QUESTIONS}-question response in "
        f"{time.monotonic() - started:.1f}s",
        flush=True,
    )
    return {
        "me": me,
        "other": other,
        "consultation": consultations[1],
        "long_lived": long_lived,
        "response": response,
        "answer": consultations[2].response.answers.order_by("question__number").first(),
    }


def url_or_none(name, args):
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


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


def get(client, url, what):
    def call():
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"{what}: {url} answered {response.status_code}")
        return response

    return call


def measure(records):
    from django.test import Client

    from policy import actions

    client = Client(raise_request_exception=False)  # a failing page is reported, not fatal
    client.force_login(records["me"])
    long_lived = records["long_lived"]
    rows = []  # (name, target key, (median, p95, queries) or None, note)

    def run(name, target, call, note="", runs=RUNS):
        started = time.monotonic()
        try:
            figures = timed(call, runs)
        except AssertionError as error:  # the page answered with an error status
            missing(name, target, str(error))
            return
        print(
            f"[policy] {name}: median {figures[0]:.1f} ms, p95 {figures[1]:.1f} ms, "
            f"{figures[2]} queries ({time.monotonic() - started:.1f}s)",
            flush=True,
        )
        rows.append((name, target, figures, note))

    def missing(name, target, why):
        print(f"[policy] not measured: {name}: {why}", flush=True)
        rows.append((name, target, None, f"not measured: {why}"))

    run(
        f"dashboard ({CONSULTATIONS} consultations)",
        None,
        get(client, url_or_none("policy:dashboard", []), "dashboard"),
    )

    url = url_or_none("policy:consultation", [records["consultation"].pk])
    name = f"consultation view ({QUESTIONS_EACH} questions)"
    if url:
        run(name, None, get(client, url, "consultation view"))
    else:
        missing(name, None, "the consultation view (policy:consultation) is not built")

    versions = f"{long_lived.history.count():,}-version answer"
    url = url_or_none("policy:history", ["answer", long_lived.pk])
    if url:
        run(f"history list of the {versions}", "history", get(client, url, "history list"))
    else:
        missing(f"history list of the {versions}", "history", "policy:history is not built")

    first, last = long_lived.history.earliest(), long_lived.history.latest()
    name = f"diff of the {versions}, first to last"
    url = url_or_none("policy:history_diff", ["answer", long_lived.pk])
    if url:
        url = f"{url}?from={first.history_id}&to={last.history_id}"
        run(name, "diff", get(client, url, "diff"))
    else:
        from policy.diff import word_diff
        from policy.models.responses import rich_text_as_text

        old, new = rich_text_as_text(first.body), rich_text_as_text(last.body)
        run(
            name,
            "diff",
            lambda: word_diff(old, new),
            note="policy.diff.word_diff alone: policy:history_diff is not built",
        )

    answer = records["answer"]
    edits = iter(range(10_000))

    def save():
        answer.body = f"<p>{paragraph(random.Random(next(edits)), 250)}</p>"  # noqa: S311
        actions.save_record(
            answer, user=records["me"], reason="Tightened", expected_version=answer.version
        )

    run("saving an answer (save_record, 250 words)", "save", save, note="with search indexing")

    name = f"DOCX export of a {EXPORT_QUESTIONS}-question response"
    url = url_or_none("policy:export_docx", [records["response"].pk])
    if url:
        run(name, "docx", get(client, url, "DOCX export"), runs=DOCX_RUNS)
    else:
        missing(name, "docx", "the DOCX export (policy:export_docx) is not built")
    return rows


def report(rows, vendor):
    lines = [
        "| measurement | median ms | p95 ms | SQL queries | target | |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, target, figures, note in rows:
        limit = TARGETS.get(target)
        target_text = f"< {limit:,} ms" if limit else "flat (tested)"
        if figures is None:
            lines.append(f"| {name} | – | – | – | {target_text} | {note} |")
            continue
        median, p95, queries = figures
        verdict = ("met" if p95 < limit else "MISSED") if limit else ""
        if note:
            verdict = f"{verdict}; {note}" if verdict else note
        lines.append(
            f"| {name} | {median:,.1f} | {p95:,.1f} | {queries} | {target_text} | {verdict} |"
        )
    machine = (
        f"{platform.node()}: {os.cpu_count()} CPUs, {platform.machine()}, Python "
        f"{platform.python_version()}, {vendor} database, {RUNS} runs a measurement "
        f"({DOCX_RUNS} for the export), server time through Django's test client, "
        f"{time.strftime('%Y-%m-%d %H:%M')}"
    )
    return (
        "# Policy workspace benchmark\n\n"
        f"{machine}\n\n"
        f"{CONSULTATIONS} consultations, {CONSULTATIONS * QUESTIONS_EACH:,} answers, one answer "
        f"with {VERSIONS:,} versions. A target is met when the p95 is under it.\n\n"
        + "\n".join(lines)
        + "\n"
    )


def main():
    drop = setup_django()
    try:
        from django.db import connection

        rng = random.Random(12)  # noqa: S311 - repeatable test data
        records = build(rng)
        rows = measure(records)
        text = report(rows, connection.vendor)
    finally:
        if drop:
            drop()
    print("\n" + text)
    path = OUT / f"policy-{time.strftime('%Y%m%d-%H%M')}.md"
    path.write_text(text)
    print(f"written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
