"""The consultation page: its details, its status moves, and the response question by
question, with the buttons that start, submit and publish it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policy import actions
from policy.models import Answer, Consultation, PublishedResponsePage, Response
from policy.views.access import workspace_view

# What a refused workflow step may raise; each has a message the person can act on.
REFUSALS = (actions.WorkflowError, actions.StaleVersion, actions.RecordGone)


def answer_rows(consultation, response):
    """One row a question: the question and its answer (or None), with the answer's
    citation and open comment counts. A fixed number of queries however many questions."""
    answers = {}
    if response is not None:
        answers = {
            answer.question_id: answer
            for answer in Answer.objects.filter(response=response)
            .select_related("owner", "last_edited_by")
            .annotate(
                citation_count=Count("citations", distinct=True),
                open_comment_count=Count(
                    "comments", filter=Q(comments__resolved=False), distinct=True
                ),
            )
        }
    return [
        {"question": question, "answer": answers.get(question.pk)}
        for question in consultation.questions.all()
    ]


@workspace_view
def consultation_view(request, pk):
    consultation = get_object_or_404(
        Consultation.objects.select_related("organisation", "owner"), pk=pk
    )
    response = (
        Response.objects.filter(consultation=consultation).select_related("lead_author").first()
    )
    versions = []
    published_page = None
    if response is not None:
        versions = list(response.versions.select_related("created_by"))
        published_page = (
            PublishedResponsePage.objects.live().filter(frozen_version__response=response).first()
        )
    rows = answer_rows(consultation, response)
    context = {
        "page_title": consultation.title,
        "header_icon": "form",
        "consultation": consultation,
        "response": response,
        "rows": rows,
        "missing_answers": response is not None and any(row["answer"] is None for row in rows),
        "moves": actions.consultation_moves(consultation),
        "versions": versions,
        "published_page": published_page,
        "may_submit": response is not None and not response.is_frozen,
        "may_publish": response is not None
        and response.status == Response.Status.SUBMITTED
        and request.user.has_perm("policy.publish_response"),
        "edit_url": reverse("policy_consultations:edit", args=[consultation.pk]),
    }
    return TemplateResponse(request, "policy/admin/consultation.html", context)


def back_to(consultation_pk):
    return redirect("policy:consultation", pk=consultation_pk)


@workspace_view
@require_POST
def move_view(request, pk):
    consultation = get_object_or_404(Consultation, pk=pk)
    status = request.POST.get("status", "")
    try:
        actions.move_consultation(consultation, status, user=request.user)
    except REFUSALS as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The consultation is now %s.") % consultation.get_status_display()
        )
    return back_to(pk)


@workspace_view
@require_POST
def start_view(request, pk):
    consultation = get_object_or_404(Consultation, pk=pk)
    try:
        actions.start_response(consultation, user=request.user)
    except REFUSALS as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The response has an answer for every question."))
    return back_to(pk)


@workspace_view
@require_POST
def submit_view(request, pk):
    response = get_object_or_404(Response, pk=pk)
    try:
        version = actions.submit_response(response, user=request.user)
    except REFUSALS as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The response is submitted. Its text is kept as “%(name)s”.")
            % {"name": version.name},
        )
    return back_to(response.consultation_id)


@workspace_view
@require_POST
def publish_view(request, pk):
    response = get_object_or_404(Response, pk=pk)
    try:
        page = actions.publish_response(response, user=request.user)
    except (PermissionDenied, *REFUSALS) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The response is published at %(url)s.") % {"url": page.get_url(request) or ""},
        )
    return back_to(response.consultation_id)


urlpatterns = [
    path("consultation/<int:pk>/", consultation_view, name="consultation"),
    path("consultation/<int:pk>/move/", move_view, name="consultation_move"),
    path("consultation/<int:pk>/start/", start_view, name="consultation_start"),
    path("response/<int:pk>/submit/", submit_view, name="response_submit"),
    path("response/<int:pk>/publish/", publish_view, name="response_publish"),
]
