"""Reading the history of workspace records (kept by django-simple-history): the versions of
a record with what changed in each, a field-by-field diff of any two versions, and the
records whose latest version is a deletion. Restoring is a workflow, in ``policy.actions``
(``restore_version`` and ``restore_deleted``), built on the helpers here.

A history row is a whole copy of the record as it was after a create, change or delete;
many-to-many values are kept in a side table per field, one set of rows per history row.
Django deletes a record's many-to-many links before the record itself, so a deletion row's
many-to-many snapshot is empty: the values at deletion are the previous row's.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.fields import RichTextField

from policy.diff import word_diff
from policy.models import TRACKED_MODELS
from policy.models.responses import rich_text_as_text

PAGE_SIZE = 50

# Rows deleted together by one cascade are written within a fraction of a second of each
# other (children first); this margin leaves room for a slow database.
CASCADE_WINDOW = timedelta(seconds=10)

KINDS = {
    "created": gettext_lazy("created"),
    "changed": gettext_lazy("changed"),
    "deleted": gettext_lazy("deleted"),
    "restored": gettext_lazy("restored"),
}
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
NO_VALUE = "—"


class RestoreRefused(Exception):
    """The version cannot be restored as it stands; nothing was written. The message says
    what to do first."""


def tracked_model(model_name):
    """The tracked model called `model_name` (e.g. "answer"), or LookupError."""
    for model in TRACKED_MODELS:
        if model._meta.model_name == model_name:
            return model
    raise LookupError(model_name)


def history_rows(model, pk):
    """Every history row of one record, newest first, with the user who wrote it."""
    return (
        model.history.filter(id=pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


# Reaching `model.history` builds a manager class each time (a millisecond): look these up
# once per model.
@cache
def history_model(model):
    return model.history.model


@cache
def m2m_fields(model):
    return tuple(history_model(model)._history_m2m_fields)


@cache
def editable_fields(model):
    """The fields a person edits, in form order (the history compares these)."""
    return tuple(
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and not isinstance(f, models.AutoField)
    )


def restore_reason(number, reason=""):
    """The reason kept on a restore: it always names the version restored, so the history
    can show the row as a restore whatever the person typed."""
    default = _("Restored version %(number)s") % {"number": number}
    reason = (reason or "").strip()
    return f"{default}: {reason}" if reason else default


def is_restore_reason(reason):
    if not reason:
        return False
    prefixes = {"Restored version ", _("Restored version %(number)s").split("%(")[0]}
    return any(reason.startswith(prefix) for prefix in prefixes)


def user_label(user):
    if user is None:
        return _("system")
    return user.get_full_name() or user.get_username()


def safe_str(instance, model=None, pk=None):
    """A record's name, even when a record it names in its title (a question, a
    consultation) has gone since."""
    try:
        return str(instance)
    except ObjectDoesNotExist:
        model = model or type(instance)
        return f"{model._meta.verbose_name} {pk if pk is not None else instance.pk}"


def row_label(row):
    model = row.instance_type
    return safe_str(row.instance, model, row.id)


def record_label(model, pk):
    """The name of a record, live or deleted (from its latest history row)."""
    record = model._default_manager.filter(pk=pk).first()
    if record is not None:
        return safe_str(record, model, pk)
    latest = model.history.filter(id=pk).order_by("-history_date", "-history_id").first()
    if latest is None:
        return f"{model._meta.verbose_name} {pk}"
    return row_label(latest)


# --- Many-to-many snapshots ---


def m2m_snapshots(model, history_ids):
    """{history_id: {field name: set of related ids}} for these rows, one query per
    many-to-many field (not one per row)."""
    snapshots = {history_id: {} for history_id in history_ids}
    for m2m in m2m_fields(model):
        through_history = getattr(history_model(model), m2m.name).model
        target = m2m.m2m_reverse_name()
        for history_id in history_ids:
            snapshots[history_id][m2m.name] = set()
        for history_id, related_id in through_history.objects.filter(
            history_id__in=history_ids
        ).values_list("history_id", target):
            snapshots[history_id][m2m.name].add(related_id)
    return snapshots


def previous_row(row):
    return (
        type(row)
        .objects.filter(id=row.id)
        .filter(
            models.Q(history_date__lt=row.history_date)
            | models.Q(history_date=row.history_date, history_id__lt=row.history_id)
        )
        .order_by("-history_date", "-history_id")
        .first()
    )


def m2m_state(row):
    """The many-to-many values of the record as it stood at `row` (for a deletion row, as
    they were just before it)."""
    model = row.instance_type
    if not m2m_fields(model):
        return {}
    source = row
    if row.history_type == "-":
        source = previous_row(row)
        if source is None:
            return {m2m.name: set() for m2m in m2m_fields(model)}
    return m2m_snapshots(model, [source.history_id])[source.history_id]


# --- The history list ---


@dataclass
class Version:
    row: object
    number: int
    kind: str
    changed: list = field(default_factory=list)

    @property
    def kind_label(self):
        return KINDS[self.kind]

    @property
    def user_label(self):
        return user_label(self.row.history_user)

    @property
    def history_id(self):
        return self.row.history_id

    @property
    def reason(self):
        return self.row.history_change_reason or ""


def changed_field_names(model, newer, older, m2m_newer, m2m_older):
    """The verbose names of the fields that differ between two rows, many-to-many included.
    The rows are already in memory: this runs no query."""
    excluded = [m2m.name for m2m in m2m_fields(model)]
    delta = newer.diff_against(older, excluded_fields=excluded)
    names = set(delta.changed_fields)
    for m2m in m2m_fields(model):
        if m2m_newer.get(m2m.name, set()) != m2m_older.get(m2m.name, set()):
            names.add(m2m.name)
    return [
        str(f.verbose_name)
        for f in [*editable_fields(model), *m2m_fields(model)]
        if f.name in names
    ]


def version_kind(row, is_first):
    kind = HISTORY_TYPES[row.history_type]
    if kind == "created" and not is_first:
        return "restored"
    if kind == "changed" and is_restore_reason(row.history_change_reason):
        return "restored"
    return kind


def history_page(model, pk, page_number=1):
    """One page of a record's versions, newest first, each with its kind and the fields it
    changed. The query count does not grow with the page size or the number of versions:
    a count, one query for the rows (with their users), one per many-to-many field."""
    rows = history_rows(model, pk)
    paginator = Paginator(rows, PAGE_SIZE)
    page = paginator.get_page(page_number)
    start = (page.number - 1) * PAGE_SIZE
    # Two rows more than the page: the row before the page's oldest row (to see what that
    # one changed), and the row before it when it is a deletion (for its m2m values).
    fetched = list(rows[start : start + PAGE_SIZE + 2])
    snapshots = (
        m2m_snapshots(model, [row.history_id for row in fetched]) if m2m_fields(model) else {}
    )

    def state(index):
        row = fetched[index]
        if row.history_type == "-" and index + 1 < len(fetched):
            return snapshots.get(fetched[index + 1].history_id, {})
        return snapshots.get(row.history_id, {})

    total = paginator.count
    versions = []
    for index, row in enumerate(fetched[:PAGE_SIZE]):
        position = total - start - index  # 1 for the first row ever written
        older = fetched[index + 1] if index + 1 < len(fetched) else None
        kind = version_kind(row, is_first=position == 1)
        changed = []
        if older is not None and kind in ("changed", "restored"):
            changed = changed_field_names(model, row, older, state(index), state(index + 1))
        versions.append(Version(row=row, number=row.version, kind=kind, changed=changed))
    page.object_list = versions
    return page


def get_row(model, pk, history_id):
    """One history row of a record, or ObjectDoesNotExist."""
    return model.history.select_related("history_user").get(id=pk, history_id=history_id)


# --- The diff of two versions ---


@dataclass
class FieldChange:
    label: str
    kind: str  # "text" (word-level chunks), "value" (old → new) or "set" (added / removed)
    chunks: list = field(default_factory=list)
    old: str = ""
    new: str = ""
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)


def display_value(model_field, value):
    if value is None or value == "":
        return NO_VALUE
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, models.Model):
        return safe_str(value)
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(model_field, models.JSONField):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return str(value)


def as_text(model_field, value):
    if isinstance(model_field, RichTextField):
        return rich_text_as_text(value or "")
    return value or ""


def is_text(model_field):
    return isinstance(model_field, (models.CharField, models.TextField)) and not model_field.choices


def related_names(m2m, ids):
    """The names of related records, for ids that may include deleted ones."""
    related = m2m.related_model
    found = {obj.pk: safe_str(obj) for obj in related._default_manager.filter(pk__in=ids)}
    return sorted(
        found.get(
            pk, _("deleted %(thing)s (%(pk)s)") % {"thing": related._meta.verbose_name, "pk": pk}
        )
        for pk in ids
    )


def diff_versions(model, older, newer):
    """What changed from the row `older` to the row `newer`, field by field: text and rich
    text (as the words a reader sees) word by word, other values as old → new, many-to-many
    values as added and removed names."""
    excluded = [m2m.name for m2m in m2m_fields(model)]
    delta = newer.diff_against(older, excluded_fields=excluded, foreign_keys_are_objs=True)
    by_name = {change.field: change for change in delta.changes}
    changes = []
    for model_field in editable_fields(model):
        change = by_name.get(model_field.name)
        if change is None:
            continue
        label = str(model_field.verbose_name)
        if is_text(model_field):
            old_text = as_text(model_field, change.old)
            new_text = as_text(model_field, change.new)
            if old_text == new_text:
                continue  # only markup changed, not the words a reader sees
            changes.append(FieldChange(label, "text", chunks=word_diff(old_text, new_text)))
        else:
            changes.append(
                FieldChange(
                    label,
                    "value",
                    old=display_value(model_field, change.old),
                    new=display_value(model_field, change.new),
                )
            )
    if excluded:
        old_state, new_state = m2m_state(older), m2m_state(newer)
        for m2m in m2m_fields(model):
            before, after = old_state.get(m2m.name, set()), new_state.get(m2m.name, set())
            if before != after:
                changes.append(
                    FieldChange(
                        str(m2m.verbose_name),
                        "set",
                        added=related_names(m2m, after - before),
                        removed=related_names(m2m, before - after),
                    )
                )
    return changes


# --- Restoring: the state of a row, checked against what exists now ---


def parent_problem(model_field, value):
    """A message when the record `value` points to through `model_field` is gone, naming
    what to restore first; None when it exists."""
    parent_model = model_field.related_model
    if parent_model._default_manager.filter(pk=value).exists():
        return None
    thing = parent_model._meta.verbose_name
    if parent_model in TRACKED_MODELS:
        return _(
            "The %(parent)s it belongs to, “%(name)s”, was deleted: restore the %(parent)s "
            "first (from Recently deleted), then this."
        ) % {"parent": thing, "name": record_label(parent_model, value)}
    return _("The %(parent)s it belongs to was deleted and cannot be restored here.") % {
        "parent": thing
    }


def apply_row(record, row, *, every_field):
    """Copy the state kept in `row` onto `record` (unsaved). A link to a deleted record
    that may be empty is emptied (the returned notes say so); a required one refuses the
    restore, as does a clash with a unique rule.

    `every_field` also copies the fields people do not edit (for a record brought back
    from deletion, which has no current values of its own)."""
    model = type(record)
    notes = []
    fields = model._meta.concrete_fields if every_field else editable_fields(model)
    for model_field in fields:
        if model_field.primary_key or model_field.name in ("version", "updated_at"):
            continue
        value = getattr(row, model_field.attname)
        if model_field.many_to_one and value is not None:
            problem = parent_problem(model_field, value)
            if problem is not None:
                if model_field.null:
                    notes.append(
                        _("%(field)s was emptied: what it named has been deleted.")
                        % {"field": str(model_field.verbose_name).capitalize()}
                    )
                    value = None
                else:
                    raise RestoreRefused(problem)
        setattr(record, model_field.attname, value)
    check_unique(record)
    return notes


def check_unique(record):
    try:
        record.validate_unique()
        record.validate_constraints()
    except ValidationError as error:
        raise RestoreRefused(
            _("It would clash with a record that exists now: %(problem)s")
            % {"problem": " ".join(error.messages)}
        ) from error


def existing_m2m_values(model, state):
    """The many-to-many values of `state` whose related records still exist, and a note
    for each field that lost some."""
    values, notes = {}, []
    for m2m in m2m_fields(model):
        wanted = state.get(m2m.name, set())
        present = set(
            m2m.related_model._default_manager.filter(pk__in=wanted).values_list("pk", flat=True)
        )
        values[m2m.name] = present
        if missing := len(wanted - present):
            notes.append(
                _("%(count)d of the %(field)s no longer exist and were left out.")
                % {"count": missing, "field": m2m.verbose_name}
            )
    return values, notes


# --- Recently deleted ---


def deleted_rows(model):
    """The deletion rows of `model`'s records that are still deleted (their latest row is
    the deletion and no live row has their id), newest first."""
    history = history_model(model)
    latest = (
        history.objects.filter(id=OuterRef("id"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return (
        history.objects.filter(history_type="-", history_id=Subquery(latest))
        .exclude(id__in=model._default_manager.values("pk"))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def latest_deletion(model, pk):
    """The row that deleted record `pk`, when it is still deleted; else None."""
    return deleted_rows(model).filter(id=pk).first()


@dataclass
class DeletedRecord:
    model: type
    row: object

    @property
    def label(self):
        return row_label(self.row)

    @property
    def model_name(self):
        return self.model._meta.model_name

    @property
    def thing(self):
        return self.model._meta.verbose_name

    @property
    def user_label(self):
        return user_label(self.row.history_user)

    @property
    def pk(self):
        return self.row.id


def recently_deleted(page_number=1):
    """One page of the records that are deleted now, newest deletion first, over every
    tracked model (one query per model)."""
    number = max(1, int(page_number)) if str(page_number).isdigit() else 1
    limit = number * PAGE_SIZE + 1
    records = []
    for model in TRACKED_MODELS:
        records += [DeletedRecord(model, row) for row in deleted_rows(model)[:limit]]
    records.sort(key=lambda record: (record.row.history_date, record.row.history_id), reverse=True)
    paginator = Paginator(records, PAGE_SIZE)
    return paginator.get_page(number)


def cascade_deleted(model, pk, deleted_row):
    """The records deleted in cascade with record `pk` (at the same time, by the same
    person), children before grandchildren: [(model, deletion row), ...]."""
    start = deleted_row.history_date - CASCADE_WINDOW
    end = deleted_row.history_date + timedelta(seconds=1)
    found, seen = [], set()

    def walk(parent_model, parent_pk):
        for child in TRACKED_MODELS:
            for fk in child._meta.concrete_fields:
                if not (
                    fk.many_to_one
                    and fk.related_model is parent_model
                    and fk.remote_field.on_delete is models.CASCADE
                ):
                    continue
                rows = deleted_rows(child).filter(
                    **{fk.attname: parent_pk},
                    history_date__range=(start, end),
                    history_user_id=deleted_row.history_user_id,
                )
                for row in rows:
                    if (child, row.id) not in seen:
                        seen.add((child, row.id))
                        found.append((child, row))
                        walk(child, row.id)

    walk(model, pk)
    found.sort(key=lambda item: TRACKED_MODELS.index(item[0]))
    return found
