"""The booking panel on an event page (owned by the bookings area)."""

from django import template
from django.utils import timezone

from events.actions import places_left
from events.forms import RegistrationForm
from events.models import Booking, Registration, Status

register = template.Library()


@register.inclusion_tag("events/includes/booking.html", takes_context=True)
def booking_panel(context, page, form=None):
    """How to book `page`: nothing, the external link, the enquiry email, or the
    registration form with the places left. Nothing bookable once the event has ended or
    is cancelled. At most one query (the count of confirmed places)."""
    shown = page.booking if page.booking in Booking.values else Booking.NONE
    closed = page.status == Status.CANCELLED or page.has_ended(timezone.now())
    panel = {"page": page, "request": context.get("request"), "kind": shown, "closed": closed}
    if shown == Booking.REGISTER and not closed and page.status != Status.POSTPONED:
        confirmed = page.registrations.filter(state=Registration.State.CONFIRMED).count()
        free = places_left(page, confirmed)
        panel["places_left"] = free
        panel["waitlist"] = page.status == Status.FULL or free == 0
        panel["form"] = form or context.get("booking_form") or RegistrationForm(event=page)
    return panel
