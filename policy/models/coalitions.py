from django.db import models
from django.utils.translation import gettext_lazy as _

from policy.models.base import VersionedRecord, set_null_keeping_history, tracked
from policy.models.consultations import Consultation
from policy.models.organisations import Organisation


class Coalition(VersionedRecord):
    """A coalition the charity belongs to, with its member organisations."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Organisation, verbose_name=_("members"), blank=True, related_name="coalitions"
    )

    history = tracked(m2m_fields=["members"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("coalition")
        verbose_name_plural = _("coalitions")

    def __str__(self):
        return self.name


class CoalitionActivity(VersionedRecord):
    """Something a coalition does together: a joint response, a letter, a campaign, a meeting."""

    class Kind(models.TextChoices):
        JOINT_RESPONSE = "joint_response", _("Joint response")
        LETTER = "letter", _("Letter")
        CAMPAIGN = "campaign", _("Campaign")
        MEETING = "meeting", _("Meeting")

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    consultations = models.ManyToManyField(
        Consultation, verbose_name=_("consultations"), blank=True, related_name="coalition_work"
    )
    co_signatories = models.ManyToManyField(
        Organisation, verbose_name=_("co-signatories"), blank=True, related_name="+"
    )

    history = tracked(m2m_fields=["consultations", "co_signatories"])

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("coalition activity")
        verbose_name_plural = _("coalition activities")

    def __str__(self):
        return self.title


class Engagement(VersionedRecord):
    """A meeting with a minister or officials, or a committee hearing, and what came of it."""

    class Kind(models.TextChoices):
        MINISTER = "minister", _("Meeting with a minister")
        OFFICIALS = "officials", _("Meeting with officials")
        HEARING = "hearing", _("Committee hearing")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("date"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("with"),
        null=True,
        blank=True,
        on_delete=set_null_keeping_history,
        related_name="engagements",
    )
    people = models.TextField(_("people"), blank=True, help_text=_("Who was there, one a line."))
    outcome = models.TextField(_("outcome"), blank=True)
    consultations = models.ManyToManyField(
        Consultation, verbose_name=_("consultations"), blank=True, related_name="engagements"
    )

    history = tracked(m2m_fields=["consultations"])

    class Meta:
        ordering = ["-date"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self):
        return self.title
