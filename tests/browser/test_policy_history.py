"""A policy user edits an answer in the browser, opens its history, sees the change to the
previous version as a diff, and restores the previous version.

The site runs in its own process on its own SQLite database (migrated, with one policy user
and one drafted answer), as the other browser tests do, so nothing here shares the test
database."""

import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import running_site
from tests.conftest import run_manage
from tests.policy.conftest import PASSWORD

pytestmark = pytest.mark.browser

FIRST_DRAFT = "Courts should consider pregnancy before any custodial sentence."
ADDED = " Maternity matters too."
EDITOR = "[data-word-count-source] [contenteditable=true]"

SETUP = f"""
from datetime import timedelta
from django.contrib.auth.models import Group, User
from django.utils import timezone
from policy import actions
from policy.models import Answer, Consultation, Question, Response

user = User.objects.create_user("polly", "polly@example.org", {PASSWORD!r}, first_name="Polly")
user.groups.add(Group.objects.get(name="Policy team"))
consultation = actions.save_record(
    Consultation(title="Sentencing of mothers", closes=timezone.now() + timedelta(days=10)),
    user=user,
)
question = actions.save_record(
    Question(consultation=consultation, number=1, text="Should pregnancy mitigate?"), user=user
)
response = actions.save_record(Response(consultation=consultation), user=user)
answer = actions.save_record(
    Answer(response=response, question=question, body="<p>{FIRST_DRAFT}</p>"),
    user=user,
    reason="First draft",
)
print("ANSWER", answer.pk)
"""


@pytest.fixture(scope="module")
def history_site(tmp_path_factory):
    """(base URL, answer id) of a running site with one policy user and one answer."""
    folder = tmp_path_factory.mktemp("history-site")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
    }
    migrated = run_manage("migrate", "--noinput", "-v0", env=env)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    made = run_manage("shell", "-c", SETUP, env=env)
    assert made.returncode == 0, made.stdout + made.stderr
    answer_pk = int(made.stdout.split("ANSWER", 1)[1].split()[0])
    with running_site(env) as url:
        yield url, answer_pk


def log_in(page, site):
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "polly")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site + "/admin/")


def test_policy_user_sees_the_diff_to_the_previous_version_and_restores_it(
    history_site, page, output_dir
):
    site, answer_pk = history_site
    log_in(page, site)

    # Polly adds a sentence on the answer page and saves it with a reason.
    page.goto(site + reverse("policy:answer_edit", args=[answer_pk]))
    page.locator(EDITOR).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(ADDED)
    # The editor copies its content into the form a moment after typing stops.
    expect(page.locator("input[name=body]")).to_have_value(re.compile("Maternity matters"))
    page.get_by_label("Reason for this change").fill("Stronger wording")
    page.get_by_role("button", name="Save the answer").click()
    expect(page.get_by_text("Saved")).to_be_visible()

    # The history lists both versions, newest first, with who and why.
    page.goto(site + reverse("policy:history", args=["answer", answer_pk]))
    rows = page.locator(".policy-history table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Stronger wording")
    expect(rows.nth(0)).to_contain_text("Polly")

    # The change to the previous version, word by word. (expect() waits for each page.)
    page.get_by_role("link", name="Changes in version 2").click()
    expect(page.locator("ins", has_text="Maternity")).to_have_count(1)
    expect(page.locator("del", has_text="custodial")).to_have_count(0)
    page.screenshot(path=str(output_dir / "policy-history-diff.png"), full_page=True)

    # Restore version 1: it comes back as version 3, and the history keeps all three.
    page.get_by_role("link", name="Restore version 1").click()
    page.get_by_label("Reason (optional)").fill("Back to the first draft")
    page.get_by_role("button", name="Restore version 1").click()
    expect(page.get_by_text("Version 1 was restored as a new version.")).to_be_visible()
    rows = page.locator(".policy-history table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Restored version 1: Back to the first draft")

    # The text is back: the restore's own change takes the added sentence out again.
    page.get_by_role("link", name="Changes in version 3").click()
    expect(page.locator("del", has_text="Maternity")).to_have_count(1)
    page.goto(site + reverse("policy:answer_edit", args=[answer_pk]))
    expect(page.locator(EDITOR)).to_contain_text(FIRST_DRAFT)
    assert "Maternity matters" not in page.locator(EDITOR).inner_text()
