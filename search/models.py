"""The durable index outbox: index writes the engine has not yet taken."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexOutboxQuerySet(models.QuerySet):
    def for_backend(self, alias):
        return self.filter(backend=alias)

    def waiting(self):
        """Rows the next replay sends: not journalled for a rebuild, not parked."""
        return self.filter(journal=False, parked_at__isnull=True)

    def journalled(self):
        return self.filter(journal=True, parked_at__isnull=True)

    def parked(self):
        return self.filter(parked_at__isnull=False)


class IndexOutboxEntry(models.Model):
    """One index write waiting for the engine.

    Rows are replayed in id order; only the newest row per object matters, since each
    write sends the object's current state (or its removal). ``journal`` rows record writes
    made during an atomic rebuild and wait for the rebuild to finish. A row that cannot be
    applied (its model is gone, its object cannot be serialised) is parked with the reason,
    so that it no longer holds up the rows after it; an administrator retries or discards it.
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
    parked_at = models.DateTimeField(_("parked"), null=True, blank=True)
    parked_reason = models.TextField(
        _("why it was parked"),
        blank=True,
        help_text=_("Why replay could not apply this write; retry it once that is fixed."),
    )

    objects = IndexOutboxQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("index outbox entry")
        verbose_name_plural = _("index outbox")
        indexes = [models.Index(fields=["backend", "journal", "id"])]

    def __str__(self):
        return f"{self.action} {self.app_label}.{self.model_name}:{self.object_pk}"


def rebuild_stale_after() -> timedelta:
    return timedelta(seconds=settings.SEARCH_REBUILD_STALE_AFTER)


class IndexRebuildQuerySet(models.QuerySet):
    def for_backend(self, alias):
        return self.filter(backend=alias)

    def open(self):
        """Started, neither finished nor given up as abandoned."""
        return self.filter(finished_at__isnull=True, abandoned_at__isnull=True)

    def stale(self, now=None):
        """Open, but silent for longer than SEARCH_REBUILD_STALE_AFTER: its process died."""
        return self.open().filter(heartbeat_at__lt=(now or timezone.now()) - rebuild_stale_after())

    def alive(self, now=None):
        return self.open().filter(heartbeat_at__gte=(now or timezone.now()) - rebuild_stale_after())


class IndexRebuild(models.Model):
    """An atomic rebuild of one backend's indices: running, finished or abandoned.

    A running rebuild beats its heartbeat as it indexes; one whose heartbeat stops (the
    process was killed) is stale, and is recovered by marking it abandoned and releasing
    its journal into the ordinary outbox.
    """

    class State(models.TextChoices):
        RUNNING = "running", _("running")
        STALE = "stale", _("stopped responding")
        FINISHED = "finished", _("finished")
        ABANDONED = "abandoned", _("abandoned")

    backend = models.CharField(max_length=50)
    started_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        default=timezone.now,
        help_text=_("Updated as the rebuild indexes each chunk of objects."),
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    abandoned_at = models.DateTimeField(_("abandoned"), null=True, blank=True)
    abandoned_reason = models.TextField(_("why it was abandoned"), blank=True)

    objects = IndexRebuildQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"{self.backend} rebuild started {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def state(self) -> str:
        if self.finished_at:
            return self.State.FINISHED
        if self.abandoned_at:
            return self.State.ABANDONED
        if self.heartbeat_at < timezone.now() - rebuild_stale_after():
            return self.State.STALE
        return self.State.RUNNING

    def get_state_display(self) -> str:
        return self.State(self.state).label

    def beat(self):
        """Record a sign of life (one cheap UPDATE; the command calls it once per chunk)."""
        self.heartbeat_at = timezone.now()
        type(self).objects.filter(pk=self.pk).update(heartbeat_at=self.heartbeat_at)
