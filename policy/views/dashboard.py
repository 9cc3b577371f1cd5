"""The workspace's front page: deadlines, answers waiting for review, my assignments and
what the rest of the team changed.

Every list is one query with its related rows joined (or a fixed number of queries, one a
tracked model, for the recent changes), so the page costs the same number of queries with
10 consultations as with 200 (``tests/policy/test_query_counts.py``).
"""

import heapq

from django.core.exceptions import ObjectDoesNotExist
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from policy.models import TRACKED_MODELS, Answer, Consultation
from policy.views.access import workspace_view

# The deadline bands, in days: each consultation shows in the first band it fits.
BANDS = (7, 14, 30)
# Longest list shown in a dashboard panel; the viewsets' listings hold the rest.
LIST_LIMIT = 50
RECENT_CHANGES = 20


def consultation_url(pk):
    """The consultation's workspace page, or its edit form where that page is not built."""
    try:
        return reverse("policy:consultation", args=[pk])
    except NoReverseMatch:
        return reverse("policy_consultations:edit", args=[pk])


def history_url(model, pk):
    """The history list of one record, or None where the history view is not built."""
    try:
        return reverse("policy:history", args=[model._meta.model_name, pk])
    except NoReverseMatch:
        return None


def days_left_label(days):
    if days <= 0:
        return _("Closes today")
    return ngettext("%(days)d day left", "%(days)d days left", days) % {"days": days}


def deadline_bands():
    """Open consultations closing within the widest band, each in exactly one band.

    A consultation belongs to the first band whose day count covers its days left (calendar
    days, UK time), so the band heading and the "days left" figure beside it always agree.
    """
    consultations = list(Consultation.objects.closing_within(BANDS[-1]).select_related("owner"))
    bands = [{"days": days, "consultations": []} for days in BANDS]
    for consultation in consultations:
        consultation.url = consultation_url(consultation.pk)
        consultation.days_left_label = days_left_label(consultation.days_left)
        band = next((b for b in bands if consultation.days_left <= b["days"]), bands[-1])
        band["consultations"].append(consultation)
    return bands


def limited(queryset):
    """The first LIST_LIMIT rows, and whether there are more (one query, no count)."""
    rows = list(queryset[: LIST_LIMIT + 1])
    return rows[:LIST_LIMIT], len(rows) > LIST_LIMIT


def with_links(answers):
    for answer in answers:
        answer.consultation_url = consultation_url(answer.response.consultation_id)
    return answers


def answers_with_context():
    return Answer.objects.select_related("question", "owner", "response__consultation").order_by(
        "response__consultation__closes", "question__number"
    )


def record_as_it_was(row, relations):
    """The history row's record as it was then, named by its own ``__str__``.

    The related rows a name needs (an answer's question, a response's consultation) come
    from the history query's joins; a related row deleted since gives a plainer name.
    """
    record = row.instance
    for name in relations:
        related = getattr(row, name)
        if related is not None:
            setattr(record, name, related)
    try:
        return str(record)
    except ObjectDoesNotExist:
        return f"{record._meta.verbose_name} {record.pk}"


def recent_changes_by_others(user, limit=RECENT_CHANGES):
    """The latest `limit` history rows of every tracked model not written by `user`, newest
    first: one query a tracked model, then a merge by time."""
    latest = []
    for model in TRACKED_MODELS:
        history_model = model.history.model
        relations = [
            field.name
            for field in history_model._meta.concrete_fields
            if field.is_relation and field.name != "history_user"
        ]
        rows = (
            model.history.exclude(history_user=user)
            .select_related("history_user", *relations)
            .order_by("-history_date", "-history_id")[:limit]
        )
        latest.append([(row, model, relations) for row in rows])
    merged = heapq.merge(*latest, key=lambda item: item[0].history_date, reverse=True)
    changes = []
    for row, model, relations in list(merged)[:limit]:
        pk = getattr(row, model._meta.pk.attname)
        changes.append(
            {
                "who": row.history_user,
                "model": model._meta.verbose_name,
                "record": record_as_it_was(row, relations),
                "when": row.history_date,
                "kind": row.get_history_type_display(),
                "reason": row.history_change_reason,
                "url": history_url(model, pk),
            }
        )
    return changes


@workspace_view
def dashboard(request):
    user = request.user
    waiting, more_waiting = limited(answers_with_context().filter(status=Answer.Status.READY))
    my_answers, more_my_answers = limited(
        answers_with_context().filter(owner=user).exclude(status=Answer.Status.APPROVED)
    )
    my_consultations, more_my_consultations = limited(
        Consultation.objects.filter(owner=user).exclude(
            status__in=[Consultation.Status.CLOSED, Consultation.Status.PUBLISHED]
        )
    )
    for consultation in my_consultations:
        consultation.url = consultation_url(consultation.pk)
    return TemplateResponse(
        request,
        "policy/admin/dashboard.html",
        {
            "page_title": _("Policy workspace"),
            "header_icon": "clipboard-list",
            "bands": deadline_bands(),
            "waiting": with_links(waiting),
            "more_waiting": more_waiting,
            "my_consultations": my_consultations,
            "more_my_consultations": more_my_consultations,
            "my_answers": with_links(my_answers),
            "more_my_answers": more_my_answers,
            "changes": recent_changes_by_others(user),
            "list_limit": LIST_LIMIT,
            "recent_limit": RECENT_CHANGES,
        },
    )


urlpatterns = [path("", dashboard, name="dashboard")]
