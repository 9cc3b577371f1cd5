"""Workspace search: one box over consultations, questions, answers and evidence, for the
policy team only.

It asks the site's configured search backend (the database index, or Elasticsearch /
OpenSearch when configured) directly, model by model. It never goes through the public
search sources: those are what the public may find, and these records are not.
"""

import logging
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from wagtail.search.backends import get_search_backend

from cms.engine_errors import ENGINE_ERRORS
from policy.models import Answer, Consultation, EvidenceItem, Question
from policy.views.access import workspace_view

logger = logging.getLogger("policy.search")

MAX_QUERY_LENGTH = 200
MAX_WORDS = 32
RESULTS_PER_KIND = 25


class BadQuery(ValueError):
    """A query we answer with 400 and this message; the text stays in the box."""


class SearchUnavailable(Exception):
    """Neither the engine nor the database index could answer."""


def search_words(raw: str) -> list[str]:
    """The words of `raw` in any script, without the punctuation and operators that search
    syntaxes read ("AND OR (" is three words here, not a broken expression)."""
    if len(raw) > MAX_QUERY_LENGTH:
        raise BadQuery(
            _("Search for at most %(limit)d characters: your search has %(length)d.")
            % {"limit": MAX_QUERY_LENGTH, "length": len(raw)}
        )
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    words = re.findall(r"\w+", text)
    if len(words) > MAX_WORDS:
        raise BadQuery(_("Search for at most %(limit)d words.") % {"limit": MAX_WORDS})
    return words


def _first_url(names, pk):
    for name in names:
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            continue
    return ""


def consultation_url(pk):
    return _first_url(["policy:consultation", "policy_consultations:edit", "consultation:edit"], pk)


@dataclass
class Hit:
    title: str
    context: str
    url: str


@dataclass
class Kind:
    key: str
    label: str
    hits: list


def _consultations(found):
    return [Hit(c.title, c.get_status_display(), consultation_url(c.pk)) for c in found]


def _questions(found):
    return [
        Hit(
            str(question),
            question.consultation.title,
            consultation_url(question.consultation_id)
            or _first_url(["policy_questions:edit", "question:edit"], question.pk),
        )
        for question in found
    ]


def _answers(found):
    return [
        Hit(
            str(answer),
            answer.response.consultation.title,
            _first_url(["policy:answer", "policy:answer_edit"], answer.pk)
            or consultation_url(answer.response.consultation_id),
        )
        for answer in found
    ]


def _evidence(found):
    return [
        Hit(
            item.title,
            item.get_kind_display(),
            _first_url(["policy_evidence:edit", "evidenceitem:edit"], item.pk),
        )
        for item in found
    ]


# What the workspace search covers: (key, label, queryset, hits from found records).
KINDS = [
    (
        "consultations",
        gettext_lazy("Consultations"),
        lambda: Consultation.objects.all(),
        _consultations,
    ),
    (
        "questions",
        gettext_lazy("Questions"),
        lambda: Question.objects.select_related("consultation"),
        _questions,
    ),
    (
        "answers",
        gettext_lazy("Answers"),
        lambda: Answer.objects.select_related("question", "response__consultation"),
        _answers,
    ),
    ("evidence", gettext_lazy("Evidence"), lambda: EvidenceItem.objects.all(), _evidence),
]


def _search_all(backend, query):
    kinds = []
    for key, label, queryset, hits in KINDS:
        found = list(backend.search(query, queryset(), operator="and")[:RESULTS_PER_KIND])
        kinds.append(Kind(key, str(label), hits(found)))
    return kinds


def workspace_search(query):
    """(results grouped by kind, whether the database index answered for a failed engine).

    On an engine failure the database index answers, as the public search does; if that
    fails too (or there is none), :class:`SearchUnavailable`.
    """
    try:
        return _search_all(get_search_backend(), query), False
    except ENGINE_ERRORS as error:
        logger.warning("Workspace search: the search engine failed: %s", error)
        if "database" not in settings.WAGTAILSEARCH_BACKENDS:
            raise SearchUnavailable from error
    try:
        return _search_all(get_search_backend("database"), query), True
    except ENGINE_ERRORS as error:
        raise SearchUnavailable from error


@workspace_view
@require_GET
def search(request):
    raw = request.GET.get("q", "")
    context = {"page_title": _("Search the workspace"), "query": raw, "kinds": []}
    status = 200
    try:
        words = search_words(raw)
        if words:
            context["kinds"], context["degraded"] = workspace_search(" ".join(words))
            context["total"] = sum(len(kind.hits) for kind in context["kinds"])
            context["searched"] = True
        elif raw.strip():
            context["error"] = _("Type a word to search for: punctuation alone finds nothing.")
            status = 400
    except BadQuery as error:
        context["error"] = str(error)
        status = 400
    except SearchUnavailable:
        context["error"] = _("Search is unavailable at the moment. Please try again later.")
        status = 503
    return TemplateResponse(request, "policy/admin/search.html", context, status=status)


urlpatterns = [path("search/", search, name="search")]
