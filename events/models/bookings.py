"""Registrations for events booked on this site: places, then a waitlist."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_cancel_token():
    return secrets.token_urlsafe(24)


class Registration(models.Model):
    """One person's place (or place in the queue) at an event. Created and changed only
    through ``events.actions``; personal data, deleted by staff or automatically some days
    after the event (``EVENTS_KEEP_REGISTRATIONS_DAYS``)."""

    class State(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    access_needs = models.TextField(
        _("access needs"),
        blank=True,
        help_text=_("Anything we should arrange so you can take part fully."),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, db_index=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("place confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_token = models.CharField(
        max_length=64, unique=True, default=new_cancel_token, editable=False
    )

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["event", "state", "created_at"])]

    def __str__(self):
        return f"{self.name} ({self.get_state_display()})"
