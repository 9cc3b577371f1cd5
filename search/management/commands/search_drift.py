from django.core.management.base import BaseCommand, CommandError
from modelsearch.backends import get_search_backend

from cms.engine_errors import ENGINE_ERRORS
from search import actions
from search.health import compare_model, drift_fields, drift_models
from search.models import IndexOutboxEntry


class Command(BaseCommand):
    help = (
        "Compare what the database says should be indexed with what the search engine "
        "holds, per model: objects missing from the engine, extra in it, and stale (a page's "
        "path, live state or publication date, or another model's visibility fields, differ "
        "from the database). --repair indexes what is missing, removes what should not be "
        "there and re-sends what is stale. Exits with status 1 while drift remains."
    )

    def add_arguments(self, parser):
        parser.add_argument("--backend", default="default", help="Search backend alias.")
        parser.add_argument("--repair", action="store_true")
        parser.add_argument(
            "--show", type=int, default=5, help="How many stale objects to list per model."
        )

    def handle(self, backend, repair, show, **options):
        engine = get_search_backend(backend)
        if not hasattr(engine, "indexed_documents"):
            raise CommandError(f"'{backend}' is not a search engine backend; nothing to compare.")
        waiting = IndexOutboxEntry.objects.for_backend(backend).waiting().count()
        if waiting:
            self.stdout.write(
                f"{waiting} index writes are waiting in the outbox and count as drift until "
                "replayed (`manage.py search_outbox replay`)."
            )
        self.stdout.write(
            f"{'model':40} {'expected':>9} {'indexed':>9} {'missing':>8} {'extra':>6} "
            f"{'stale':>6}  compared"
        )
        drifts = []
        for model in drift_models():
            try:
                drift = compare_model(engine, model)
            except ENGINE_ERRORS as error:
                raise CommandError(
                    f"Could not read the '{backend}' engine: {error}. Is it running?"
                ) from error
            compared = ", ".join(f.field_name for f in drift_fields(model)) or "ids only"
            self.stdout.write(
                f"{drift.label:40} {drift.expected:>9} {drift.indexed:>9} "
                f"{len(drift.missing):>8} {len(drift.extra):>6} {len(drift.stale):>6}  {compared}"
            )
            for pk, fields in sorted(drift.stale.items())[:show]:
                self.stdout.write(f"  stale: {drift.label} {pk} ({', '.join(fields)})")
            if drift.out_of_step:
                drifts.append(drift)

        remaining = sum(drift.out_of_step for drift in drifts)
        if repair and drifts:
            try:
                repaired = actions.repair_drift(None, drifts, alias=backend)
            except ENGINE_ERRORS as error:
                raise CommandError(
                    f"The '{backend}' engine failed during the repair: {error}. Nothing is "
                    "lost; run `manage.py search_drift --repair` again once it answers."
                ) from error
            self.stdout.write(
                f"  repaired: {repaired.added} added, {repaired.removed} removed, "
                f"{repaired.refreshed} stale re-sent"
            )
            for failure in repaired.failed:
                self.stderr.write(f"  could not send {failure}")
            remaining = len(repaired.failed)
        if remaining:
            self.stdout.write(
                self.style.WARNING(
                    f"{remaining} objects out of step"
                    + ("; run with --repair." if not repair else " after the repair (see above).")
                )
            )
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("The engine matches the database."))
