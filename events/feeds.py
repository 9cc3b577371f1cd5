"""iCalendar feeds (RFC 5545, built with the ``icalendar`` library) and "add to calendar"
links: the whole public calendar, any filtered listing of it, and one event.

An event's UID comes from its page's translation key, so it stays the same across edits,
moves and fetches; its SEQUENCE is ``EventPage.sequence``, raised when the date, place or
status changes. Times carry TZID=Europe/London with a VTIMEZONE generated from zoneinfo
for the years the events span, so calendar programs place them right across the clocks
changing; all-day events are dates, with the exclusive DTEND the standard asks for.
"""

import hashlib
from datetime import UTC, date, timedelta
from urllib.parse import urlencode

import icalendar
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale

from events.listing import ALL, EventListing
from events.models import EventPage, Format, Status
from events.models.events import LONDON

PRODID = "-//One Small Thing//Training and events//EN"
UID_DOMAIN = "onesmallthing.org.uk"
CONTENT_TYPE = "text/calendar; charset=utf-8"
END_CALENDAR = b"END:VCALENDAR\r\n"
# Cached VEVENTs are keyed by what they show, so this only bounds memory.
BODY_CACHE_SECONDS = 60 * 60
ICAL_STATUS = {
    Status.SCHEDULED: "CONFIRMED",
    Status.FULL: "CONFIRMED",
    Status.POSTPONED: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
}


def event_uid(event):
    return f"{event.translation_key}@{UID_DOMAIN}"


def event_location(event):
    """One line: the venue, its address and postcode; "Online" for an online event."""
    place = [event.venue_name, *event.venue_address.splitlines(), event.venue_postcode]
    place = ", ".join(part.strip() for part in place if part and part.strip())
    if event.format == Format.ONLINE:
        return _("Online")
    if event.format == Format.BLENDED:
        return _("%(place)s, and online") % {"place": place} if place else _("Online")
    return place


def event_dates(event):
    """(start, end) for a calendar: dates with an exclusive end for an all-day event,
    otherwise aware datetimes in UK time."""
    if event.all_day:
        return event.local_start.date(), event.local_end.date() + timedelta(days=1)
    return event.local_start, event.local_end


def event_component(event, url):
    """The VEVENT for one event; `url` is its page's full URL."""
    component = icalendar.Event()
    start, end = event_dates(event)
    component.add("uid", event_uid(event))
    component.add("sequence", event.sequence)
    # No METHOD: DTSTAMP is then the time the event was last changed (RFC 5545 3.8.7.2).
    changed = event.last_published_at or event.latest_revision_created_at or timezone.now()
    component.add("dtstamp", changed)
    component.add("last-modified", changed)
    component.add("dtstart", start)
    component.add("dtend", end)
    summary = event.title
    if event.status in (Status.CANCELLED, Status.POSTPONED):
        summary = f"{event.get_status_display()}: {summary}"
    component.add("summary", summary)
    description = event.intro or event.search_description
    component.add("description", f"{description}\n\n{url}" if description else url)
    location = event_location(event)
    if location:
        component.add("location", location)
    component.add("url", url)
    component.add("status", ICAL_STATUS[event.status])
    if event.status == Status.FULL:
        component.add("comment", str(Status.FULL.label))
    return component


# Everything a VEVENT shows, read as plain rows to key the cache (cheap next to building
# page objects): an edit, a move, a new SEQUENCE or a hidden event changes the key.
SHOWN_FIELDS = (
    "pk",
    "translation_key",
    "url_path",
    "title",
    "intro",
    "search_description",
    "start",
    "end",
    "all_day",
    "status",
    "format",
    "venue_name",
    "venue_address",
    "venue_postcode",
    "sequence",
    "last_published_at",
    "latest_revision_created_at",
)


def build_calendar(events, request, *, name):
    """The VCALENDAR holding `events` (an EventPage queryset, in order), as bytes, with the
    VTIMEZONE their times need. Serialising takes icalendar about a millisecond an event,
    so each event's VEVENT is cached under a digest of everything it shows: after an edit
    only the changed events are serialised again, and only those events are loaded."""
    rows = list(events.values_list(*SHOWN_FIELDS))
    context = (request.get_host(), request.scheme, get_language())
    keys = {
        row[0]: "events:vevent:"
        + hashlib.blake2b(repr((context, row)).encode(), digest_size=16).hexdigest()
        for row in rows
    }
    cached = cache.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in cached]
    if missing:
        # Many missing (a cold cache): load them all rather than name thousands of ids.
        source = events if len(missing) > 500 else events.filter(pk__in=missing)
        wanted = set(missing)
        built = {
            keys[event.pk]: event_component(event, event.get_full_url(request)).to_ical()
            for event in source
            if event.pk in wanted
        }
        cache.set_many(built, timeout=BODY_CACHE_SECONDS)
        cached.update(built)
    body = b"".join(cached[keys[row[0]]] for row in rows)

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    start_at, all_day_at = SHOWN_FIELDS.index("start"), SHOWN_FIELDS.index("all_day")
    years = [row[start_at].astimezone(LONDON).year for row in rows if not row[all_day_at]]
    if years:
        # Transitions for the years the events span (and the year after), not 1970-2038.
        calendar.add_component(
            icalendar.Timezone.from_tzinfo(
                LONDON,
                tzid="Europe/London",
                first_date=date(min(years), 1, 1),
                last_date=date(max(years) + 2, 1, 1),
            )
        )
    head, end, _ = calendar.to_ical().rpartition(END_CALENDAR)
    return head + body + end


def google_calendar_url(event, url):
    """A link that opens Google Calendar's "new event" form filled in with this event."""
    if event.all_day:
        start, end = event_dates(event)
        dates = f"{start:%Y%m%d}/{end:%Y%m%d}"
    else:
        start, end = event.start.astimezone(UTC), event.end.astimezone(UTC)
        dates = f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"
    details = f"{event.intro}\n\n{url}" if event.intro else url
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "details": details,
        "location": event_location(event),
        "ctz": "Europe/London",
    }
    return f"https://calendar.google.com/calendar/render?{urlencode(params)}"


def ical_response(content, filename=None):
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def calendar_feed(request):
    """Every live, public event in the current language, narrowed by the listing's filters
    (year, audience, sector, format, region, course; `when` too if given)."""
    events = EventPage.objects.live().public().filter(locale=Locale.get_active())
    listing = EventListing(events, request.GET, default_when=ALL)
    if listing.errors:
        return HttpResponseBadRequest(
            "\n".join(str(error) for error in listing.errors),
            content_type="text/plain; charset=utf-8",
        )
    name = _("One Small Thing: training and events")
    if listing.labels:
        name = f"{name} ({', '.join(listing.labels.values())})"
    return ical_response(build_calendar(listing.feed_results(), request, name=name))


def event_ical(request, page_id):
    """One live, public event as an .ics file to add to a calendar."""
    event = get_object_or_404(EventPage.objects.live().public(), pk=page_id)
    calendar = build_calendar(EventPage.objects.filter(pk=event.pk), request, name=event.title)
    return ical_response(calendar, filename=f"{event.slug}.ics")
