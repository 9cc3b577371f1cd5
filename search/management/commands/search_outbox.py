from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Min

from search import outbox
from search.models import IndexOutboxEntry


class Command(BaseCommand):
    help = (
        "Show or replay index writes kept while the search engine was unavailable. "
        "`search_outbox` shows what waits; `search_outbox replay` sends it, oldest first."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["status", "replay"], default="status")
        parser.add_argument("--backend", default="default", help="Search backend alias.")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, action, backend, batch_size, **options):
        waiting = IndexOutboxEntry.objects.filter(backend=backend, journal=False)
        if action == "status":
            summary = waiting.aggregate(rows=Count("id"), oldest=Min("created_at"))
            self.stdout.write(
                f"{summary['rows']} index writes waiting for '{backend}'"
                + (
                    f", oldest from {summary['oldest']:%Y-%m-%d %H:%M:%S}"
                    if summary["oldest"]
                    else ""
                )
            )
            return
        total = waiting.count()
        self.stdout.write(f"Replaying {total} waiting index writes into '{backend}'")
        applied = failed = 0
        while waiting.exists():
            report = outbox.replay(backend, batch_size=batch_size, stdout=self.stdout)
            applied += report.applied
            failed += report.failed
            if report.failed:
                raise CommandError(
                    f"The engine for '{backend}' is still unavailable ({report.errors[0]}). "
                    f"{applied} applied; {waiting.count()} still waiting, kept in order. "
                    "Start the engine (e.g. `make opensearch`) and run this again."
                )
        self.stdout.write(self.style.SUCCESS(f"Done: {applied} objects brought up to date."))
