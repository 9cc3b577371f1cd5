from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Min

from search import actions
from search.models import IndexOutboxEntry, IndexRebuild


class Command(BaseCommand):
    help = (
        "Show, replay or sort out index writes kept while the search engine was unavailable. "
        "`search_outbox` shows what waits and what is parked; `search_outbox replay` sends "
        "it, oldest first; `search_outbox parked` lists rows replay could not apply, with "
        "the reason; `search_outbox retry` / `discard` (all, or --id N ...) retries or drops "
        "them; `search_outbox recover` gives up a rebuild whose process died."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "action",
            nargs="?",
            choices=["status", "replay", "parked", "retry", "discard", "recover"],
            default="status",
        )
        parser.add_argument("--backend", default="default", help="Search backend alias.")
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--id",
            type=int,
            nargs="+",
            dest="ids",
            help="Parked rows to retry or discard (default: all parked rows).",
        )

    def handle(self, action, backend, batch_size, ids, **options):
        getattr(self, action)(backend, batch_size=batch_size, ids=ids)

    def status(self, backend, **options):
        rows = IndexOutboxEntry.objects.for_backend(backend)
        summary = rows.waiting().aggregate(rows=Count("id"), oldest=Min("created_at"))
        self.stdout.write(
            f"{summary['rows']} index writes waiting for '{backend}'"
            + (f", oldest from {summary['oldest']:%Y-%m-%d %H:%M:%S}" if summary["oldest"] else "")
        )
        journalled = rows.journalled().count()
        if journalled:
            self.stdout.write(f"{journalled} writes journalled for the running rebuild")
        for rebuild in IndexRebuild.objects.for_backend(backend).stale():
            self.stdout.write(
                self.style.WARNING(
                    f"The rebuild started {rebuild.started_at:%Y-%m-%d %H:%M:%S} has shown no "
                    f"sign of life since {rebuild.heartbeat_at:%H:%M:%S}: run "
                    "`manage.py search_outbox recover` to release its writes."
                )
            )
        parked = rows.parked().count()
        if parked:
            self.stdout.write(
                self.style.WARNING(
                    f"{parked} writes parked (replay could not apply them): "
                    "see `manage.py search_outbox parked`."
                )
            )

    def parked(self, backend, **options):
        rows = IndexOutboxEntry.objects.for_backend(backend).parked()
        if not rows.exists():
            self.stdout.write(f"No parked writes for '{backend}'.")
            return
        for row in rows:
            self.stdout.write(
                f"#{row.pk} {row} (kept {row.created_at:%Y-%m-%d %H:%M}, "
                f"parked {row.parked_at:%Y-%m-%d %H:%M}): {row.parked_reason}"
            )
        self.stdout.write(
            "Retry them once the cause is fixed: `manage.py search_outbox retry [--id N ...]`; "
            "or drop them: `manage.py search_outbox discard [--id N ...]`."
        )

    def replay(self, backend, batch_size, **options):
        waiting = IndexOutboxEntry.objects.for_backend(backend).waiting()
        self.stdout.write(f"Replaying {waiting.count()} waiting index writes into '{backend}'")
        report = actions.replay_outbox(None, backend, batch_size=batch_size, stdout=self.stdout)
        self._report(backend, report)

    def retry(self, backend, ids, **options):
        result = actions.retry_parked(None, backend, ids=ids)
        self.stdout.write(f"{result.retried} parked writes put back in the queue.")
        self._report(backend, result.replay)

    def discard(self, backend, ids, **options):
        discarded = actions.discard_parked(None, backend, ids=ids)
        self.stdout.write(
            self.style.SUCCESS(
                f"Discarded {discarded} parked writes. Run `manage.py search_drift --repair` "
                "if the engine should hold those objects."
            )
        )

    def recover(self, backend, **options):
        recovery = actions.recover_stale_rebuild(None, backend)
        if not recovery.abandoned:
            self.stdout.write("No stale rebuild: nothing to recover.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Marked {len(recovery.abandoned)} stale rebuild(s) abandoned; "
                f"{recovery.rows_released} journalled writes moved to the outbox. "
                "Run `manage.py search_outbox replay`, then `manage.py update_index` "
                "for a fresh index."
            )
        )

    def _report(self, backend, report):
        for reason in report.parked_reasons:
            self.stderr.write(f"  parked {reason}")
        if report.failed:
            waiting = IndexOutboxEntry.objects.for_backend(backend).waiting().count()
            raise CommandError(
                f"The engine for '{backend}' is still unavailable ({report.errors[0]}). "
                f"{report.applied} applied; {waiting} still waiting, kept in order. "
                "Start the engine (e.g. `make opensearch`) and run this again."
            )
        parked = (
            f" {report.parked} could not be applied and are parked: see "
            "`manage.py search_outbox parked`."
            if report.parked
            else ""
        )
        self.stdout.write(
            self.style.SUCCESS(f"Done: {report.applied} objects brought up to date.{parked}")
        )
