"""schema.org Event structured data for an event page (JSON-LD), as search engines read it.

https://schema.org/Event: a full event is still EventScheduled, with its offer SoldOut; a
postponed one keeps its original dates, as schema.org asks until new ones are known.
"""

import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cms.models import SiteSettings
from events.models import Format, Status

SCHEMA = "https://schema.org/"
EVENT_STATUS = {
    Status.SCHEDULED: "EventScheduled",
    Status.FULL: "EventScheduled",
    Status.POSTPONED: "EventPostponed",
    Status.CANCELLED: "EventCancelled",
}
ATTENDANCE_MODE = {
    Format.IN_PERSON: "OfflineEventAttendanceMode",
    Format.ONLINE: "OnlineEventAttendanceMode",
    Format.BLENDED: "MixedEventAttendanceMode",
}
AVAILABILITY = {
    Status.SCHEDULED: "InStock",
    Status.FULL: "SoldOut",
    Status.POSTPONED: "InStock",
    Status.CANCELLED: "Discontinued",
}
AMOUNT = re.compile(r"\d+(?:\.\d{1,2})?")
# Inside <script>, "</script>" or "<!--" in a value would end or confuse the element.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def price_amount(price):
    """The first amount in an editor's price ("£40 per person" -> "40"); "0" when free,
    None when the text has no amount in it."""
    if not price.strip():
        return "0"
    amount = AMOUNT.search(price.replace(",", ""))
    return amount.group() if amount else None


def place(event):
    address = {"@type": "PostalAddress", "addressCountry": "GB"}
    if event.venue_address.strip():
        address["streetAddress"] = ", ".join(
            line.strip() for line in event.venue_address.splitlines() if line.strip()
        )
    if event.venue_postcode:
        address["postalCode"] = event.venue_postcode
    if event.region:
        address["addressRegion"] = str(event.get_region_display())
    return {"@type": "Place", "name": event.venue_name or event.title, "address": address}


def event_data(event, request):
    """The schema.org Event for `event`, as a dict ready for JSON."""
    url = event.get_full_url(request)
    if event.all_day:
        start, end = event.local_start.date(), event.local_end.date()
    else:
        start, end = event.local_start, event.local_end
    online = {"@type": "VirtualLocation", "url": url}
    location = {
        Format.IN_PERSON: lambda: place(event),
        Format.ONLINE: lambda: online,
        Format.BLENDED: lambda: [place(event), online],
    }[event.format]()
    offer = {
        "@type": "Offer",
        "priceCurrency": "GBP",
        "availability": SCHEMA + AVAILABILITY[event.status],
        "url": event.booking_url or url,
    }
    amount = price_amount(event.price)
    if amount is not None:
        offer["price"] = amount
    settings = SiteSettings.for_request(request)
    site = event.get_site()
    root = f"{site.root_url}/" if site else request.build_absolute_uri("/")
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "startDate": start.isoformat(),
        "endDate": end.isoformat(),
        "eventStatus": SCHEMA + EVENT_STATUS[event.status],
        "eventAttendanceMode": SCHEMA + ATTENDANCE_MODE[event.format],
        "location": location,
        "offers": offer,
        "organizer": {
            "@type": "Organization",
            "name": settings.organisation_name or "One Small Thing",
            "url": root,
        },
    }
    description = event.get_meta_description()
    if description:
        data["description"] = description
    if event.audiences.exists():
        data["audience"] = [
            {"@type": "Audience", "audienceType": audience.name}
            for audience in event.audiences.all()
        ]
    return data


def script_tag(data):
    """`data` as a <script type="application/ld+json"> element, escaped as Django's
    json_script escapes it, so no value can close the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above
