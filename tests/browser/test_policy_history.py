"""A policy user opens the history of an answer edited by the team, sees the change to the
previous version as a diff, and restores the previous version.

The site runs in its own process on its own SQLite database (migrated, with one policy user
and one drafted answer), as the other browser tests do, so nothing here shares the test
database."""

import os
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.urls import reverse

from tests.browser.conftest import free_port
from tests.conftest import run_manage
from tests.policy.conftest import PASSWORD

pytestmark = pytest.mark.browser

FIRST_DRAFT = "Courts should consider pregnancy before any custodial sentence."
SECOND_DRAFT = "Courts must consider pregnancy and maternity before any custodial sentence."

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
answer.body = "<p>{SECOND_DRAFT}</p>"
actions.save_record(answer, user=user, reason="Stronger wording")
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
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            pytest.fail("The site did not start within 60 seconds.")
        yield f"http://127.0.0.1:{port}", answer_pk
    finally:
        server.terminate()
        server.wait(timeout=10)


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

    # The history lists both versions, newest first, with who and why.
    page.goto(site + reverse("policy:history", args=["answer", answer_pk]))
    rows = page.locator(".policy-history table tbody tr")
    assert rows.count() == 2
    assert "Stronger wording" in rows.nth(0).inner_text()
    assert "Polly" in rows.nth(0).inner_text()

    # The change to the previous version, word by word.
    page.get_by_role("link", name="Changes in version 2").click()
    page.wait_for_url("**/diff/**")
    assert page.locator("del", has_text="should").count() == 1
    assert page.locator("ins", has_text="must").count() == 1
    assert page.locator("ins", has_text="maternity").count() == 1
    page.screenshot(path=str(output_dir / "policy-history-diff.png"), full_page=True)

    # Restore version 1: it comes back as version 3, and the history keeps all three.
    page.get_by_role("link", name="Restore version 1").click()
    page.get_by_label("Reason (optional)").fill("Back to the first draft")
    page.get_by_role("button", name="Restore version 1").click()
    page.wait_for_url("**/history/answer/**")
    assert "Version 1 was restored as a new version." in page.content()
    rows = page.locator(".policy-history table tbody tr")
    assert rows.count() == 3
    assert "Restored version 1: Back to the first draft" in rows.nth(0).inner_text()

    # The text is back: the restore's own change puts "should" back in place of "must".
    page.get_by_role("link", name="Changes in version 3").click()
    assert page.locator("ins", has_text="should").count() == 1
    assert page.locator("del", has_text="must").count() == 1
    page.goto(site + reverse("policy:answer_edit", args=[answer_pk]))
    assert FIRST_DRAFT in page.content()
