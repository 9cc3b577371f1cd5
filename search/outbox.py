"""Keep and replay index writes the engine could not take.

Guarantees: a failed write never fails the save that caused it; it is stored in the
database in the same transaction as that save; replay applies, per object, the newest
action only, in id order, and deletes exactly the rows it applied. Replaying twice, or
replaying a write the engine already has, changes nothing (writes are idempotent).

A row that cannot apply whatever the engine does (its model was removed with a plugin, its
object cannot be serialised) is parked with its reason and replay carries on; an engine
error stops replay and keeps that row and every later one, in order.

A rebuild journals the writes made while it runs. A rebuild that stops beating its
heartbeat (its process was killed) is stale: it is marked abandoned and its journal becomes
ordinary outbox rows, so a dead rebuild never holds writes back for good.

Imports flow one way on the write path: backends -> tasks -> outbox -> models. This module
reaches the engine only through the backend modelsearch hands it.
"""

import logging
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_instance

from cms.engine_errors import ENGINE_ERRORS
from search.models import IndexOutboxEntry, IndexRebuild, rebuild_stale_after

logger = logging.getLogger("search.outbox")

UPSERT = IndexOutboxEntry.Action.UPSERT
DELETE = IndexOutboxEntry.Action.DELETE


class CannotApply(Exception):
    """This row cannot be applied whatever the engine does; park it with this reason."""


def _row(alias, obj, action, **extra):
    return IndexOutboxEntry(
        backend=alias,
        app_label=obj._meta.app_label,
        model_name=obj._meta.model_name,
        object_pk=str(obj.pk),
        action=action,
        **extra,
    )


# Rebuilds --------------------------------------------------------------------------------
@dataclass
class RebuildRecovery:
    abandoned: list[IndexRebuild] = field(default_factory=list)
    rows_released: int = 0


def release_journal(alias) -> int:
    """Turn journalled rows into ordinary outbox rows, unless a live rebuild still needs
    them. Returns how many rows were released."""
    if IndexRebuild.objects.for_backend(alias).alive().exists():
        return 0
    return (
        IndexOutboxEntry.objects.for_backend(alias)
        .journalled()
        .update(journal=False, last_error="Written during a rebuild that did not replay it.")
    )


def recover_stale_rebuilds(alias) -> RebuildRecovery:
    """Mark rebuilds that stopped beating as abandoned and release their journal.

    A rebuild that is still beating is never touched; running this twice changes nothing.
    """
    recovery = RebuildRecovery()
    now = timezone.now()
    with transaction.atomic():
        for rebuild in IndexRebuild.objects.for_backend(alias).stale(now).select_for_update():
            silent = int((now - rebuild.heartbeat_at).total_seconds())
            rebuild.abandoned_at = now
            rebuild.abandoned_reason = (
                f"No sign of life for {silent} s (more than SEARCH_REBUILD_STALE_AFTER, "
                f"{int(rebuild_stale_after().total_seconds())} s): its process was stopped. "
                "Its writes were moved to the outbox; run `manage.py update_index` again "
                "for a fresh index."
            )
            rebuild.save(update_fields=["abandoned_at", "abandoned_reason"])
            recovery.abandoned.append(rebuild)
        if recovery.abandoned:
            recovery.rows_released = release_journal(alias)
    for rebuild in recovery.abandoned:
        logger.warning(
            "Search rebuild of '%s' started %s stopped responding; marked abandoned, "
            "%d journalled writes moved to the outbox.",
            alias,
            rebuild.started_at,
            recovery.rows_released,
        )
    return recovery


def rebuild_running(alias) -> bool:
    """Whether a live rebuild is journalling writes; recovers stale rebuilds on the way."""
    open_rebuilds = list(IndexRebuild.objects.for_backend(alias).open())
    if not open_rebuilds:
        return False
    if any(rebuild.state == IndexRebuild.State.STALE for rebuild in open_rebuilds):
        recover_stale_rebuilds(alias)
    return IndexRebuild.objects.for_backend(alias).alive().exists()


# Writes ----------------------------------------------------------------------------------
def keep(alias, obj, action, error, level=logging.WARNING):
    """Store a write the engine did not take, with why, to replay later."""
    logger.log(
        level,
        "Search engine '%s' did not take %s of %r; kept for replay: %s",
        alias,
        action,
        obj,
        error,
    )
    _row(alias, obj, action, last_error=str(error)[:2000]).save()


