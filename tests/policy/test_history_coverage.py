"""No change to a workspace record escapes its history: the code has no queryset writes or
raw SQL, and every admin action (create, edit, delete of every record viewset) leaves a
history row with the person who did it."""

import ast
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from policy import actions
from policy.models import (
    Coalition,
    CoalitionActivity,
    Consultation,
    Engagement,
    EvidenceItem,
    Organisation,
    Question,
    Response,
)
from policy.viewsets import VIEWSETS

POLICY = Path(settings.BASE_DIR) / "policy"

# Calls that write (or read) without saving model instances one by one, so simple-history
# never sees them.
FORBIDDEN_CALLS = {"bulk_create", "bulk_update", "raw", "cursor", "execute", "executemany", "extra"}
# Names in a call's receiver that show it is a queryset, not a dict.
QUERYSET_HINTS = {
    "objects",
    "_default_manager",
    "_base_manager",
    "history",
    "filter",
    "exclude",
    "all",
    "select_for_update",
    "select_related",
    "prefetch_related",
    "order_by",
}
# The migration that creates the Policy team group writes auth tables, not tracked models.
ALLOWED = {"migrations/0002_policy_team_group.py"}


def receiver_names(node):
    names = set()
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
            node = node.value
        else:
            node = node.func if isinstance(node, ast.Call) else node.value
    if isinstance(node, ast.Name):
        names.add(node.id)
    return names


def is_queryset_update(call):
    """`.update(...)` on a queryset: keyword arguments only (a dict's update takes a
    mapping), or a receiver built from a manager or a queryset method."""
    keywords_only = bool(call.keywords) and not call.args
    return keywords_only or bool(receiver_names(call.func.value) & QUERYSET_HINTS)


def violations(source, filename="<source>"):
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Name) and node.id == "RawSQL":
            found.append((node.lineno, "RawSQL"))
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        if name in FORBIDDEN_CALLS or (name == "update" and is_queryset_update(node)):
            found.append((node.lineno, f".{name}("))
    return found


def test_the_scan_finds_queryset_writes_and_raw_sql():
    source = "\n".join(
        [
            "Answer.objects.filter(pk=1).update(body='x')",
            "answers.update(status='approved')",
            "Citation.objects.bulk_create([])",
            "Answer.objects.bulk_update([], ['body'])",
            "connection.cursor().execute('DELETE FROM policy_answer')",
            "Answer.objects.raw('SELECT 1')",
            "Answer.objects.annotate(x=RawSQL('1', []))",
        ]
    )
    lines = {line for line, _call in violations(source)}
    assert lines == {1, 2, 3, 4, 5, 6, 7}


def test_the_scan_leaves_dict_updates_alone():
    assert violations("context.update({'a': 1})\nattrs.update(other)") == []


def test_no_policy_code_writes_around_the_history():
    found = []
    for path in sorted(POLICY.rglob("*.py")):
        relative = path.relative_to(POLICY).as_posix()
        if relative in ALLOWED:
            continue
        for line, call in violations(path.read_text(), str(path)):
            found.append(f"policy/{relative}:{line}: {call}")
    assert not found, "Writes that bypass the history (use save_record / delete_record):\n" + (
        "\n".join(found)
    )


def rich_text(text):
    """What Wagtail's rich text editor posts: Draftail content state."""
    block = {
        "key": "a1b2c",
        "text": text,
        "type": "unstyled",
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": [],
    }
    return json.dumps({"blocks": [block], "entityMap": {}})


@pytest.fixture
def sample(policy_user, consultation, ministry):
    """Form data to create a record of each model through its admin, and a change to
    make in its edit form."""
    free_consultation = actions.save_record(
        Consultation(title="Prisons strategy", closes=timezone.now() + timedelta(days=9)),
        user=policy_user,
    )
    coalition = actions.save_record(Coalition(name="Justice coalition"), user=policy_user)
    closes = (timezone.localtime() + timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    return {
        Organisation: (
            {"name": "Women in Prison", "kind": "charity", "website": ""},
            {"website": "https://example.org/"},
        ),
        Consultation: (
            {"title": "Female offender strategy", "closes": closes, "organisation": ministry.pk},
            {"summary": "What the strategy should say."},
        ),
        Question: (
            {"consultation": consultation.pk, "number": 7, "text": "Anything else?"},
            {"text": "Is there anything else?"},
        ),
        Response: (
            {
                "consultation": free_consultation.pk,
                "lead_author": policy_user.pk,
                "reviewers": [policy_user.pk],
                "summary": rich_text("Our view."),
            },
            {"summary": rich_text("Our considered view.")},
        ),
        Coalition: (
            {"name": "Women's justice coalition", "members": [ministry.pk]},
            {"description": "Working together."},
        ),
        CoalitionActivity: (
            {
                "coalition": coalition.pk,
                "kind": "letter",
                "title": "Letter to the minister",
                "consultations": [consultation.pk],
                "co_signatories": [ministry.pk],
            },
            {"title": "Joint letter to the minister"},
        ),
        Engagement: (
            {"kind": "minister", "title": "Meeting the minister", "date": "2024-10-01"},
            {"outcome": "Agreed to look again."},
        ),
        EvidenceItem: (
            {"title": "Mothers in prison", "kind": "statistic", "anonymised": "on"},
            {"source": "Ministry of Justice"},
        ),
    }


def form_errors(page):
    context = getattr(page, "context", None) or {}
    form = context.get("form")
    return form.errors if form is not None else page.content[:500]


def rows_since(model, pk, history_id):
    """The history rows of record `pk` written after row `history_id`, oldest first."""
    rows = model.history.filter(id=pk, history_id__gt=history_id)
    return list(rows.order_by("history_date", "history_id"))


@pytest.mark.parametrize("viewset", VIEWSETS, ids=lambda viewset: viewset.__name__)
def test_every_admin_action_leaves_a_history_row_with_its_user(
    viewset, client, policy_user, sample
):
    model = viewset.model
    assert model in sample, f"Add form data for {model.__name__} to this test's sample."
    create, change = sample[model]
    client.force_login(policy_user)
    base = f"/admin/{viewset.url_prefix}/"
    before = set(model._default_manager.values_list("pk", flat=True))

    page = client.post(base + "new/", {**create, "edited_version": "", "change_reason": "new"})
    assert page.status_code == 302, form_errors(page)
    (pk,) = set(model._default_manager.values_list("pk", flat=True)) - before
    rows = rows_since(model, pk, 0)
    # Many-to-many values are saved after the record, each change with a row of its own.
    assert rows[0].history_type == "+"
    assert {(row.history_user, row.history_change_reason) for row in rows} == {(policy_user, "new")}

    record = model._default_manager.get(pk=pk)
    edited = {**create, **change, "edited_version": record.version, "change_reason": "edit"}
    seen = rows[-1].history_id
    page = client.post(base + f"edit/{pk}/", edited)
    assert page.status_code == 302, form_errors(page)
    rows = rows_since(model, pk, seen)
    assert {(row.history_type, row.history_user, row.history_change_reason) for row in rows} == {
        ("~", policy_user, "edit")
    }
    field = next(iter(change))
    assert getattr(rows[0], field) != getattr(model.history.get(history_id=seen), field)

    seen = rows[-1].history_id
    page = client.post(base + f"delete/{pk}/")
    assert page.status_code == 302, form_errors(page)
    assert not model._default_manager.filter(pk=pk).exists()
    rows = rows_since(model, pk, seen)
    assert [(row.history_type, row.history_user) for row in rows] == [("-", policy_user)]
