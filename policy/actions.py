"""Workflows of the policy workspace. Each checks its permission beside the change and
names what it guarantees in its docstring.

Every change to a workspace record goes through :func:`save_record` or
:func:`delete_record` (or a workflow built on them), so that each one is kept in the
record's history with its user and reason: no ``.update()``, ``bulk_create`` or raw SQL on
these models (``tests/policy/test_history_coverage.py`` scans the code for them).
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import dateformat, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords
from wagtail.coreutils import find_available_slug
from wagtail.models import Site

from policy import history
from policy.models import (
    Answer,
    Citation,
    CoalitionActivity,
    Consultation,
    PublishedResponsePage,
    Response,
    ResponseIndexPage,
    ResponseVersion,
    ReviewComment,
)


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


def current_user():
    """Who is acting now, as simple-history sees it: the request's user, or the user of an
    enclosing :func:`acting_as` block; None when nobody is signed in."""
    user = getattr(getattr(HistoricalRecords.context, "request", None), "user", None)
    return user if getattr(user, "is_authenticated", False) else None


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


@dataclass
class RestoreSummary:
    """What came back with a restored record, and what could not (and why)."""

    children: list = dataclass_field(default_factory=list)
    notes: list = dataclass_field(default_factory=list)


def set_m2m_quietly(record, values):
    """Set many-to-many values without a history row per field: the save that follows
    writes one row holding them."""
    record.skip_history_when_saving = True
    try:
        for name, ids in values.items():
            getattr(record, name).set(ids)
    finally:
        del record.skip_history_when_saving


def restore_version(record_model, pk, history_id, *, user, reason=""):
    """Make the version kept in history row `history_id` the record's newest version.

    Guarantees: the restore is a new version (the version number goes up, the history keeps
    `user` and a reason naming the version restored); no history row is removed or changed;
    it is refused with :class:`policy.history.RestoreRefused`, writing nothing, when a
    record it needs was deleted (the message names what to restore first), when a unique
    rule would clash, or when the record itself is deleted (restore it from Recently
    deleted). Many-to-many values come back as they were, less related records deleted since.
    Returns the restored record.
    """
    check_permission(user, "change", record_model)
    row = history.get_row(record_model, pk, history_id)
    with transaction.atomic():
        record = record_model._default_manager.select_for_update().filter(pk=pk).first()
        if record is None:
            raise history.RestoreRefused(
                _("This %(thing)s is deleted: restore it from Recently deleted first.")
                % {"thing": record_model._meta.verbose_name}
            )
        history.apply_row(record, row, every_field=False)
        if "last_edited_by" in {f.name for f in record_model._meta.concrete_fields}:
            record.last_edited_by = user
        values, _notes = history.existing_m2m_values(record_model, history.m2m_state(row))
        set_m2m_quietly(record, values)
        save_record(record, user=user, reason=history.restore_reason(row.version, reason))
    return record


def restore_deleted(model, pk, *, user, reason=""):
    """Bring back a deleted record as it was when deleted, with the records deleted in
    cascade with it (an answer's citations and review comments, a response's answers, ...).

    Guarantees: the record keeps its id and comes back as a new version; its many-to-many
    values come back where the related records still exist; children whose other parent is
    gone (a citation of deleted evidence) or that would clash stay deleted, each with a
    note; refused with :class:`policy.history.RestoreRefused`, writing nothing, when the
    record's own parent is gone (the message names what to restore first) or a unique rule
    would clash. Returns ``(record, RestoreSummary)``.
    """
    check_permission(user, "add", model)
    summary = RestoreSummary()
    with transaction.atomic():
        row = history.latest_deletion(model, pk)
        if row is None:
            raise history.RestoreRefused(
                _("This %(thing)s is not deleted, or has been restored already.")
                % {"thing": model._meta.verbose_name}
            )
        children = history.cascade_deleted(model, pk, row)
        record, notes = _restore_row(model, row, user=user, reason=reason)
        summary.notes += notes
        for child_model, child_row in children:
            check_permission(user, "add", child_model)
            try:
                with transaction.atomic():
                    child, notes = _restore_row(child_model, child_row, user=user, reason=reason)
            except history.RestoreRefused as refusal:
                summary.notes.append(
                    _("%(thing)s “%(name)s” was not restored. %(why)s")
                    % {
                        "thing": str(child_model._meta.verbose_name).capitalize(),
                        "name": history.row_label(child_row),
                        "why": refusal,
                    }
                )
                continue
            summary.children.append(child)
            summary.notes += notes
    return record, summary


def _restore_row(model, row, *, user, reason):
    record = model(pk=row.id)
    notes = history.apply_row(record, row, every_field=True)
    record.version = row.version + 1
    save_record(record, user=user, reason=history.restore_reason(row.version, reason))
    values, m2m_notes = history.existing_m2m_values(model, history.m2m_state(row))
    if any(values.values()):
        # The record's row is written; the links come after it, each with its own row.
        with acting_as(user):
            for name, ids in values.items():
                getattr(record, name).set(ids)
    return record, notes + m2m_notes


# --- Drafting and review: consultation and answer status, comments, citations ---


class WorkflowError(Exception):
    """A move the workflow refuses. Nothing was written; the message says why and what to do."""


def _locked(record):
    """The stored row of `record`, locked until the end of the transaction, so a workflow
    changes what is stored now and never writes back an older copy of other fields."""
    return type(record)._default_manager.select_for_update().get(pk=record.pk)


def _copy_state(source, target):
    """Let the caller's object see what the workflow stored."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


