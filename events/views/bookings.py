"""Public booking views: register for an event (the form on its page posts here), see the
outcome, and cancel through the link in the email. The workflows are in events.actions."""

import re

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from events import actions
from events.forms import RegistrationForm
from events.models import EventPage, Registration

# At most this many registrations from one client address per window (a person booking
# for a team of five gets through; a script does not). Counts live in the cache, so
# production needs a cache shared by every web process.
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 10 * 60

# Cancel tokens are secrets.token_urlsafe(): anything else is unknown, without a query.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")

SESSION_KEY = "events_booking_outcome"


def _rate_key(request):
    return f"events-register:{get_client_ip_address(request)}"


def _over_rate_limit(request):
    return cache.get(_rate_key(request), 0) >= RATE_LIMIT


def _count_registration(request):
    key = _rate_key(request)
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)


def _event_or_404(page_id):
    """The live event a form may post to; a draft, private or unknown page is a 404."""
    return get_object_or_404(EventPage.objects.live().public(), pk=page_id)


def _register_page(request, event, form, status, error=None):
    return TemplateResponse(
        request,
        "events/register.html",
        {"event": event, "booking_form": form, "error": error},
        status=status,
    )


def _outcome(request, event, state, already=False):
    request.session[SESSION_KEY] = {"event": event.pk, "state": state, "already": already}
    return HttpResponseRedirect(
        reverse("events:registered", kwargs={"page_id": event.pk}), status=303
    )


@require_POST
def register(request, page_id):
    """Register from the form on an event page: 303 to the outcome page; the form again
    with its errors (400) when invalid or refused; 429 over the rate limit. A filled
    honeypot is answered as a success but nothing is saved or sent."""
    event = _event_or_404(page_id)
    if _over_rate_limit(request):
        return TemplateResponse(
            request, "events/register_throttled.html", {"event": event}, status=429
        )
    form = RegistrationForm(request.POST, event=event)
    if not form.is_valid():
        return _register_page(request, event, form, status=400)
    _count_registration(request)
    if form.is_spam:
        return _outcome(request, event, Registration.State.CONFIRMED)
    data = form.cleaned_data
    try:
        registration = actions.register(
            event,
            name=data["name"],
            email=data["email"],
            organisation=data["organisation"],
            role=data["role"],
            access_needs=data["access_needs"],
        )
    except actions.BookingError as refusal:
        return _register_page(request, event, form, status=400, error=str(refusal))
    return _outcome(request, event, registration.state, registration.already_registered)


def registered(request, page_id):
    """What happened to the registration just made from this browser."""
    event = _event_or_404(page_id)
    outcome = request.session.get(SESSION_KEY)
    if not outcome or outcome.get("event") != event.pk:
        return HttpResponseRedirect(event.url or "/")
    return TemplateResponse(request, "events/registered.html", {"event": event, **outcome})


@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request, token):
    """GET: a page with a button to cancel (mail scanners follow links, so a GET never
    cancels). POST: cancel, then show the outcome. An unknown token is a 404."""
    if not TOKEN_PATTERN.fullmatch(token):
        raise Http404("Unknown cancel link.")
    registration = Registration.objects.select_related("event").filter(cancel_token=token).first()
    if registration is None:
        raise Http404("Unknown cancel link.")
    just_cancelled = False
    if request.method == "POST":
        try:
            registration = actions.cancel_registration(token)
        except Registration.DoesNotExist as gone:  # deleted by staff meanwhile
            raise Http404("Unknown cancel link.") from gone
        just_cancelled = registration.just_cancelled
    return TemplateResponse(
        request,
        "events/cancel.html",
        {
            "registration": registration,
            "event": registration.event,
            "just_cancelled": just_cancelled,
        },
    )
