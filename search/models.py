"""The durable index outbox: index writes the engine has not yet taken."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexOutboxEntry(models.Model):
    """One index write waiting for the engine.

    Rows are replayed in id order; only the newest row per object matters, since each
    write sends the object's current state (or its removal). ``journal`` rows record writes
    made during an atomic rebuild and wait for the rebuild to finish.
    """

    class Action(models.TextChoices):
        UPSERT = "upsert", _("add or update")
        DELETE = "delete", _("remove")

    backend = models.CharField(_("search backend"), max_length=50)
    app_label = models.CharField(max_length=100)
    model_name = models.CharField(max_length=100)
    object_pk = models.CharField(max_length=64)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    journal = models.BooleanField(
        _("written during a rebuild"),
        default=False,
        help_text=_("Kept to replay into the new index once the rebuild swaps it in."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("index outbox entry")
        verbose_name_plural = _("index outbox")
        indexes = [models.Index(fields=["backend", "journal", "id"])]

    def __str__(self):
        return f"{self.action} {self.app_label}.{self.model_name}:{self.object_pk}"


class IndexRebuild(models.Model):
    """An atomic rebuild of one backend's indices, running or finished."""

    backend = models.CharField(max_length=50)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"{self.backend} rebuild started {self.started_at:%Y-%m-%d %H:%M}"