# The moves an answer's status may make; approval has its own rule (_check_answer_move).
ANSWER_MOVES = {
    Answer.Status.NOT_STARTED: [Answer.Status.DRAFTING, Answer.Status.READY],
    Answer.Status.DRAFTING: [Answer.Status.READY, Answer.Status.NOT_STARTED],
    Answer.Status.READY: [Answer.Status.APPROVED, Answer.Status.DRAFTING],
    Answer.Status.APPROVED: [Answer.Status.READY, Answer.Status.DRAFTING],
}

# Reached only through submit_response and publish_response, which check their own rules.
CONSULTATION_STATUSES_BY_ACTION = (Consultation.Status.SUBMITTED, Consultation.Status.PUBLISHED)


def consultation_moves(consultation):
    """The statuses a person may move `consultation` to with a plain status button."""
    return [
        Consultation.Status(status)
        for status in Consultation.TRANSITIONS.get(consultation.status, [])
        if status not in CONSULTATION_STATUSES_BY_ACTION
    ]


def move_consultation(consultation, status, *, user, reason=""):
    """Move `consultation` to `status` along ``Consultation.TRANSITIONS``.

    Guarantees: an unknown status or a move the workflow does not allow raises
    :class:`WorkflowError` and writes nothing; "submitted" and "published" are reached only
    through :func:`submit_response` and :func:`publish_response`; a response being drafted
    follows the consultation into drafting, in review and approved.
    """
    check_permission(user, "change", Consultation)
    if status not in Consultation.Status.values:
        raise WorkflowError(
            _("“%(status)s” is not a consultation status.") % {"status": str(status)[:50]}
        )
    status = Consultation.Status(status)
    if status in CONSULTATION_STATUSES_BY_ACTION:
        raise WorkflowError(
            _("Use “Submit the response” or “Publish” to move a consultation to %(status)s.")
            % {"status": status.label}
        )
    with transaction.atomic():
        stored = _locked(consultation)
        if not stored.can_move_to(status):
            raise WorkflowError(
                _("A consultation cannot move from %(current)s to %(status)s.")
                % {"current": stored.get_status_display(), "status": status.label}
            )
        stored.status = status
        save_record(stored, user=user, reason=reason or _("Status: %s") % status.label)
        response = Response.objects.select_for_update().filter(consultation=stored).first()
        if response and not response.is_frozen and status in Response.Status.values:
            if response.status != status:
                response.status = status
                save_record(response, user=user, reason=_("Status: %s") % status.label)
    _copy_state(stored, consultation)
    return consultation


