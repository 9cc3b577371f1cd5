"""Workflows of the policy workspace. Each checks its permission beside the change and
names what it guarantees in its docstring.

Every change to a workspace record goes through :func:`save_record` or
:func:`delete_record` (or a workflow built on them), so that each one is kept in the
record's history with its user and reason: no ``.update()``, ``bulk_create`` or raw SQL on
these models (``tests/policy/test_history_coverage.py`` scans the code for them).
"""

from contextlib import contextmanager
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords


class StaleVersion(Exception):
    """The record was saved by someone else after this edit began: nothing was written."""

    def __init__(self, record, current_version):
        self.record = record
        self.current_version = current_version
        super().__init__(
            _(
                "Someone saved a newer version (version %(current)d) while you were editing "
                "version %(edited)d. Nothing was overwritten."
            )
            % {"current": current_version, "edited": record.version}
        )


class RecordGone(Exception):
    """The record was deleted while it was being edited."""


def may_use_workspace(user):
    return bool(user and user.is_active and user.has_perm("policy.access_workspace"))


def check_may_use_workspace(user):
    if not may_use_workspace(user):
        raise PermissionDenied(_("The policy workspace is for the policy team."))


def check_permission(user, action, model):
    """`action` is add, change, delete or view; superusers have every permission."""
    check_may_use_workspace(user)
    codename = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
    if not user.has_perm(codename):
        raise PermissionDenied(
            _("You may not %(action)s %(things)s.")
            % {"action": action, "things": model._meta.verbose_name_plural}
        )


@contextmanager
def acting_as(user):
    """Attribute every history row written inside the block to `user`, including rows for
    records deleted in cascade (simple-history reads the user from its request context)."""
    previous = getattr(HistoricalRecords.context, "request", None)
    if previous is None or getattr(previous, "user", None) != user:
        HistoricalRecords.context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is None:
            del HistoricalRecords.context.request
        else:
            HistoricalRecords.context.request = previous


def save_record(record, *, user, reason="", expected_version=None, check=True):
    """Save `record` as its next version, attributed to `user` with `reason`.

    Guarantees: the save is refused with :class:`StaleVersion` (and nothing is written) when
    `expected_version` is given and the stored version is newer; a new history row records
    who, when and why; the version number goes up by one on every save.
    """
    model = type(record)
    adding = record._state.adding
    if check:
        check_permission(user, "add" if adding else "change", model)
    with transaction.atomic(), acting_as(user):
        if not adding:
            current = (
                model._default_manager.select_for_update()
                .filter(pk=record.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is None:
                raise RecordGone(
                    _("This %(thing)s was deleted while you were editing it.")
                    % {"thing": model._meta.verbose_name}
                )
            if expected_version is not None and current != expected_version:
                record.version = expected_version
                raise StaleVersion(record, current)
            record.version = current + 1
        record._history_user = user
        record._change_reason = reason or None
        record.save()
    return record


def delete_record(record, *, user, reason=""):
    """Delete `record` (and what depends on it), keeping the history of every row deleted, so
    that ``policy.history.restore_deleted`` can bring it back."""
    check_permission(user, "delete", type(record))
    with transaction.atomic(), acting_as(user):
        record._history_user = user
        record._change_reason = reason or None
        record.delete()


# --- History: restore a version or a deleted record (built on policy.history) ---


# --- Drafting and review: consultation and answer status, comments, citations ---


# --- Submission and publishing: named versions, consent, the public page ---
