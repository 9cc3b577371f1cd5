"""The deadline calendar: an iCalendar feed of open consultations' deadlines for each policy
user, behind a secret token in its URL (calendar apps send no session), and an admin page to
see the URL and reset the token.

The feed is a public URL (``policy/urls.py``, outside /admin/, where Wagtail would send a
calendar app to the login page). Anything but a current token of an active policy user
gets the same plain 404, so a URL that stopped working says nothing about why.
"""

import re
from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from icalendar import Calendar, Event

from policy.actions import may_use_workspace
from policy.models import CalendarToken, Consultation
from policy.views.access import workspace_view
from policy.views.search import consultation_url

LONDON = ZoneInfo("Europe/London")
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def feed_path(token):
    """The feed's path for `token`, in the site's default language (one URL whatever the
    admin's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("policy_calendar_feed", kwargs={"token": token})


def _host():
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def consultation_admin_url(consultation):
    """The absolute URL of the consultation's page in the workspace (or its edit form)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + consultation_url(consultation.pk)


def deadline_calendar(consultations, name):
    """An iCalendar with one event per consultation deadline, in Europe/London time.

    Each event's UID stays the same for the life of the consultation and its SEQUENCE is the
    record's version, so a calendar app updates a moved deadline rather than adding one.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//One Small Thing//Policy deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    host = _host()
    deadlines = []
    for consultation in consultations:
        start = consultation.closes.astimezone(LONDON).replace(microsecond=0)
        deadlines.append(start.date())
        event = Event()
        event.add("uid", f"consultation-{consultation.pk}@{host}")
        event.add("dtstamp", consultation.updated_at.astimezone(ZoneInfo("UTC")))
        event.add("last-modified", consultation.updated_at.astimezone(ZoneInfo("UTC")))
        event.add("dtstart", start)
        event.add("summary", _("Deadline: %(title)s") % {"title": consultation.title})
        event.add("url", consultation_admin_url(consultation))
        event.add("sequence", consultation.version)
        if consultation.organisation:
            event.add(
                "description", _("Consultation by %(name)s") % {"name": consultation.organisation}
            )
        calendar.add_component(event)
    if deadlines:
        # Only the rules around these dates: 1970-2038 would be thousands of lines.
        calendar.add_missing_timezones(
            first_date=min(deadlines) - timedelta(days=366),
            last_date=max(deadlines) + timedelta(days=366),
        )
    return calendar


@require_GET
@never_cache
def feed(request, token):
    """The feed for a calendar app: no session, the token is the credential."""
    if not TOKEN.fullmatch(token):
        raise Http404
    owner = CalendarToken.objects.select_related("user").filter(token=token).first()
    if owner is None or not may_use_workspace(owner.user):
        raise Http404
    consultations = (
        Consultation.objects.exclude(
            status__in=[Consultation.Status.CLOSED, Consultation.Status.PUBLISHED]
        )
        .select_related("organisation")
        .order_by("closes", "pk")
    )
    calendar = deadline_calendar(consultations, _("Consultation deadlines"))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="consultation-deadlines.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@workspace_view
def calendar_page(request):
    token = CalendarToken.objects.for_user(request.user)
    return TemplateResponse(
        request,
        "policy/admin/calendar.html",
        {
            "page_title": _("Deadline calendar"),
            "feed_url": request.build_absolute_uri(feed_path(token.token)),
            "token": token,
        },
    )


@workspace_view
@require_POST
def calendar_reset(request):
    CalendarToken.objects.for_user(request.user).reset()
    messages.success(
        request,
        _("Your calendar address has been reset: the old address no longer works."),
    )
    return redirect("policy:calendar")


urlpatterns = [
    path("calendar/", calendar_page, name="calendar"),
    path("calendar/reset/", calendar_reset, name="calendar_reset"),
]