def start_response(consultation, *, user):
    """Start (or complete) the response to `consultation`.

    Guarantees: afterwards the consultation has exactly one response, with one answer for
    each of its questions (answers already written are kept as they are); a consultation
    only being monitored moves to drafting.
    """
    check_permission(user, "add", Response)
    check_permission(user, "add", Answer)
    with transaction.atomic():
        stored = _locked(consultation)
        response = Response.objects.filter(consultation=stored).first()
        if response is None:
            response = save_record(
                Response(consultation=stored, lead_author=user),
                user=user,
                reason=_("Response started"),
            )
        answered = set(response.answers.values_list("question_id", flat=True))
        for question in stored.questions.exclude(pk__in=answered):
            save_record(
                Answer(response=response, question=question, owner=stored.owner),
                user=user,
                reason=_("Response started"),
            )
        if stored.status == Consultation.Status.MONITORING:
            stored.status = Consultation.Status.DRAFTING
            save_record(stored, user=user, reason=_("Response started"))
    _copy_state(stored, consultation)
    return response


def _check_answer_move(answer, status, user):
    if status not in Answer.Status.values:
        raise WorkflowError(
            _("“%(status)s” is not an answer status.") % {"status": str(status)[:50]}
        )
    status = Answer.Status(status)
    if status == answer.status:
        return status
    if status not in ANSWER_MOVES.get(answer.status, []):
        raise WorkflowError(
            _("An answer cannot move from %(current)s to %(status)s.")
            % {"current": answer.get_status_display(), "status": status.label}
        )
    if status == Answer.Status.APPROVED:
        if not answer.text:
            raise WorkflowError(_("An empty answer cannot be approved."))
        if answer.last_edited_by_id == user.pk:
            raise WorkflowError(
                _("You wrote the latest text of this answer, so another reviewer must approve it.")
            )
    return status


def move_answer(answer, status, *, user, reason=""):
    """Move `answer` to `status`.

    Guarantees: only the moves in ``ANSWER_MOVES`` are made; approval needs a reviewer who
    is not the last editor of the answer's text, and a text to approve; a refused move raises
    :class:`WorkflowError` and writes nothing.
    """
    check_permission(user, "change", Answer)
    with transaction.atomic():
        stored = _locked(answer)
        status = _check_answer_move(stored, status, user)
        if status != stored.status:
            stored.status = status
            save_record(stored, user=user, reason=reason or _("Status: %s") % status.label)
    _copy_state(stored, answer)
    return answer


_UNCHANGED = object()
# The editor tags each paragraph with a key of its own; it is not part of the text.
_BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')


def _without_block_keys(html):
    return _BLOCK_KEY.sub("", html or "")


def save_answer(
    answer,
    *,
    user,
    body,
    status=None,
    owner=_UNCHANGED,
    word_limit=_UNCHANGED,
    expected_version=None,
    reason="",
):
    """Save an edit of `answer` made from version `expected_version` (default: the version
    `answer` was read at).

    Guarantees: if anyone saved the answer since, :class:`StaleVersion` is raised and nothing
    is written; a changed text records `user` as its last editor, and an approved answer whose
    text changes goes back to "ready for review"; a status change follows the rules of
    :func:`move_answer`; a text over the word limit is saved all the same (the page warns).
    """
    check_permission(user, "change", Answer)
    if expected_version is None:
        expected_version = answer.version
    body = body or ""
    text_changed = _without_block_keys(body) != _without_block_keys(answer.body)
    if text_changed:
        answer.body = body
        answer.last_edited_by = user
    if status and status != answer.status:
        answer.status = _check_answer_move(answer, status, user)
    elif text_changed and answer.status == Answer.Status.APPROVED:
        answer.status = Answer.Status.READY
    elif text_changed and answer.status == Answer.Status.NOT_STARTED:
        answer.status = Answer.Status.DRAFTING
    if owner is not _UNCHANGED:
        answer.owner = owner
    if word_limit is not _UNCHANGED:
        answer.word_limit = word_limit
    return save_record(answer, user=user, reason=reason, expected_version=expected_version)


def add_comment(answer, body, *, user):
    """Add an open review comment by `user` to `answer`; an empty comment is refused."""
    check_permission(user, "add", ReviewComment)
    body = (body or "").strip()
    if not body:
        raise WorkflowError(_("Write a comment before adding it."))
    return save_record(ReviewComment(answer=answer, author=user, body=body), user=user)


