"""Workspace search: the policy team finds consultations, questions, answers and evidence
through the configured search backend; nobody else can, and none of it reaches the public
search, its suggestions or the sitemap, on any backend."""

import pytest
from django.urls import reverse

from cms.search import public_search_sources
from policy import actions
from policy.models import Answer, Consultation, EvidenceItem
from policy.views.search import consultation_url
from tests.search.conftest import (  # noqa: F401 - fixtures shared with the search tests
    _close_engine_breaker,
    _database_index_as_the_site_configures_it,
    _lift_write_pause,
    search_setup,
)

SEARCH = "policy:search"


def hits(response, kind):
    """Titles found of `kind` ("consultations", "questions", "answers", "evidence")."""
    (group,) = [group for group in response.context["kinds"] if group.key == kind]
    return [hit.title for hit in group.hits]


@pytest.fixture
def drafted(response, answer, policy_user):
    answer.body = "<p>Custody separates mothers from their babies: <b>quokkaberry</b>.</p>"
    actions.save_record(answer, user=policy_user)
    return answer


@pytest.fixture
def evidence(policy_user):
    return actions.save_record(
        EvidenceItem(
            title="Mothers in prison",
            kind=EvidenceItem.Kind.STATISTIC,
            text="An estimated 17,000 children a year see their mother imprisoned.",
            source="Prison Reform Trust",
        ),
        user=policy_user,
    )


def test_finds_a_consultation_by_a_word_of_its_summary(client, policy_user, consultation):
    client.force_login(policy_user)
    response = client.get(reverse(SEARCH), {"q": "motherhood"})
    assert response.status_code == 200
    assert hits(response, "consultations") == [consultation.title]


def test_finds_an_answer_by_a_word_of_its_body(client, policy_user, drafted):
    client.force_login(policy_user)
    response = client.get(reverse(SEARCH), {"q": "quokkaberry"})
    assert hits(response, "answers") == [str(drafted)]
    assert hits(response, "consultations") == []
    assert drafted.response.consultation.title in response.content.decode()


def test_finds_evidence_and_questions(client, policy_user, consultation, evidence):
    client.force_login(policy_user)
    found = client.get(reverse(SEARCH), {"q": "imprisoned"})
    assert hits(found, "evidence") == ["Mothers in prison"]
    questions = client.get(reverse(SEARCH), {"q": "dependent children"})
    assert [title[:2] for title in hits(questions, "questions")] == ["2."]


def test_results_link_to_each_record(client, policy_user, consultation, evidence):
    client.force_login(policy_user)
    page = client.get(reverse(SEARCH), {"q": "mothers"}).content.decode()
    assert f'href="{reverse("policy_evidence:edit", args=[evidence.pk])}"' in page
    assert f'href="{consultation_url(consultation.pk)}"' in page


def test_all_words_must_match(client, policy_user, consultation, drafted):
    client.force_login(policy_user)
    response = client.get(reverse(SEARCH), {"q": "quokkaberry motherhood"})
    assert response.context["total"] == 0


def test_empty_query_shows_the_box_without_results_or_error(client, policy_user):
    client.force_login(policy_user)
    response = client.get(reverse(SEARCH), {"q": "   "})
    assert response.status_code == 200
    assert "error" not in response.context and not response.context["kinds"]
    assert 'name="q"' in response.content.decode()


def test_a_1000_character_query_is_refused_clearly_and_kept(client, policy_user):
    client.force_login(policy_user)
    query = "sentencing " * 91
    response = client.get(reverse(SEARCH), {"q": query[:1000]})
    assert response.status_code == 400
    assert "at most 200 characters" in response.context["error"]
    assert query[:1000].strip() in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "AND OR (",
        'mothers" OR "',
        "NOT -mothers*",
        "mo*",
        "title:mothers",
        "\u202eevil\u202c",
        "👩‍👧 mothers",
        "ｍｏｔｈｅｒｓ",
        "mothers\x00",
        "Ǆ ǅ ß İ ﬁ",
        "))))((((",
        "'; DROP TABLE policy_consultation; --",
    ],
)
def test_odd_queries_get_an_answer_not_a_500(client, policy_user, consultation, query):
    client.force_login(policy_user)
    response = client.get(reverse(SEARCH), {"q": query})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.context["error"]


def test_punctuation_alone_is_a_clear_message(client, policy_user):
    client.force_login(policy_user)
    response = client.get(reverse(SEARCH), {"q": "(((  )))"})
    assert response.status_code == 400
    assert "Type a word" in response.context["error"]


