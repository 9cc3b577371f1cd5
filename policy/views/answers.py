"""The answer page: the rich text editor with a live word count, the answer's status,
owner and word limit, its review comments and its citations.

A save names the version the edit began from. When someone else saved since, nothing is
overwritten: the page shows their change and the difference to the person's own text,
keeps that text in the editor and lets them merge and save again.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.rich_text import DraftailRichTextArea

from policy import actions
from policy.diff import word_diff
from policy.models import Answer, Citation, EvidenceItem, ReviewComment
from policy.models.responses import rich_text_as_text
from policy.views.access import workspace_view
from policy.views.consultation import REFUSALS


class AnswerBodyWidget(DraftailRichTextArea):
    """Wagtail's rich text editor. What it sends is turned into rich text by Wagtail's
    converter, which keeps only the enabled features; a value that is not the editor's
    format is kept as plain paragraphs rather than refused, so no typed text is lost."""

    def get_context(self, name, value, attrs):
        # The editable area's accessible name (Draftail does not take it from the label).
        self.options = {**self.options, "ariaLabel": _("Answer")}
        return super().get_context(name, value, attrs)

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError):
            raw = str(data.get(name, ""))
            return "".join(f"<p>{escape(line)}</p>" for line in raw.splitlines() if line.strip())


def policy_team():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(
                groups__permissions__codename="access_workspace",
                groups__permissions__content_type__app_label="policy",
            )
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class AnswerForm(forms.Form):
    body = Answer._meta.get_field("body").formfield(
        widget=AnswerBodyWidget(features=Answer._meta.get_field("body").features),
        required=False,
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Answer.Status.choices)
    owner = forms.ModelChoiceField(
        label=gettext_lazy("Owner"), queryset=get_user_model().objects.none(), required=False
    )
    word_limit = forms.IntegerField(
        label=gettext_lazy("Word limit"),
        min_value=1,
        required=False,
        help_text=gettext_lazy("The consultation's limit for this answer, if it has one."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for this change"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Optional: kept in the history beside your change."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = policy_team()
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or str(user)

    @classmethod
    def for_answer(cls, answer):
        return cls(
            initial={
                "body": answer.body,
                "status": answer.status,
                "owner": answer.owner_id,
                "word_limit": answer.word_limit,
                "version": answer.version,
            }
        )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class EvidenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, evidence):
        if evidence.needs_consent and not evidence.has_consent:
            return _("%(title)s (quote: no recorded consent)") % {"title": evidence.title}
        return f"{evidence.title} ({evidence.get_kind_display()})"


class CitationForm(forms.Form):
    evidence = EvidenceChoiceField(
        label=gettext_lazy("Evidence"), queryset=EvidenceItem.objects.order_by("title")
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("What this evidence supports in the answer."),
    )


def version_text(answer, version):
    """The answer's text as it was at `version`, from its history."""
    row = answer.history.filter(version=version).order_by("-history_date").first()
    return rich_text_as_text(row.body) if row else ""


def conflict(answer, edited_version, own_body):
    """What the person needs to merge: who saved since, their change, and the difference
    between the stored text and the person's own."""
    latest = answer.history.order_by("-history_date").select_related("history_user").first()
    return {
        "saved_by": latest.history_user if latest else None,
        "saved_at": latest.history_date if latest else None,
        "edited_version": edited_version,
        "current_version": answer.version,
        "their_change": word_diff(version_text(answer, edited_version), answer.text),
        "against_mine": word_diff(answer.text, rich_text_as_text(own_body)),
    }


def load_answer(pk):
    return get_object_or_404(
        Answer.objects.select_related(
            "question", "response__consultation", "owner", "last_edited_by"
        ),
        pk=pk,
    )