def resolve_comment(comment, *, user, reason=""):
    """Mark `comment` resolved by `user`, now. Resolving a resolved comment changes nothing."""
    check_permission(user, "change", ReviewComment)
    with transaction.atomic():
        stored = _locked(comment)
        if not stored.resolved:
            stored.resolved = True
            stored.resolved_by = user
            stored.resolved_at = timezone.now()
            save_record(stored, user=user, reason=reason or _("Comment resolved"))
    _copy_state(stored, comment)
    return comment


def _check_consent_for(response, evidence):
    if evidence.needs_consent and not evidence.has_consent and response.is_frozen:
        raise WorkflowError(
            _(
                "“%(title)s” is a lived-experience quote with no recorded consent: it cannot be "
                "cited in a submitted response. Record who gave consent, when and for what first."
            )
            % {"title": evidence.title}
        )


def cite_evidence(answer, evidence, note="", *, user):
    """Cite `evidence` in `answer` with `note`.

    Guarantees: a piece of evidence is cited once per answer; a lived-experience quote with
    no recorded consent is never cited in a submitted (or published) response.
    """
    check_permission(user, "add", Citation)
    response = Response.objects.get(pk=answer.response_id)
    _check_consent_for(response, evidence)
    if Citation.objects.filter(answer=answer, evidence=evidence).exists():
        raise WorkflowError(_("This answer already cites “%(title)s”.") % {"title": evidence.title})
    return save_record(
        Citation(answer=answer, evidence=evidence, note=(note or "").strip()), user=user
    )


def remove_citation(citation, *, user, reason=""):
    """Remove `citation` from its answer (kept in the history, so it can be restored)."""
    delete_record(citation, user=user, reason=reason or _("Citation removed"))


# --- Submission and publishing: named versions, consent, the public page ---


def _frozen_content(response, consultation, answers):
    """The response as submitted, in the shape ``ResponseVersion.content`` documents."""
    co_signatories = sorted(
        {
            organisation.name
            for activity in CoalitionActivity.objects.filter(
                kind=CoalitionActivity.Kind.JOINT_RESPONSE, consultations=consultation
            ).prefetch_related("co_signatories")
            for organisation in activity.co_signatories.all()
        }
    )
    return {
        "consultation": consultation.title,
        "organisation": consultation.organisation.name if consultation.organisation else "",
        "link": consultation.link,
        "summary": response.summary or "",
        "submitted_on": response.submitted_on.isoformat(),
        "answers": [
            {
                "number": answer.question.number,
                "question": answer.question.text,
                "body": answer.body or "",
                "citations": [
                    {
                        "title": citation.evidence.title,
                        "source": citation.evidence.source,
                        "link": citation.evidence.link,
                        "note": citation.note,
                    }
                    for citation in answer.citations.all()
                ],
            }
            for answer in answers
        ],
        "co_signatories": co_signatories,
    }