def test_full_width_letters_find_the_ascii_word(client, policy_user, consultation):
    client.force_login(policy_user)
    response = client.get(reverse(SEARCH), {"q": "ｍｏｔｈｅｒｈｏｏｄ"})
    assert hits(response, "consultations") == [consultation.title]


def test_an_engine_that_is_down_says_search_is_unavailable(
    client, policy_user, consultation, settings
):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch7",
            "URLS": ["http://127.0.0.1:9"],
            "INDEX_PREFIX": "down_",
            "TIMEOUT": 1,
            "OPTIONS": {"max_retries": 0},
        }
    }
    client.force_login(policy_user)
    response = client.get(reverse(SEARCH), {"q": "motherhood"})
    assert response.status_code == 503
    assert "unavailable" in response.context["error"]
    assert "motherhood" in response.content.decode()  # what was typed stays in the box


def test_an_engine_that_is_down_falls_back_to_the_database_index(
    client, policy_user, consultation, settings
):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch7",
            "URLS": ["http://127.0.0.1:9"],
            "INDEX_PREFIX": "down_",
            "TIMEOUT": 1,
            "OPTIONS": {"max_retries": 0},
        },
        "database": settings.DATABASE_SEARCH,
    }
    client.force_login(policy_user)
    response = client.get(reverse(SEARCH), {"q": "motherhood"})
    assert response.status_code == 200
    assert response.context["degraded"]
    assert hits(response, "consultations") == [consultation.title]


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse(SEARCH), {"q": "mothers"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_editor_is_refused(client, editor, consultation):
    client.force_login(editor)
    response = client.get(reverse(SEARCH), {"q": "motherhood"})
    assert response.status_code == 403
    assert consultation.title not in response.content.decode()


# --- Nothing of the workspace reaches the public site --------------------------------

SECRET = "zorblewhistle"
# Text only the workspace records hold (a search page repeats the query itself).
PHRASES = [
    f"the {SECRET} consultation",
    f"a summary mentioning {SECRET}",
    f"our answer about {SECRET}",
    f"{SECRET} briefing",
]


@pytest.fixture
def secret_records(policy_user, ministry, response, answer):
    consultation = response.consultation
    consultation.title = f"The {SECRET} consultation"
    consultation.summary = f"A summary mentioning {SECRET}."
    actions.save_record(consultation, user=policy_user)
    answer.body = f"<p>Our answer about {SECRET}.</p>"
    actions.save_record(answer, user=policy_user)
    actions.save_record(
        EvidenceItem(title=f"{SECRET} briefing", kind=EvidenceItem.Kind.BRIEFING, text=SECRET),
        user=policy_user,
    )
    return consultation


def test_workspace_text_never_reaches_public_search_suggestions_or_sitemap(
    client,
    policy_user,
    secret_records,
    home,
    search_setup,  # noqa: F811 - the imported fixture
):
    home.save_revision().publish()  # indexed, for the control search below
    search_setup.refresh()
    client.force_login(policy_user)
    # The workspace search, on the same backend, finds all three.
    found = client.get(reverse(SEARCH), {"q": SECRET})
    assert found.status_code == 200
    assert hits(found, "consultations") and hits(found, "answers") and hits(found, "evidence")
    # The public search on the same backend works (it finds the home page)...
    control = client.get("/search/", {"q": home.title})
    assert [page.pk for page in control.context["outcome"].results] == [home.pk]
    # ...and finds nothing of the workspace, even for a signed-in member of the team.
    for visitor in ("team", "anonymous"):
        if visitor == "anonymous":
            client.logout()
        for query in (SECRET, SECRET[:5], "consultation", "briefing"):
            page = client.get("/search/", {"q": query})
            assert page.status_code == 200
            found = [str(obj) for obj in page.context.get("results", [])]
            assert not any(SECRET in title.lower() for title in found), (query, visitor)
            text = page.content.decode().lower()
            assert not any(phrase in text for phrase in PHRASES), (query, visitor)
        for query in (SECRET[:4], SECRET, "the zorb"):
            suggestions = client.get("/search/suggest/", {"q": query}).json()["suggestions"]
            assert not any(SECRET in item["title"].lower() for item in suggestions), query
        sitemap = client.get("/sitemap.xml")
        assert sitemap.status_code == 200
        assert SECRET not in sitemap.content.decode().lower()
        assert "/policy/" not in sitemap.content.decode()


def test_the_workspace_models_are_no_public_search_source():
    workspace = {Answer, Consultation, EvidenceItem}
    assert not workspace & {source.model for source in public_search_sources()}
