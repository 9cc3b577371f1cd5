"""Two policy users edit the same answer in two browsers: the second save is refused, they
see the other person's change as a diff, and the text they typed is still in the editor.

The site runs in its own process on its own database (as in ``conftest.site_url``); the
users, the answer and their sessions are made there through ``manage.py shell``."""

import json
import os
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import running_site
from tests.conftest import run_manage

pytestmark = pytest.mark.browser

EDITOR = "[data-word-count-source] [contenteditable=true]"

SETUP = """
import json
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from policy import actions
from policy.models import Answer, Consultation, Question, Response

team = Group.objects.get(name="Policy team")
users = {}
for name in ["polly", "rita"]:
    user = get_user_model().objects.create_user(name, first_name=name.title())
    user.groups.add(team)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    users[name] = (user, session.session_key)
polly = users["polly"][0]
consultation = actions.save_record(Consultation(
    title="Sentencing of pregnant women and mothers",
    closes=timezone.now() + timedelta(days=10), status="drafting"), user=polly)
question = actions.save_record(
    Question(consultation=consultation, number=1, text="Should pregnancy mitigate?"), user=polly)
response = actions.save_record(Response(consultation=consultation), user=polly)
answer = actions.save_record(Answer(response=response, question=question), user=polly)
actions.save_answer(
    answer, body="<p>Pregnancy should be taken into account.</p>", word_limit=7, user=polly)
print(json.dumps({"answer": answer.pk,
                  "sessions": {name: key for name, (_, key) in users.items()}}))
"""

READ_ANSWER = """
import json
from policy.models import Answer
answer = Answer.objects.get()
print(json.dumps({"text": answer.text, "last_edited_by": answer.last_edited_by.username}))
"""


@pytest.fixture(scope="module")
def workspace_site(tmp_path_factory):
    """A running copy of the site with two policy users and an answer they share."""
    folder = tmp_path_factory.mktemp("policy-site")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
    }

    def manage(*args):
        result = run_manage(*args, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    manage("migrate", "--noinput", "-v0")
    made = json.loads(manage("shell", "-c", SETUP).strip().splitlines()[-1])
    with running_site(env) as url:
        made["url"] = url
        made["read_answer"] = lambda: json.loads(
            manage("shell", "-c", READ_ANSWER).strip().splitlines()[-1]
        )
        yield made


def open_as(browser, site, username):
    """A browser of its own, logged in as `username`, showing the shared answer."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": site["sessions"][username], "url": site["url"]}]
    )
    page = context.new_page()
    page.goto(f"{site['url']}/admin/policy/answer/{site['answer']}/")
    page.locator(EDITOR).wait_for()
    return context, page


def type_at_end(page, text):
    page.locator(EDITOR).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)
    # The editor copies its content into the form a moment after typing stops.
    expect(page.locator("input[name=body]")).to_have_value(re.compile(re.escape(text.strip())))


def test_second_browser_save_is_refused_with_a_diff_and_keeps_the_text(
    browser, workspace_site, output_dir
):
    first_context, first = open_as(browser, workspace_site, "polly")
    second_context, second = open_as(browser, workspace_site, "rita")
    try:
        count = first.locator("[data-word-count]")
        expect(count).to_have_text("6 words of 7")
        type_at_end(first, " by every court")
        expect(count).to_contain_text("9 words of 7")
        expect(count).to_contain_text("over the limit")
        first.get_by_role("button", name="Save the answer").click()
        expect(first.get_by_text("Warning: the saved answer has 9 words")).to_be_visible()

        type_at_end(second, " in every sentence")
        second.get_by_role("button", name="Save the answer").click()
        conflict = second.locator("[data-conflict]")
        expect(conflict).to_be_visible()
        expect(conflict).to_contain_text("Polly saved version")
        expect(conflict.locator("ins").first).to_contain_text("court")
        expect(second.locator(EDITOR)).to_contain_text("in every sentence")
        second.screenshot(path=str(output_dir / "policy-lost-update.png"), full_page=True)

        stored = workspace_site["read_answer"]()
        assert "by every court" in stored["text"]
        assert "sentence" not in stored["text"]

        # Rita brings Polly's words into her text and saves over the version she has seen.
        type_at_end(second, ", by every court")
        second.get_by_role("button", name="Save the answer").click()
        expect(second.get_by_text("Saved, but the answer has")).to_be_visible()
        expect(second.locator("[data-conflict]")).to_have_count(0)
        stored = workspace_site["read_answer"]()
        assert "in every sentence, by every court" in stored["text"]
        assert stored["last_edited_by"] == "rita"
    finally:
        first_context.close()
        second_context.close()