def render_page(request, answer, form, *, status=200, conflict_info=None):
    context = {
        "page_title": _("Answer to question %(number)s") % {"number": answer.question.number},
        "header_icon": "edit",
        "answer": answer,
        "question": answer.question,
        "consultation": answer.response.consultation,
        "form": form,
        "conflict": conflict_info,
        "comments": answer.comments.select_related("author", "resolved_by").order_by(
            "resolved", "created_at"
        ),
        "citations": answer.citations.select_related("evidence").order_by("id"),
        "comment_form": CommentForm(),
        "citation_form": CitationForm(),
    }
    return TemplateResponse(request, "policy/admin/answer_edit.html", context, status=status)


@workspace_view
def answer_edit(request, pk):
    answer = load_answer(pk)
    if request.method != "POST":
        return render_page(request, answer, AnswerForm.for_answer(answer))
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return render_page(request, answer, form, status=400)
    data = form.cleaned_data
    try:
        actions.save_answer(
            answer,
            user=request.user,
            body=data["body"],
            status=data["status"],
            owner=data["owner"],
            word_limit=data["word_limit"],
            expected_version=data["version"],
            reason=data["reason"],
        )
    except actions.StaleVersion:
        answer = load_answer(pk)
        # Keep everything the person typed; only the version moves on, so the next save
        # (after they merge) is made over the version they have now seen.
        resubmitted = request.POST.copy()
        resubmitted["version"] = answer.version
        info = conflict(answer, data["version"], data["body"])
        return render_page(request, answer, AnswerForm(resubmitted), status=409, conflict_info=info)
    except REFUSALS as error:
        answer = load_answer(pk)
        form.add_error(None, str(error))
        return render_page(request, answer, form, status=400)
    if answer.over_limit:
        messages.warning(
            request,
            _(
                "Saved, but the answer has %(count)d words, over its limit of %(limit)d: "
                "shorten it before submitting."
            )
            % {"count": answer.word_count, "limit": answer.word_limit},
        )
    else:
        messages.success(request, _("Answer saved (version %d).") % answer.version)
    return redirect("policy:answer_edit", pk=pk)


def back_to(answer_pk, anchor=""):
    return redirect(reverse("policy:answer_edit", args=[answer_pk]) + anchor)


@workspace_view
@require_POST
def comment_add(request, pk):
    answer = get_object_or_404(Answer, pk=pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a comment (up to 5,000 characters) before adding it."))
        return back_to(pk, "#review-comments")
    try:
        actions.add_comment(answer, form.cleaned_data["body"], user=request.user)
    except REFUSALS as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Comment added."))
    return back_to(pk, "#review-comments")


@workspace_view
@require_POST
def comment_resolve(request, pk):
    comment = get_object_or_404(ReviewComment, pk=pk)
    try:
        actions.resolve_comment(comment, user=request.user)
    except REFUSALS as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Comment resolved."))
    return back_to(comment.answer_id, "#review-comments")


@workspace_view
@require_POST
def citation_add(request, pk):
    answer = get_object_or_404(Answer, pk=pk)
    form = CitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a piece of evidence from the list to cite."))
        return back_to(pk, "#answer-citations")
    try:
        actions.cite_evidence(
            answer, form.cleaned_data["evidence"], form.cleaned_data["note"], user=request.user
        )
    except REFUSALS as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Evidence cited."))
    return back_to(pk, "#answer-citations")


@workspace_view
@require_POST
def citation_remove(request, pk):
    citation = get_object_or_404(Citation, pk=pk)
    actions.remove_citation(citation, user=request.user)
    messages.success(request, _("Citation removed. Its history keeps it."))
    return back_to(citation.answer_id, "#answer-citations")


urlpatterns = [
    path("answer/<int:pk>/", answer_edit, name="answer_edit"),
    path("answer/<int:pk>/comment/", comment_add, name="answer_comment"),
    path("comment/<int:pk>/resolve/", comment_resolve, name="comment_resolve"),
    path("answer/<int:pk>/cite/", citation_add, name="answer_cite"),
    path("citation/<int:pk>/remove/", citation_remove, name="citation_remove"),
]
