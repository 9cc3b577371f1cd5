"""Workflows of the events plugin: each change that spans models (book a place, cancel it,
delete personal data) lives here, with its permission check beside the change and a
docstring naming what it guarantees. Views and the admin call these; nothing else writes
these records."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Booking, EventPage, Registration, Status
from events.tasks import send_booking_email

logger = logging.getLogger(__name__)

ACTIVE_STATES = (Registration.State.CONFIRMED, Registration.State.WAITLISTED)


class BookingError(Exception):
    """A registration refused; ``str(error)`` is a message for the person registering."""


def _locked_event(event_id):
    """The event, re-read with its row locked until the transaction ends, so that counting
    places and taking one happen as one step (PostgreSQL; SQLite's IMMEDIATE transactions
    already let one writer in at a time)."""
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event_id)


def _email_after_commit(registration, kind):
    """Queue the email once the change is committed: the worker must find the row, and a
    rolled-back booking must not be announced."""
    registration_id = registration.pk
    transaction.on_commit(lambda: send_booking_email.enqueue(registration_id, kind))


def _refusal(event, now):
    """Why `event` takes no registrations now, or None."""
    if not event.live or not EventPage.objects.filter(pk=event.pk).public().exists():
        return _("This event is not open for registration.")
    if event.booking != Booking.REGISTER:
        return _("This event does not take registrations on this site.")
    if event.status == Status.CANCELLED:
        return _("This event has been cancelled.")
    if event.status == Status.POSTPONED:
        return _("This event has been postponed. Registration will open again with its new date.")
    if event.has_ended(now):
        return _("This event has already taken place.")
    return None


def places_left(event, confirmed_count):
    """Free places at `event` given its count of confirmed registrations (None: no limit)."""
    if event.capacity is None:
        return None
    return max(event.capacity - confirmed_count, 0)


def _has_free_place(event):
    if event.status == Status.FULL:
        return False
    confirmed = event.registrations.filter(state=Registration.State.CONFIRMED).count()
    free = places_left(event, confirmed)
    return free is None or free > 0


def _fill_free_places(event, now):
    """Promote the longest-waiting people (by created_at, then pk) while places are free.
    Nothing is promoted at an event that has ended, is cancelled or is postponed."""
    if event.status in (Status.CANCELLED, Status.POSTPONED) or event.has_ended(now):
        return []
    promoted = []
    waiting = event.registrations.filter(state=Registration.State.WAITLISTED).order_by(
        "created_at", "pk"
    )
    confirmed = event.registrations.filter(state=Registration.State.CONFIRMED).count()
    for registration in waiting:
        free = places_left(event, confirmed)
        if free is not None and free <= 0:
            break
        registration.state = Registration.State.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["state", "confirmed_at"])
        _email_after_commit(registration, "promoted")
        promoted.append(registration)
        confirmed += 1
    return promoted


def register(event, *, name, email, organisation="", role="", access_needs="", notify=True):
    """Register one person for `event` and email them; return the Registration.

    Guarantees:
    - refused with :class:`BookingError` when the event is not live and public, does not
      take registrations on this site, is cancelled or postponed, or has ended;
    - the event row is locked while places are counted, so when two people take the last
      place at once exactly one is confirmed and the other is waitlisted;
    - confirmed while confirmed registrations are fewer than the capacity (no capacity: no
      limit) and the event is not marked full; waitlisted otherwise;
    - one active (confirmed or waitlisted) registration per email address per event,
      compared without regard to case: registering again returns the existing registration
      unchanged, with ``already_registered = True``, and sends its email again (so a lost
      cancel link can be recovered; only the address's owner receives it);
    - the email (confirmation with the cancel link, or waitlist notice) is queued after the
      transaction commits; ``notify=False`` sends none (demo sign-ups, staff imports).

    Anyone may register; the public view adds the spam protection."""
    email = email.strip()
    now = timezone.now()
    with transaction.atomic():
        event = _locked_event(event.pk)
        refusal = _refusal(event, now)
        if refusal:
            raise BookingError(refusal)
        existing = (
            event.registrations.filter(email__iexact=email, state__in=ACTIVE_STATES)
            .order_by("created_at", "pk")
            .first()
        )
        if existing:
            existing.already_registered = True
            if notify:
                _email_after_commit(existing, existing.state)
            return existing
        confirmed = _has_free_place(event)
        registration = Registration.objects.create(
            event=event,
            name=name.strip(),
            email=email,
            organisation=organisation.strip(),
            role=role.strip(),
            access_needs=access_needs.strip(),
            state=Registration.State.CONFIRMED if confirmed else Registration.State.WAITLISTED,
            confirmed_at=now if confirmed else None,
        )
        registration.already_registered = False
        if notify:
            _email_after_commit(registration, registration.state)
    return registration


def cancel_registration(token):
    """Cancel the registration whose cancel token (from its email) is `token`; return it.

    Guarantees: raises ``Registration.DoesNotExist`` for an unknown token; idempotent (a
    registration already cancelled is returned unchanged, with ``just_cancelled = False``);
    a confirmed place released is given to the first waitlisted person (by created_at, then
    pk), who is emailed, under the same lock as :func:`register`. The token is the
    permission: whoever holds the email may cancel."""
    now = timezone.now()
    with transaction.atomic():
        event_id = Registration.objects.values_list("event_id", flat=True).get(cancel_token=token)
        event = _locked_event(event_id)
        registration = Registration.objects.get(cancel_token=token)
        if registration.state == Registration.State.CANCELLED:
            registration.just_cancelled = False
            return registration
        was_confirmed = registration.state == Registration.State.CONFIRMED
        registration.state = Registration.State.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["state", "cancelled_at"])
        if was_confirmed:
            _fill_free_places(event, now)
        registration.just_cancelled = True
    return registration


def fill_places_after_publish(event_id):
    """After an event is published: if it now has free places (its capacity raised, or
    "fully booked" lifted), give them to the longest-waiting people, who are
    emailed. Return the registrations promoted. An event still marked fully booked
    promotes no one: the editor closed it."""
    now = timezone.now()
    with transaction.atomic():
        event = _locked_event(event_id)
        if event.status == Status.FULL:
            return []
        promoted = _fill_free_places(event, now)
    if promoted:
        logger.info("Event %s published with more places: %d promoted", event_id, len(promoted))
    return promoted


def may_see_registrations(user):
    return bool(user and user.is_active and user.has_perm("events.view_registration"))


def may_delete_registrations(user):
    return may_see_registrations(user) and user.has_perm("events.delete_registration")


def delete_registration(registration, user):
    """Delete one person's registration and its personal data for good (no copy kept, not
    even in the admin's log); a confirmed place freed is given to the first waitlisted
    person, who is emailed.

    Permission: ``events.view_registration`` and ``events.delete_registration``; otherwise
    ``PermissionDenied`` and nothing changes."""
    if not may_delete_registrations(user):
        raise PermissionDenied(_("You may not delete registrations."))
    now = timezone.now()
    with transaction.atomic():
        event = _locked_event(registration.event_id)
        current = Registration.objects.filter(pk=registration.pk).first()
        if current is None:
            return
        was_confirmed = current.state == Registration.State.CONFIRMED
        pk = current.pk
        current.delete()
        if was_confirmed:
            _fill_free_places(event, now)
    logger.info("Registration %s for event %s deleted by user %s", pk, event.pk, user.pk)


def delete_expired_registrations(now=None, keep_days=None):
    """Delete every registration (any state) of events that ended more than `keep_days`
    (default ``settings.EVENTS_KEEP_REGISTRATIONS_DAYS``) days before `now`; return how many
    were deleted. Run daily by ``manage.py delete_expired_registrations``; no user, so no
    permission check."""
    if keep_days is None:
        keep_days = settings.EVENTS_KEEP_REGISTRATIONS_DAYS
    cutoff = (now or timezone.now()) - timedelta(days=keep_days)
    deleted, _by_model = Registration.objects.filter(event__end__lt=cutoff).delete()
    return deleted
