"""axe-core finds no WCAG 2.0, 2.1 or 2.2 A/AA violation on any kind of public page.

axe-core comes from npm (package-lock.json, `make install-test`) and is injected into each
page by Playwright. Pages are checked as Chromium renders them, with the site's CSS, so
colour contrast and layout rules apply too.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.cms.test_nu_html_checker import every_block_body
from tests.conftest import service_missing
from tests.factories import DocumentFactory, ImageFactory, StandardPageFactory

pytestmark = pytest.mark.browser

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# axe-core's tags for WCAG 2.0, 2.1 and 2.2 level A and AA (2.2 added no new A rule tag).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def page(browser):
    """A page that lets Playwright inject axe-core: the site's Content-Security-Policy allows
    only its own script files, and an injected script is inline."""
    if not AXE.exists():
        service_missing(f"axe-core ({AXE})", "Run `make install-test` (or `npm ci`).")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def django_db_beside_playwright():
    """Let a browser test use the test database. Playwright's sync API keeps an asyncio loop
    running in this thread, which Django's async-safety check takes for async code; the
    database calls here are plain synchronous ones. Left set for the rest of the session, as
    the test database is torn down at its end."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def serve(html):
    """A Playwright route handler that answers with this HTML."""
    return lambda route: route.fulfill(body=html, content_type="text/html")


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}) {violation['help']}\n"
        f"    {violation['helpUrl']}\n"
        + "\n".join(f"    at {' '.join(node['target'])}" for node in violation["nodes"])
        for violation in results["violations"]
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"axe-core found {len(violations)} violations:\n" + "\n".join(violations)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/about-us/",
        "/training/",
        "/cy/",
        "/search/",
        "/search/?q=training",
        "/search/?q=qqqzzzxxx",
        "/search/?q=training&year=abc",
    ],
    ids=[
        "home",
        "standard-page",
        "section-page",
        "welsh-home",
        "search",
        "results",
        "no-results",
        "bad-request",
    ],
)
def test_public_page_has_no_wcag_violations(site_url, page, path):
    page.goto(site_url + path)
    assert_accessible(page)


def test_search_suggestions_open_have_no_wcag_violations(site_url, page):
    page.goto(site_url + "/")
    page.get_by_role("combobox", name="Search this site").fill("hope")
    page.get_by_role("option", name="Hope Street").wait_for()
    page.get_by_role("combobox", name="Search this site").press("ArrowDown")
    assert_accessible(page)


def test_login_page_and_its_error_have_no_wcag_violations(site_url, page):
    page.goto(site_url + "/_util/login/")
    assert_accessible(page)
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(page)


@pytest.mark.django_db
def test_error_and_password_pages_have_no_wcag_violations(
    django_db_beside_playwright, site_url, page, client, home
):
    """Pages the demo site cannot show (the 404 and 500 pages run with DEBUG on there; it has
    no password-protected content, nor every block) are rendered here and served at the
    site's address, so they load the site's own CSS and scripts."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # Every block but the embed, which would load a video from another site.
    blocks = StandardPageFactory(parent=home, title="Every block", slug="every-block")
    body = every_block_body(home, ImageFactory(), DocumentFactory())
    blocks.body = [block for block in body if block["type"] != "embed"]
    blocks.save_revision().publish()
    private = StandardPageFactory(parent=home, title="Trustees' papers", slug="trustees")
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="letmein-please"
    )
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="letmein-please"
    )
    wrong_password = reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.pk, private.pk]
    )
    responses = {
        "/every-block/": client.get(blocks.url),
        "/no-such-page/": client.get("/no-such-page/"),
        "/trustees/": client.get(private.url),
        "/trustees/wrong-password/": client.post(
            wrong_password, {"password": "wrong", "return_url": private.url}
        ),
        "/documents/private/": client.get(DocumentFactory(collection=collection).url),
        "/server-error/": server_error(RequestFactory().get("/")),
    }
    rendered = {path: response.content.decode() for path, response in responses.items()}
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    for name in ["login_locked", "password_locked"]:
        rendered[f"/{name}/"] = render_to_string(f"cms/{name}.html", request=request)

    failures = []
    for path, html in rendered.items():
        page.route(site_url + path, serve(html))
        page.goto(site_url + path)
        assert page.locator("h1").count() == 1, path
        failures += axe_violations(page)
    assert not failures, f"axe-core found {len(failures)} violations:\n" + "\n".join(failures)
