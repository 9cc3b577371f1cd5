from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from cms.models import Topic
from policy.models.base import VersionedRecord, set_null_keeping_history, tracked
from policy.models.responses import Answer


class EvidenceItem(index.Indexed, VersionedRecord):
    """Something the team can cite: a briefing, a figure, a case study, a quote from someone
    with lived experience (only with their recorded consent), an external report."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("Research briefing")
        STATISTIC = "statistic", _("Statistic")
        CASE_STUDY = "case_study", _("Case study")
        QUOTE = "quote", _("Lived-experience quote")
        EXTERNAL_REPORT = "external_report", _("External report")

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(
        _("text"), blank=True, help_text=_("The quote, the figure or a summary of the finding.")
    )
    source = models.CharField(_("source"), max_length=255, blank=True)
    link = models.URLField(_("link"), blank=True, max_length=500)
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=set_null_keeping_history,
        related_name="+",
    )
    date = models.DateField(_("date"), null=True, blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="+")
    consent_given_by = models.CharField(
        _("consent given by"),
        max_length=255,
        blank=True,
        help_text=_("For a quote: who gave consent (a name or a reference, not shown publicly)."),
    )
    consent_recorded_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    consent_scope = models.TextField(
        _("consent scope"),
        blank=True,
        help_text=_("For a quote: what the person agreed it may be used for."),
    )
    anonymised = models.BooleanField(_("anonymised"), default=True)

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("text"),
        index.SearchField("source"),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
    ]

    history = tracked(m2m_fields=["topics"])

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.title

    @property
    def needs_consent(self):
        return self.kind == self.Kind.QUOTE

    @property
    def has_consent(self):
        return bool(self.consent_given_by and self.consent_recorded_on and self.consent_scope)


class Citation(VersionedRecord):
    """An answer cites a piece of evidence, with a note on what it supports."""

    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="citations"
    )
    evidence = models.ForeignKey(
        EvidenceItem, verbose_name=_("evidence"), on_delete=models.CASCADE, related_name="citations"
    )
    note = models.TextField(_("note"), blank=True)

    history = tracked()

    class Meta:
        ordering = ["answer", "id"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(fields=["answer", "evidence"], name="cite_evidence_once")
        ]

    def __str__(self):
        return str(self.evidence)
