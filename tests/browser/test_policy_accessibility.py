"""axe-core finds no WCAG 2.0, 2.1 or 2.2 A/AA violation on the policy workspace's own
pages, as a member of the policy team sees them with the demo content (a response drafted,
restored, merged, submitted and published).

The site runs in its own process on its own SQLite database, as the other browser tests do.
"""

import os

import pytest

from tests.browser.conftest import running_site
from tests.browser.test_accessibility import AXE, axe_violations
from tests.conftest import run_manage, service_missing
from tests.policy.conftest import PASSWORD

pytestmark = pytest.mark.browser

SETUP = f"""
from django.contrib.auth.models import Group, User
from policy.models import Answer, Consultation, EvidenceItem
user = User.objects.create_user("polly", "polly@example.org", {PASSWORD!r}, first_name="Polly")
user.groups.add(Group.objects.get(name="Policy team"))
consultation = Consultation.objects.get(title__startswith="Improving sentencing")
answer = Answer.objects.filter(response__consultation=consultation).order_by("pk").first()
evidence = EvidenceItem.objects.order_by("pk").first()
print("IDS", consultation.pk, answer.pk, evidence.pk, consultation.response.pk)
"""


@pytest.fixture(scope="module")
def workspace_site(tmp_path_factory):
    """(base URL, ids) of a running site with the demo content and a policy user."""
    folder = tmp_path_factory.mktemp("policy-a11y-site")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
    }
    for args in (("migrate", "--noinput", "-v0"), ("load_demo",)):
        done = run_manage(*args, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
    made = run_manage("shell", "-c", SETUP, env=env)
    assert made.returncode == 0, made.stdout + made.stderr
    consultation, answer, evidence, response = (
        int(value) for value in made.stdout.split("IDS", 1)[1].split()[:4]
    )
    with running_site(env) as url:
        ids = {
            "consultation": consultation,
            "answer": answer,
            "evidence": evidence,
            "response": response,
        }
        yield url, ids


@pytest.fixture(scope="module")
def signed_in(browser, workspace_site):
    """A browser page signed in as the policy user (axe is injected, so CSP is bypassed)."""
    if not AXE.exists():
        service_missing(f"axe-core ({AXE})", "Run `make install-test` (or `npm ci`).")
    site, _ = workspace_site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "polly")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site + "/admin/")
    yield page
    context.close()


PAGES = [
    "/admin/policy/",
    "/admin/policy/consultation/{consultation}/",
    "/admin/policy/answer/{answer}/",
    "/admin/policy/history/answer/{answer}/",
    "/admin/policy/history/answer/{answer}/diff/",
    "/admin/policy/deleted/",
    "/admin/policy/search/?q=sentencing",
    "/admin/policy/calendar/",
    "/admin/policy/consultations/",
    "/admin/policy/evidence/edit/{evidence}/",
]


@pytest.mark.parametrize("path", PAGES)
def test_workspace_page_has_no_wcag_violation(signed_in, workspace_site, path):
    site, ids = workspace_site
    answer = signed_in.goto(site + path.format(**ids))
    assert answer.status == 200, (path, answer.status)
    signed_in.wait_for_load_state("networkidle")
    violations = axe_violations(signed_in)
    assert not violations, f"axe-core found {len(violations)} violations:\n" + "\n".join(violations)