def after_successful_write(alias, obj, action) -> bool:
    """Journal the write if a rebuild is running. Returns whether kept writes wait, so the
    caller (the backend) can queue a replay now that the engine answers."""
    if rebuild_running(alias):
        _row(alias, obj, action, journal=True).save()
        return False
    return IndexOutboxEntry.objects.for_backend(alias).waiting().exists()


# Replay ----------------------------------------------------------------------------------
@dataclass
class ReplayReport:
    applied: int = 0
    failed: int = 0
    parked: int = 0
    rows_cleared: int = 0
    errors: list[str] = field(default_factory=list)
    parked_reasons: list[str] = field(default_factory=list)


def _apply(backend, entry):
    try:
        model = apps.get_model(entry.app_label, entry.model_name)
    except LookupError as error:
        raise CannotApply(
            f"The model {entry.app_label}.{entry.model_name} no longer exists (was its plugin "
            "removed?). Discard this row, or retry it once the model is back."
        ) from error
    obj = model._default_manager.filter(pk=entry.object_pk).first()
    indexed = get_indexed_instance(obj) if obj is not None else None
    if indexed is None:
        # Gone, or no longer indexable: make sure the engine drops it.
        backend.replay_delete(model(pk=entry.object_pk))
        return
    try:
        backend.document_json(indexed)
    except Exception as error:  # whatever fails while serialising is this object's fault
        raise CannotApply(
            f"{model._meta.label} {entry.object_pk} cannot be serialised for the engine "
            f"({type(error).__name__}: {error}). Fix the object, then retry this row."
        ) from error
    backend.replay_upsert(indexed)


def park(rows, reason):
    return rows.update(parked_at=timezone.now(), parked_reason=reason[:2000])


def replay(alias="default", journal=False, batch_size=500, stdout=None) -> ReplayReport:
    """Apply waiting writes for backend `alias` to the engine, oldest first."""
    backend = get_search_backend(alias)
    report = ReplayReport()
    # Writes replayed into the live index while a rebuild runs must reach the new index too.
    journal_applied = not journal and rebuild_running(alias)
    queue = IndexOutboxEntry.objects.for_backend(alias).filter(
        journal=journal, parked_at__isnull=True
    )
    rows = list(queue.order_by("id")[:batch_size])
    newest: dict[tuple, IndexOutboxEntry] = {}
    ids_by_object: dict[tuple, list[int]] = {}
    for row in rows:
        key = (row.app_label, row.model_name, row.object_pk)
        newest[key] = row
        ids_by_object.setdefault(key, []).append(row.pk)

    total = len(newest)
    for position, (key, entry) in enumerate(newest.items(), start=1):
        applied_rows = IndexOutboxEntry.objects.filter(pk__in=ids_by_object[key])
        try:
            _apply(backend, entry)
        except CannotApply as error:
            report.parked += 1
            report.parked_reasons.append(f"{entry}: {error}")
            park(applied_rows, str(error))
            logger.warning("Parked search outbox row %s: %s", entry, error)
            continue
        except ENGINE_ERRORS as error:
            report.failed += 1
            report.errors.append(f"{entry}: {error}")
            applied_rows.update(attempts=entry.attempts + 1, last_error=str(error)[:2000])
            # The engine is still unreachable; stop and keep the rest in order.
            break
        except Exception as error:
            # Not the engine: the fault is this row's (a broken object, a bad key). Park it
            # with its reason, so one bad row never blocks the rows behind it.
            reason = f"{type(error).__name__}: {error}"
            report.parked += 1
            report.parked_reasons.append(f"{entry}: {reason}")
            park(applied_rows, reason)
            logger.exception("Parked search outbox row %s", entry)
            continue
        report.applied += 1
        if journal_applied:
            applied_rows.exclude(pk=entry.pk).delete()
            applied_rows.update(journal=True, last_error="")
        else:
            deleted, _ = applied_rows.delete()
            report.rows_cleared += deleted
        if stdout is not None and (position % 100 == 0 or position == total):
            stdout.write(f"  replayed {position}/{total}")
    return report


# Parked rows ------------------------------------------------------------------------------
def unpark(alias, ids=None) -> int:
    """Put parked rows (all, or those with `ids`) back in the queue, in their old places."""
    rows = IndexOutboxEntry.objects.for_backend(alias).parked()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(parked_at=None, parked_reason="", journal=False)


def discard_parked(alias, ids=None) -> int:
    """Delete parked rows (all, or those with `ids`); rows waiting to replay are untouched."""
    rows = IndexOutboxEntry.objects.for_backend(alias).parked()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    deleted, _ = rows.delete()
    return deleted
