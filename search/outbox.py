"""Keep and replay index writes the engine could not take.

Guarantees: a failed write never fails the save that caused it; it is stored in the
database in the same transaction as that save; replay applies, per object, the newest
action only, in id order, and deletes exactly the rows it applied. Replaying twice, or
replaying a write the engine already has, changes nothing (writes are idempotent).
"""

import logging
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction

from search.errors import ENGINE_ERRORS
from search.models import IndexOutboxEntry, IndexRebuild

logger = logging.getLogger("search.outbox")

UPSERT = IndexOutboxEntry.Action.UPSERT
DELETE = IndexOutboxEntry.Action.DELETE


def _row(alias, obj, action, **extra):
    return IndexOutboxEntry(
        backend=alias,
        app_label=obj._meta.app_label,
        model_name=obj._meta.model_name,
        object_pk=str(obj.pk),
        action=action,
        **extra,
    )


def rebuild_running(alias) -> bool:
    return IndexRebuild.objects.filter(backend=alias, finished_at__isnull=True).exists()


def keep(alias, obj, action, error):
    """Store a write the engine refused, to replay later."""
    logger.warning(
        "Search engine '%s' unavailable; kept %s of %r for replay: %s", alias, action, obj, error
    )
    _row(alias, obj, action, last_error=str(error)[:2000]).save()


def after_successful_write(alias, obj, action):
    """Journal the write if a rebuild is running; nudge the replayer if rows are waiting."""
    if rebuild_running(alias):
        _row(alias, obj, action, journal=True).save()
    elif IndexOutboxEntry.objects.filter(backend=alias, journal=False).exists():
        from search.tasks import replay_search_outbox

        transaction.on_commit(lambda: replay_search_outbox.enqueue(alias))


@dataclass
class ReplayReport:
    applied: int = 0
    failed: int = 0
    rows_cleared: int = 0
    errors: list[str] = field(default_factory=list)


def _instance(entry):
    model = apps.get_model(entry.app_label, entry.model_name)
    return model, model._default_manager.filter(pk=entry.object_pk).first()


def replay(alias="default", journal=False, batch_size=500, stdout=None) -> ReplayReport:
    """Apply waiting writes for backend `alias` to the engine, oldest first."""
    from modelsearch.backends import get_search_backend
    from modelsearch.index import get_indexed_instance

    backend = get_search_backend(alias)
    report = ReplayReport()
    rows = list(
        IndexOutboxEntry.objects.filter(backend=alias, journal=journal).order_by("id")[:batch_size]
    )
    newest: dict[tuple, IndexOutboxEntry] = {}
    ids_by_object: dict[tuple, list[int]] = {}
    for row in rows:
        key = (row.app_label, row.model_name, row.object_pk)
        newest[key] = row
        ids_by_object.setdefault(key, []).append(row.pk)

    total = len(newest)
    for position, (key, entry) in enumerate(newest.items(), start=1):
        model, obj = _instance(entry)
        indexed = get_indexed_instance(obj) if obj is not None else None
        try:
            if indexed is not None:
                backend.replay_upsert(indexed)
            else:
                # Gone, or no longer indexable: make sure the engine drops it.
                backend.replay_delete(model(pk=entry.object_pk))
        except ENGINE_ERRORS as error:
            report.failed += 1
            report.errors.append(f"{entry}: {error}")
            IndexOutboxEntry.objects.filter(pk__in=ids_by_object[key]).update(
                attempts=entry.attempts + 1, last_error=str(error)[:2000]
            )
            # The engine is still unreachable; stop and keep the rest in order.
            break
        report.applied += 1
        deleted, _ = IndexOutboxEntry.objects.filter(pk__in=ids_by_object[key]).delete()
        report.rows_cleared += deleted
        if stdout is not None and (position % 100 == 0 or position == total):
            stdout.write(f"  replayed {position}/{total}")
    return report
