from django.core.management.base import BaseCommand, CommandError
from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_models

from search.errors import ENGINE_ERRORS


class Command(BaseCommand):
    help = (
        "Compare what the database says should be indexed with what the search engine "
        "holds, per model; --repair indexes what is missing and removes what should not be "
        "there. Exits with status 1 when drift remains."
    )

    def add_arguments(self, parser):
        parser.add_argument("--backend", default="default", help="Search backend alias.")
        parser.add_argument("--repair", action="store_true")

    def handle(self, backend, repair, **options):
        engine = get_search_backend(backend)
        if not hasattr(engine, "indexed_ids"):
            raise CommandError(f"'{backend}' is not a search engine backend; nothing to compare.")
        drift = 0
        self.stdout.write(
            f"{'model':40} {'expected':>9} {'indexed':>9} {'missing':>8} {'extra':>6}"
        )
        for model in get_indexed_models():
            if model._meta.abstract or model._meta.proxy:
                continue
            expected_qs = model.get_indexed_objects().filter(
                **(
                    {
                        "content_type__model": model._meta.model_name,
                        "content_type__app_label": model._meta.app_label,
                    }
                    if hasattr(model, "content_type") and hasattr(model, "path")
                    else {}
                )
            )
            expected = {str(pk) for pk in expected_qs.values_list("pk", flat=True)}
            try:
                indexed = engine.indexed_ids(model)
            except ENGINE_ERRORS as error:
                raise CommandError(
                    f"Could not read the '{backend}' engine: {error}. Is it running?"
                ) from error
            missing, extra = expected - indexed, indexed - expected
            label = f"{model._meta.app_label}.{model.__name__}"
            self.stdout.write(
                f"{label:40} {len(expected):>9} {len(indexed):>9} {len(missing):>8} {len(extra):>6}"
            )
            if repair and (missing or extra):
                for obj in expected_qs.filter(pk__in=list(missing)).iterator():
                    engine.replay_upsert(obj.get_indexed_instance() or obj)
                for pk in extra:
                    engine.replay_delete(model(pk=pk))
                self.stdout.write(f"  repaired: {len(missing)} added, {len(extra)} removed")
            elif missing or extra:
                drift += len(missing) + len(extra)
        if drift:
            self.stdout.write(
                self.style.WARNING(f"{drift} objects out of step; run with --repair.")
            )
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("The engine matches the database."))