def submit_response(response, *, user, reason="", submitted_on=None):
    """Submit `response`: freeze its text as a named version and mark it submitted on
    `submitted_on` (default today; earlier when it was sent through a portal before it was
    recorded here, never later than today).

    Guarantees: refused with :class:`WorkflowError` (nothing written) unless the
    consultation is approved, every answer is approved and every cited lived-experience
    quote has recorded consent; on success a :class:`ResponseVersion` named "Submitted on
    <date>" holds the text as sent (later edits cannot change it), and the response and the
    consultation are "submitted" with that date.
    """
    check_permission(user, "change", Response)
    today = timezone.localdate()
    if submitted_on is not None and submitted_on > today:
        raise WorkflowError(_("A response cannot be submitted on a date still to come."))
    check_permission(user, "add", ResponseVersion)
    with transaction.atomic():
        stored = _locked(response)
        consultation = _locked(stored.consultation)
        if stored.is_frozen:
            raise WorkflowError(_("This response has already been submitted."))
        if not consultation.can_move_to(Consultation.Status.SUBMITTED):
            raise WorkflowError(
                _(
                    "The consultation is %(status)s: move it to Approved before submitting "
                    "the response."
                )
                % {"status": consultation.get_status_display()}
            )
        answers = list(
            stored.answers.select_related("question")
            .prefetch_related("citations__evidence")
            .order_by("question__number")
        )
        if not answers:
            raise WorkflowError(_("This response has no answers to submit."))
        waiting = [str(a.question.number) for a in answers if a.status != Answer.Status.APPROVED]
        if waiting:
            raise WorkflowError(
                _("Every answer must be approved first; not yet approved: question %(numbers)s.")
                % {"numbers": ", ".join(waiting)}
            )
        unconsented = sorted(
            {
                citation.evidence.title
                for answer in answers
                for citation in answer.citations.all()
                if citation.evidence.needs_consent and not citation.evidence.has_consent
            }
        )
        if unconsented:
            raise WorkflowError(
                _(
                    "These lived-experience quotes have no recorded consent: %(titles)s. Record "
                    "consent or remove the citations before submitting."
                )
                % {"titles": "; ".join(f"“{title}”" for title in unconsented)}
            )
        stored.submitted_on = submitted_on or today
        version = save_record(
            ResponseVersion(
                response=stored,
                name=_("Submitted on %(date)s")
                % {"date": dateformat.format(stored.submitted_on, "j F Y")},
                created_by=user,
                content=_frozen_content(stored, consultation, answers),
            ),
            user=user,
            reason=reason or _("Response submitted"),
        )
        stored.status = Response.Status.SUBMITTED
        save_record(stored, user=user, reason=reason or _("Response submitted"))
        consultation.status = Consultation.Status.SUBMITTED
        save_record(consultation, user=user, reason=reason or _("Response submitted"))
    _copy_state(stored, response)
    return version


def _responses_index_page(*, user):
    """The public "Consultation responses" index of the default site, made (and published)
    under the site's root page the first time it is needed. Only called by
    :func:`publish_response`, which checks the permission."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise WorkflowError(_("The site has no default site to publish on."))
    root = site.root_page
    index_page = ResponseIndexPage.objects.descendant_of(root).first()
    if index_page is None:
        index_page = ResponseIndexPage(
            title=_("Consultation responses"),
            slug=find_available_slug(root, "consultation-responses"),
        )
        root.add_child(instance=index_page)
        index_page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    return index_page


def publish_response(response, *, user, reason=""):
    """Publish a submitted `response` as a live public page with its frozen text.

    Guarantees: needs the ``policy.publish_response`` permission; only a submitted response
    is published, as a :class:`PublishedResponsePage` under the "Consultation responses"
    index showing the latest named version (never the answers' current text), dated the day
    it was submitted; publishing a published response again returns its page.
    """
    check_permission(user, "change", Response)
    if not user.has_perm("policy.publish_response"):
        raise PermissionDenied(_("You may not publish responses on the public site."))
    with transaction.atomic():
        stored = _locked(response)
        if stored.status == Response.Status.PUBLISHED:
            page = PublishedResponsePage.objects.filter(frozen_version__response=stored).first()
            if page is not None:
                return page
        if stored.status not in (Response.Status.SUBMITTED, Response.Status.PUBLISHED):
            raise WorkflowError(_("Only a submitted response can be published."))
        version = stored.versions.order_by("-created_at", "-pk").first()
        if version is None:
            raise WorkflowError(_("This response has no submitted text to publish."))
        consultation = _locked(stored.consultation)
        index_page = _responses_index_page(user=user)
        page = PublishedResponsePage(
            title=consultation.title,
            slug=find_available_slug(index_page, slugify(consultation.title)[:200] or "response"),
            frozen_version=version,
            listing_date=stored.submitted_on,
        )
        index_page.add_child(instance=page)
        # Allowed by policy.publish_response, checked above: the policy team does not
        # edit pages itself.
        page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
        stored.status = Response.Status.PUBLISHED
        save_record(stored, user=user, reason=reason or _("Response published"))
        if consultation.can_move_to(Consultation.Status.PUBLISHED):
            consultation.status = Consultation.Status.PUBLISHED
            save_record(consultation, user=user, reason=reason or _("Response published"))
    _copy_state(stored, response)
    return page
