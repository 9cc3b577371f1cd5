"""Who may reach the workspace: every URL under /admin/policy/, found from the URL
configuration (so a view added later is covered without editing this test), for
anonymous visitors, an editor outside the policy team, and a member of the team."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver

from policy import actions
from policy.models import Citation, EvidenceItem, ReviewComment

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def workspace_routes():
    """(route, namespace) of every admin URL pattern of the workspace."""
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and route.startswith("admin/policy"):
                found.append((route, namespace))

    walk(get_resolver().url_patterns, "", None)
    return found


ROUTES = workspace_routes()


@pytest.fixture
def records(response, answer, policy_user):
    evidence = actions.save_record(
        EvidenceItem(title="Briefing", kind=EvidenceItem.Kind.BRIEFING), user=policy_user
    )
    actions.save_record(Citation(answer=answer, evidence=evidence), user=policy_user)
    actions.save_record(
        ReviewComment(answer=answer, author=policy_user, body="Why?"), user=policy_user
    )
    answer.body = "<p>A second version</p>"
    actions.save_record(answer, user=policy_user)
    by_name = {
        "consultation": response.consultation,
        "question": answer.question,
        "response": response,
        "answer": answer,
        "evidence": evidence,
        "evidenceitem": evidence,
        "organisation": response.consultation.organisation,
    }
    return by_name


def url_for(route, namespace, records):
    """Fill the route's parameters with real records, guessing the model from the route."""
    model_name = next(
        (name for name in records if name in route or (namespace and name in namespace)),
        "answer",
    )
    record = records[model_name]
    history = record.history.order_by("history_id")

    def value(match):
        name = match["name"]
        if name in ("model_name", "model"):
            return "answer"
        if name in ("history_id", "from_id", "to_id", "version_id"):
            return str(records["answer"].history.first().history_id)
        if "token" in name:
            return "not-a-token"
        if name in ("pk", "object_id", "id") and "model_name" in route:
            return str(records["answer"].pk)
        return str(record.pk if history.exists() else 1)

    path = PARAMETER.sub(value, route)
    return "/" + path.replace("^", "").replace("$", "")


def test_the_workspace_has_urls_to_check():
    assert len(ROUTES) >= 20, ROUTES


@pytest.mark.parametrize(("route", "namespace"), ROUTES, ids=[r for r, _ in ROUTES])
def test_anonymous_visitors_are_sent_to_log_in(client, records, route, namespace):
    url = url_for(route, namespace, records)
    for method in (client.get, client.post):
        answer = method(url)
        assert answer.status_code == 302, (url, answer.status_code)
        assert answer["Location"].startswith("/admin/login/"), (url, answer["Location"])


@pytest.mark.parametrize(("route", "namespace"), ROUTES, ids=[r for r, _ in ROUTES])
def test_an_editor_outside_the_team_is_refused(client, records, editor, route, namespace):
    client.force_login(editor)
    url = url_for(route, namespace, records)
    versions_before = sum(model.history.count() for model in _tracked())
    for method in (client.get, client.post):
        answer = method(url)
        assert answer.status_code == 403, (url, method.__name__, answer.status_code)
        assert b"Sentencing" not in answer.content
    assert sum(model.history.count() for model in _tracked()) == versions_before


@pytest.mark.parametrize(("route", "namespace"), ROUTES, ids=[r for r, _ in ROUTES])
def test_the_policy_team_reaches_every_page(client, records, policy_user, route, namespace):
    client.force_login(policy_user)
    url = url_for(route, namespace, records)
    answer = client.get(url)
    assert answer.status_code not in (401, 403), (url, answer.status_code)
    assert answer.status_code < 500, (url, answer.status_code)


def test_an_editor_sees_no_policy_menu(client, editor, records):
    client.force_login(editor)
    page = client.get("/admin/")
    assert page.status_code == 200
    assert b"/admin/policy/" not in page.content


def test_the_policy_team_sees_the_policy_menu(client, policy_user):
    client.force_login(policy_user)
    page = client.get("/admin/")
    assert b"/admin/policy/" in page.content


def test_the_policy_team_group_has_only_what_the_workspace_needs(db):
    group = Group.objects.get(name="Policy team")
    apps = {p.content_type.app_label for p in group.permissions.select_related("content_type")}
    assert apps == {"policy", "wagtailadmin"}
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert "access_workspace" in codenames
    assert not any(code.startswith(("add_historical", "change_historical")) for code in codenames)


def _tracked():
    from policy.models import TRACKED_MODELS

    return TRACKED_MODELS
