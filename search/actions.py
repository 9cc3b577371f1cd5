"""The search plugin's admin workflows, as ``wagtail/actions/`` keeps Wagtail's.

Each action takes the acting ``user`` first and checks, beside the change, that the user may
make it: only superusers look after the search index. ``user=None`` means the system (a
management command, a background task), which may always act. The health page
(Settings -> Search index health) and the management commands call these same functions.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from modelsearch.backends import get_search_backend

from search import outbox
from search.health import ModelDrift, expected_queryset
from search.models import IndexOutboxEntry


def check_may_manage_search(user):
    """Raise PermissionDenied unless `user` is a superuser or None (the system)."""
    if user is not None and not user.is_superuser:
        raise PermissionDenied(_("Only administrators can manage the search index."))


def _has_waiting(alias):
    return IndexOutboxEntry.objects.for_backend(alias).waiting().exists()


def replay_outbox(user, alias="default", batch_size=1000, stdout=None) -> outbox.ReplayReport:
    """Send every waiting index write to the engine now, oldest first.

    Guarantees: per object only the newest write is applied, and exactly the rows applied
    are removed; the first engine error stops the replay and keeps that row and every later
    one, in order; a row that cannot apply is parked with its reason and the rest go on.
    Stale rebuilds are recovered first, so their journal is replayed too.
    """
    check_may_manage_search(user)
    total = outbox.ReplayReport()
    while _has_waiting(alias):
        report = outbox.replay(alias, batch_size=batch_size, stdout=stdout)
        total.applied += report.applied
        total.failed += report.failed
        total.parked += report.parked
        total.rows_cleared += report.rows_cleared
        total.errors += report.errors
        total.parked_reasons += report.parked_reasons
        if report.failed or not (report.applied or report.parked):
            break
    return total


@dataclass
class RetryReport:
    retried: int
    replay: outbox.ReplayReport


def retry_parked(user, alias="default", ids=None) -> RetryReport:
    """Put parked rows (all, or those with `ids`) back in the queue and replay now.

    Guarantees: retried rows keep their place in the order (their ids do not change); a row
    that still cannot apply is parked again with the new reason; an engine error leaves
    them waiting, in order, for the next replay.
    """
    check_may_manage_search(user)
    retried = outbox.unpark(alias, ids)
    return RetryReport(retried, replay_outbox(user, alias))


def discard_parked(user, alias="default", ids=None) -> int:
    """Delete parked rows (all, or those with `ids`); returns how many.

    Guarantees: only parked rows are deleted; writes waiting to replay and writes
    journalled for a running rebuild are never touched. The engine may then lack those
    objects' latest state: `manage.py search_drift --repair` brings it in step.
    """
    check_may_manage_search(user)
    return outbox.discard_parked(alias, ids)


def recover_stale_rebuild(user, alias="default") -> outbox.RebuildRecovery:
    """Give up rebuilds of `alias` whose heartbeat stopped (their process was killed).

    Guarantees: each is marked abandoned with the reason; once no live rebuild remains, its
    journalled writes become ordinary outbox rows, so they replay and later writes are no
    longer journalled; a rebuild still beating is never touched; running it twice changes
    nothing. The old index stays in service: run `manage.py update_index` for a fresh one.
    """
    check_may_manage_search(user)
    return outbox.recover_stale_rebuilds(alias)


@dataclass
class DriftRepair:
    added: int = 0
    removed: int = 0
    refreshed: int = 0
    failed: list[str] = field(default_factory=list)


def repair_drift(user, drifts: list[ModelDrift], alias="default") -> DriftRepair:
    """Bring the engine in step with the database for the drift found by
    :func:`search.health.compare_model`: index what is missing, remove what should not be
    there and re-send objects whose stored place or visibility is stale.

    Guarantees: each object is sent in its current database state (writes are idempotent);
    an engine error stops the repair and propagates (nothing is half-written); an object
    that cannot be sent is listed in `failed` and the rest are repaired.
    """
    check_may_manage_search(user)
    backend = get_search_backend(alias)
    repair = DriftRepair()
    for drift in drifts:
        resend = list(drift.missing | drift.stale.keys())
        for obj in expected_queryset(drift.model).filter(pk__in=resend).iterator(chunk_size=500):
            indexed = obj.get_indexed_instance() or obj
            try:
                backend.document_json(indexed)
            except Exception as error:  # whatever fails while serialising is this object's
                repair.failed.append(f"{drift.label} {obj.pk}: {type(error).__name__}: {error}")
                continue
            backend.replay_upsert(indexed)
            if str(obj.pk) in drift.missing:
                repair.added += 1
            else:
                repair.refreshed += 1
        for pk in drift.extra:
            backend.replay_delete(drift.model(pk=pk))
            repair.removed += 1
    return repair
