from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from cms.models import Topic
from policy.models.base import VersionedRecord, set_null_keeping_history, tracked
from policy.models.organisations import Organisation


class ConsultationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closes__gte=timezone.now()).exclude(
            status__in=[Consultation.Status.CLOSED, Consultation.Status.PUBLISHED]
        )

    def closing_within(self, days):
        """Open consultations whose deadline falls on one of the next `days` calendar days
        (UK time), today included: the same count as ``days_left``, whatever the hour."""
        after = timezone.localdate() + timedelta(days=days + 1)
        end = timezone.make_aware(datetime.combine(after, time.min))
        return self.open().filter(closes__lt=end).order_by("closes")


class Consultation(index.Indexed, VersionedRecord):
    """A government (or other) consultation the policy team follows and may answer."""

    class Status(models.TextChoices):
        MONITORING = "monitoring", _("Monitoring")
        DRAFTING = "drafting", _("Drafting")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed without response")

    # The only moves a consultation's status may make (policy.actions.move_consultation).
    TRANSITIONS = {
        Status.MONITORING: [Status.DRAFTING, Status.CLOSED],
        Status.DRAFTING: [Status.IN_REVIEW, Status.MONITORING, Status.CLOSED],
        Status.IN_REVIEW: [Status.APPROVED, Status.DRAFTING, Status.CLOSED],
        Status.APPROVED: [Status.SUBMITTED, Status.DRAFTING, Status.CLOSED],
        Status.SUBMITTED: [Status.PUBLISHED],
        Status.PUBLISHED: [],
        Status.CLOSED: [Status.MONITORING],
    }

    title = models.CharField(_("title"), max_length=255)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=set_null_keeping_history,
        related_name="consultations",
    )
    link = models.URLField(_("link"), blank=True, max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    opens = models.DateField(_("opens"), null=True, blank=True)
    closes = models.DateTimeField(
        _("closes"), help_text=_("The deadline for responses, UK time (Europe/London).")
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=set_null_keeping_history,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.MONITORING
    )

    objects = ConsultationQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("summary"),
        index.AutocompleteField("title"),
        index.FilterField("status"),
    ]

    history = tracked(m2m_fields=["topics"])

    class Meta:
        ordering = ["closes"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        permissions = [
            ("access_workspace", _("Can use the policy workspace")),
            ("publish_response", _("Can publish a submitted response on the public site")),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.opens and self.closes and timezone.localtime(self.closes).date() < self.opens:
            raise ValidationError(
                {"closes": _("The deadline is before the opening date: check both dates.")}
            )

    @property
    def days_left(self):
        return (timezone.localtime(self.closes).date() - timezone.localdate()).days

    def can_move_to(self, status):
        return status in self.TRANSITIONS.get(self.status, [])


class Question(index.Indexed, VersionedRecord):
    """One of a consultation's questions, in the consultation's order."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("question"))
    guidance = models.TextField(_("guidance"), blank=True)

    search_fields = [index.SearchField("text"), index.FilterField("consultation")]

    history = tracked()

    class Meta:
        ordering = ["consultation", "number"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="unique_question_number"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:80]}"
