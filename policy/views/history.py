"""The history of any workspace record (versions, a diff of any two, restore) and the
records deleted recently, with their restore. Reading is in ``policy.history``; restoring
goes through ``policy.actions``."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.admin_url_finder import AdminURLFinder

from policy import actions, history
from policy.models import Answer
from policy.views.access import workspace_view

REASON_MAX_LENGTH = 500


def get_model(model_name, user, action="view"):
    try:
        model = history.tracked_model(model_name)
    except LookupError as error:
        raise Http404(_("There is no such kind of record.")) from error
    actions.check_permission(user, action, model)
    return model


def record_context(request, model, pk):
    """What every history page says about its record: its name, whether it still exists,
    and where to edit it."""
    if not model.history.filter(id=pk).exists():
        raise Http404(_("This record has no history."))
    record = model._default_manager.filter(pk=pk).first()
    edit_url = None
    if record is not None:
        edit_url = AdminURLFinder(request.user).get_edit_url(record)
        if edit_url is None and model is Answer:
            edit_url = reverse("policy:answer_edit", args=[pk])
    label = history.record_label(model, pk)
    return {
        "model": model,
        "model_name": model._meta.model_name,
        "thing": model._meta.verbose_name,
        "pk": pk,
        "record": record,
        "record_label": label,
        "edit_url": edit_url,
        "history_url": reverse("policy:history", args=[model._meta.model_name, pk]),
        "header_icon": "history",
    }


def get_row_or_404(model, pk, history_id):
    try:
        return history.get_row(model, pk, history_id)
    except (ObjectDoesNotExist, ValueError, TypeError) as error:
        raise Http404(_("This version does not exist.")) from error


@workspace_view
def history_list(request, model_name, pk):
    model = get_model(model_name, request.user)
    context = record_context(request, model, pk)
    page = history.history_page(model, pk, request.GET.get("p", 1))
    context.update(
        {
            "page_title": _("History of %(name)s") % {"name": context["record_label"]},
            "page": page,
            "versions": page.object_list,
            "diff_url": reverse("policy:history_diff", args=[model_name, pk]),
        }
    )
    return TemplateResponse(request, "policy/admin/history/history.html", context)


def parse_history_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@workspace_view
def history_diff(request, model_name, pk):
    """?from=<history_id>&to=<history_id>; without `to`, the newest version; without
    `from`, the version before `to`."""
    model = get_model(model_name, request.user)
    context = record_context(request, model, pk)
    rows = history.history_rows(model, pk)
    to_id = parse_history_id(request.GET.get("to"))
    from_id = parse_history_id(request.GET.get("from"))
    newer = rows.filter(history_id=to_id).first() if to_id else rows.first()
    if newer is None:
        messages.error(request, _("That version is not one of this record's versions."))
        return redirect(context["history_url"])
    if from_id:
        older = rows.filter(history_id=from_id).first()
    else:
        older = history.previous_row(newer)
    if older is None:
        if from_id:
            messages.error(request, _("That version is not one of this record's versions."))
        else:
            messages.info(request, _("This is the first version: there is nothing before it."))
        return redirect(context["history_url"])
    if (older.history_date, older.history_id) > (newer.history_date, newer.history_id):
        older, newer = newer, older
    context.update(
        {
            "page_title": _("Changes to %(name)s") % {"name": context["record_label"]},
            "older": older,
            "newer": newer,
            "older_user": history.user_label(older.history_user),
            "newer_user": history.user_label(newer.history_user),
            "changes": history.diff_versions(model, older, newer),
        }
    )
    return TemplateResponse(request, "policy/admin/history/diff.html", context)


def restore_reason_from(request):
    return (request.POST.get("reason") or "").strip()[:REASON_MAX_LENGTH]


@workspace_view
@require_http_methods(["GET", "POST"])
def history_restore(request, model_name, pk, history_id):
    """GET: what restoring this version would change, and a reason field. POST: restore."""
    model = get_model(model_name, request.user, "change")
    context = record_context(request, model, pk)
    row = get_row_or_404(model, pk, history_id)
    reason = ""
    status = 200
    if request.method == "POST":
        reason = restore_reason_from(request)
        try:
            actions.restore_version(model, pk, history_id, user=request.user, reason=reason)
        except history.RestoreRefused as refusal:
            messages.error(
                request,
                _("Version %(number)s could not be restored. %(why)s")
                % {"number": row.version, "why": refusal},
            )
            status = 409
        except actions.StaleVersion as stale:
            messages.error(request, str(stale))
            status = 409
        else:
            messages.success(
                request,
                _("Version %(number)s was restored as a new version.") % {"number": row.version},
            )
            return redirect(context["history_url"])
    current = history.history_rows(model, pk).first()
    context.update(
        {
            "page_title": _("Restore version %(number)s of %(name)s")
            % {"number": row.version, "name": context["record_label"]},
            "row": row,
            "row_user": history.user_label(row.history_user),
            "reason": reason,
            "reason_max_length": REASON_MAX_LENGTH,
            "changes": history.diff_versions(model, current, row) if current != row else [],
            "record_deleted": context["record"] is None,
        }
    )
    return TemplateResponse(request, "policy/admin/history/restore.html", context, status=status)


@workspace_view
def deleted_list(request):
    page = history.recently_deleted(request.GET.get("p", 1))
    return TemplateResponse(
        request,
        "policy/admin/history/deleted.html",
        {
            "page_title": _("Recently deleted"),
            "header_icon": "bin",
            "page": page,
            "records": page.object_list,
        },
    )


@workspace_view
@require_POST
def deleted_restore(request, model_name, pk):
    try:
        model = get_model(model_name, request.user, "add")
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("policy:deleted")
    label = history.record_label(model, pk)
    try:
        record, summary = actions.restore_deleted(
            model, pk, user=request.user, reason=restore_reason_from(request)
        )
    except history.RestoreRefused as refusal:
        messages.error(
            request,
            _("“%(name)s” could not be restored. %(why)s") % {"name": label, "why": refusal},
        )
        return redirect("policy:deleted")
    text = _("%(thing)s “%(name)s” was restored.") % {
        "thing": str(model._meta.verbose_name).capitalize(),
        "name": label,
    }
    if summary.children:
        text += " " + _("Restored with it: %(children)s.") % {
            "children": ", ".join(
                f"{child._meta.verbose_name} “{history.safe_str(child)}”"
                for child in summary.children
            )
        }
    messages.success(request, text)
    for note in summary.notes:
        messages.warning(request, note)
    return redirect("policy:history", model._meta.model_name, record.pk)


urlpatterns = [
    path("history/<str:model_name>/<int:pk>/", history_list, name="history"),
    path("history/<str:model_name>/<int:pk>/diff/", history_diff, name="history_diff"),
    path(
        "history/<str:model_name>/<int:pk>/restore/<int:history_id>/",
        history_restore,
        name="history_restore",
    ),
    path("deleted/", deleted_list, name="deleted"),
    path("deleted/<str:model_name>/<int:pk>/restore/", deleted_restore, name="deleted_restore"),
]
