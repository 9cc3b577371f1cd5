"""schema.org Event structured data for an event page (JSON-LD), as search engines read it.

https://schema.org/Event: a full event is still EventScheduled, with its offer SoldOut; a
postponed one keeps its original dates, as schema.org asks until new ones are known.
"""

import re

from cms.jsonld import organisation
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
        "organizer": organisation(request),
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
