import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(32)


class CalendarTokenManager(models.Manager):
    def for_user(self, user):
        """The user's token, made on first use."""
        token, _created = self.get_or_create(user=user, defaults={"token": new_token()})
        return token


class CalendarToken(models.Model):
    """The secret in a policy user's deadline calendar feed URL. A credential, so it keeps
    no history: resetting it replaces the secret and the old URL stops working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="policy_calendar_token",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = CalendarTokenManager()

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self):
        return str(_("Calendar feed of %(user)s") % {"user": self.user})

    def reset(self):
        """Replace the secret (and its date): the feed's old URL answers 404 from now on."""
        self.token = new_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])
        return self
