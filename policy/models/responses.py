import re
from html import unescape as unescape_entities

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.search import index

from policy.models.base import (
    RICH_TEXT_FEATURES,
    VersionedRecord,
    set_null_keeping_history,
    tracked,
)
from policy.models.consultations import Consultation, Question

WORD = re.compile(r"\w[\w'’-]*", re.UNICODE)


def rich_text_as_text(html):
    """Rich text as the words a reader sees: block ends become line breaks, tags go."""
    html = re.sub(r"</(p|h\d|li)>|<br\s*/?>", "\n", html or "")
    return unescape_entities(strip_tags(html)).strip()


def count_words(text):
    return len(WORD.findall(text))


class Response(VersionedRecord):
    """The charity's response to one consultation, answered question by question."""

    class Status(models.TextChoices):
        DRAFTING = "drafting", _("Drafting")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")

    consultation = models.OneToOneField(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="response",
    )
    lead_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead author"),
        null=True,
        blank=True,
        on_delete=set_null_keeping_history,
        related_name="+",
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewers"), blank=True, related_name="+"
    )
    summary = RichTextField(_("overall summary"), blank=True, features=RICH_TEXT_FEATURES)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFTING
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)

    history = tracked(m2m_fields=["reviewers"])

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self):
        return str(_("Response to %(title)s") % {"title": self.consultation.title})

    @property
    def is_frozen(self):
        return self.status in (self.Status.SUBMITTED, self.Status.PUBLISHED)


class Answer(index.Indexed, VersionedRecord):
    """The response's answer to one question: drafted, reviewed and approved."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        DRAFTING = "drafting", _("Drafting")
        READY = "ready", _("Ready for review")
        APPROVED = "approved", _("Approved")

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    body = RichTextField(_("answer"), blank=True, features=RICH_TEXT_FEATURES)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=set_null_keeping_history,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    word_limit = models.PositiveIntegerField(
        _("word limit"),
        null=True,
        blank=True,
        help_text=_("The consultation's limit for this answer, if it has one."),
    )
    # Who last changed the text: approval needs a reviewer other than this person.
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=set_null_keeping_history,
        related_name="+",
    )

    search_fields = [index.SearchField("body"), index.FilterField("response")]

    history = tracked()

    class Meta:
        ordering = ["response", "question__number"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_a_question")
        ]

    def __str__(self):
        return str(_("Answer to question %(number)s") % {"number": self.question.number})

    def clean(self):
        super().clean()
        if self.question_id and self.response_id:
            if self.question.consultation_id != self.response.consultation_id:
                raise ValidationError(
                    {"question": _("This question belongs to another consultation.")}
                )

    @property
    def text(self):
        return rich_text_as_text(self.body)

    @property
    def word_count(self):
        return count_words(self.text)

    @property
    def over_limit(self):
        return bool(self.word_limit) and self.word_count > self.word_limit


class ReviewComment(VersionedRecord):
    """A reviewer's comment on an answer; open until someone resolves it."""

    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=set_null_keeping_history,
        related_name="+",
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=set_null_keeping_history,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    history = tracked()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self):
        return self.body[:60]


class ResponseVersion(VersionedRecord):
    """A named version of a response, frozen when it is submitted: the exact text sent,
    which later edits to the answers cannot change (``content`` is never rewritten)."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.PROTECT, related_name="versions"
    )
    name = models.CharField(_("name"), max_length=255)
    created_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        null=True,
        on_delete=set_null_keeping_history,
        related_name="+",
    )
    # {"consultation": ..., "organisation": ..., "summary": html, "answers": [{"number",
    #  "question", "body" (html), "citations": [{"title", "source", "link", "note"}]}],
    #  "co_signatories": [...]}
    content = models.JSONField(_("frozen text"))

    history = tracked()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("named version")
        verbose_name_plural = _("named versions")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.pk:
            frozen = (
                type(self)._default_manager.filter(pk=self.pk).values_list("content", flat=True)
            )
            if frozen and frozen[0] != self.content:
                raise ValidationError(_("A named version is frozen: its text cannot change."))
        super().save(*args, **kwargs)
