"""The search plugin's admin: Settings -> Search index health, and its buttons.

The page is for administrators only; each button POSTs (CSRF-protected) to a view that
calls the matching workflow in :mod:`search.actions`, which checks the permission itself.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from search import actions
from search.health import backend_health


def _forbidden(view):
    """Answer 403 rather than Wagtail's redirect to the dashboard, so that a refused
    action is plainly refused (and tests and scripts can tell)."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            return permission_denied(request, error)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_forbidden
def index_health(request):
    actions.check_may_manage_search(request.user)
    return TemplateResponse(
        request,
        "search/admin/index_health.html",
        {
            "backends": backend_health(),
            "page_title": _("Search index health"),
        },
    )


def _alias(request):
    alias = request.POST.get("backend", "default")
    if alias not in settings.WAGTAILSEARCH_BACKENDS:
        raise Http404(_("No search backend is called %(alias)s.") % {"alias": alias})
    return alias


def _entry_ids(request):
    ids = [value for value in request.POST.getlist("entry") if value.isascii() and value.isdigit()]
    return [int(value) for value in ids] or None


def _report_replay(request, report):
    if report.failed:
        messages.error(
            request,
            _(
                "The engine is still unavailable (%(error)s). %(applied)d writes applied; the "
                "rest wait in order. Start the engine and replay again."
            )
            % {"error": report.errors[0], "applied": report.applied},
        )
        return
    messages.success(
        request,
        ngettext(
            "Replayed %(count)d write into the engine.",
            "Replayed %(count)d writes into the engine.",
            report.applied,
        )
        % {"count": report.applied},
    )
    if report.parked:
        messages.warning(
            request,
            ngettext(
                "%(count)d write could not be applied and is parked: see its reason below.",
                "%(count)d writes could not be applied and are parked: see the reasons below.",
                report.parked,
            )
            % {"count": report.parked},
        )


@_forbidden
@require_POST
def replay_now(request):
    _report_replay(request, actions.replay_outbox(request.user, _alias(request)))
    return redirect("search_index_health")


@_forbidden
@require_POST
def retry_parked(request):
    result = actions.retry_parked(request.user, _alias(request), ids=_entry_ids(request))
    messages.info(
        request,
        ngettext(
            "%(count)d parked write put back in the queue.",
            "%(count)d parked writes put back in the queue.",
            result.retried,
        )
        % {"count": result.retried},
    )
    _report_replay(request, result.replay)
    return redirect("search_index_health")


@_forbidden
@require_POST
def discard_parked(request):
    discarded = actions.discard_parked(request.user, _alias(request), ids=_entry_ids(request))
    messages.success(
        request,
        ngettext(
            "Discarded %(count)d parked write.",
            "Discarded %(count)d parked writes.",
            discarded,
        )
        % {"count": discarded}
        + " "
        + _("Run `manage.py search_drift --repair` if the engine should hold those objects."),
    )
    return redirect("search_index_health")


@_forbidden
@require_POST
def recover_rebuild(request):
    recovery = actions.recover_stale_rebuild(request.user, _alias(request))
    if recovery.abandoned:
        messages.success(
            request,
            _(
                "Marked the stopped rebuild abandoned; %(rows)d writes made during it moved "
                "to the outbox. Replay them now, then run `manage.py update_index` for a "
                "fresh index."
            )
            % {"rows": recovery.rows_released},
        )
    else:
        messages.info(request, _("No stopped rebuild: nothing to recover."))
    return redirect("search_index_health")


@hooks.register("register_admin_urls")
def search_admin_urls():
    return [
        path("search-health/", index_health, name="search_index_health"),
        path("search-health/replay/", replay_now, name="search_index_replay"),
        path("search-health/parked/retry/", retry_parked, name="search_index_retry_parked"),
        path("search-health/parked/discard/", discard_parked, name="search_index_discard_parked"),
        path("search-health/rebuild/recover/", recover_rebuild, name="search_index_recover"),
    ]


@hooks.register("register_settings_menu_item")
def search_health_menu_item():
    return AdminOnlyMenuItem(
        gettext_lazy("Search index health"),
        reverse("search_index_health"),
        icon_name="search",
        order=900,
    )
