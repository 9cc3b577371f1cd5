"""Every public template renders HTML that the Nu HTML Checker (vnu.jar) accepts.

One page of each template (and every live demo page) is written to a folder and checked in
a single `java -jar vnu.jar` run: starting the JVM costs seconds, checking a page does not.
vnu.jar comes from npm's `vnu-jar` (package-lock.json), installed by `make install-test`.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.signals import template_rendered
from django.urls import reverse
from django.views.defaults import server_error
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from cms.blocks import BodyBlock
from tests.conftest import service_missing
from tests.factories import DocumentFactory, ImageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
EMBED_URL = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
# What YouTube's oEmbed endpoint answers, frameborder and all: the block must cope with it.
EMBED_HTML = (
    '<iframe width="200" height="113" src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ'
    '?feature=oembed" frameborder="0" allow="accelerometer; autoplay; clipboard-write; '
    'encrypted-media; gyroscope; picture-in-picture; web-share" '
    'referrerpolicy="strict-origin-when-cross-origin" allowfullscreen '
    'title="Big Buck Bunny 60fps 4K - Official Blender Foundation Short Film"></iframe>'
)
# A page the checker must reject: proves the run checked the files and that errors are read.
CANARY = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Canary</title></head>'
    '<body><form action=""><button>Go</button></form></body></html>'
)


@pytest.fixture
def vnu():
    java = shutil.which("java")
    if not java:
        service_missing(
            "Java (for the Nu HTML Checker)",
            "Install a JRE, e.g. `apt-get install default-jre-headless`.",
        )
    if not VNU_JAR.exists():
        service_missing(
            f"The Nu HTML Checker ({VNU_JAR})", "Run `make install-test` (or `npm ci`)."
        )
    return [java, "-jar", str(VNU_JAR)]


def every_block_body(home, image, document):
    """One of each block in BodyBlock, as raw StreamField data (with rich text that uses
    every enabled feature)."""
    samples = {
        "heading": [
            {"text": "A second-level heading", "level": "h2"},
            {"text": "A third", "level": "h3"},
            {"text": "A fourth", "level": "h4"},
        ],
        "paragraph": [
            "<p>Some <b>bold</b> and <i>italic</i> words, "
            '<a href="https://example.org/">a link out</a>, '
            f'a <a linktype="page" id="{home.pk}">page link</a> and a '
            f'<a linktype="document" id="{document.pk}">document link</a>.</p>'
            "<h2>Rich text heading</h2><h3>Smaller</h3><h4>Smallest</h4>"
            "<ul><li>One &amp; two</li><li>Three</li></ul><ol><li>First</li><li>Second</li></ol>"
        ],
        "quote": [
            {"quote": "A line\nand another", "attribution": "A trainee"},
            {"quote": "Unattributed", "attribution": ""},
        ],
        "image": [{"image": image.pk, "caption": "A caption"}, {"image": image.pk, "caption": ""}],
        "call_to_action": [
            {
                "heading": "Come along",
                "text": "Why it matters.",
                "button_text": "Find out more",
                "link": {"page": home.pk, "url": ""},
            },
            {
                "heading": "Elsewhere",
                "text": "",
                "button_text": "Visit",
                "link": {"page": None, "url": "https://example.org/"},
            },
        ],
        "document": [
            {"document": document.pk, "title": ""},
            {"document": document.pk, "title": "The handout"},
        ],
        "embed": [EMBED_URL],
        "donation": [None],
    }
    missing = set(BodyBlock.base_blocks) - set(samples)
    assert not missing, f"Add a sample of each new block to this test: {sorted(missing)}"
    return [{"type": name, "value": value} for name, values in samples.items() for value in values]


def render_public_pages(home):
    """{name: (status, html)} for one page of every public template and every live page."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client = Client()
    pages = {}

    def get(name, url, status=200, method="get", **data):
        response = getattr(client, method)(url, data or None)
        assert response.status_code == status, (name, url, response.status_code)
        pages[name] = response.content.decode()

    for page in Page.objects.live().public().filter(depth__gte=2).specific():
        get(
            f"page-{page.locale.language_code}{page.url_path.rstrip('/').replace('/', '-')}",
            page.url,
        )

    image = ImageFactory(title="A photo")
    document = DocumentFactory(title="Training handout")
    Embed.objects.create(
        url=EMBED_URL,
        hash=get_embed_hash(EMBED_URL),
        type="video",
        html=EMBED_HTML,
        width=200,
        height=113,
    )
    blocks = StandardPageFactory(parent=home, title="Every block", slug="every-block")
    blocks.body = every_block_body(home, image, document)
    blocks.save_revision().publish()
    get("standard-page-every-block", blocks.url)

    # Public content states the demo pages do not show by themselves.
    get("news-bad-filters", "/news/", status=400, year="abc", category="unknown")
    get("news-filtered", "/news/", category="blog", year="2024")
    get("research-bad-filters", "/research/", status=400, year="abc", topic="\x00")
    get("research-filtered", "/research/", topic="mothers-and-children", year="2024")
    get("awards-bad-filters", "/quality-mark/awards/", status=400, year="abc", level="silver")
    get("awards-page-2", "/quality-mark/awards/", page="2")
    get("awards-secure-settings", "/quality-mark/awards/", scheme="secure-settings")
    get("untranslated-page-in-welsh", "/cy/contact/")

    search = reverse("search")
    get("search-empty", search)
    get("search-results", search, q="training")
    get("search-no-results", search, q="qqqzzzxxx")
    get("search-bad-request", search, status=400, q="training", year="abc")
    get("not-found", "/no-such-page/", status=404)

    private = StandardPageFactory(parent=home, title="Trustees' papers", slug="trustees")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="letmein-please"
    )
    get("page-password-required", private.url)
    action = reverse(
        "wagtailcore_authenticate_with_password",
        args=[private.view_restrictions.get().pk, private.pk],
    )
    get("page-password-wrong", action, method="post", password="wrong", return_url=private.url)

    collection = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="letmein-please"
    )
    get("document-password-required", DocumentFactory(collection=collection).url)

    # Registering for an event on the site: the form with its errors, the outcome, the
    # cancel page, and the refusal past the rate limit.
    event = Page.objects.get(slug="network-2027")
    register = reverse("events:register", args=[event.pk])
    response = client.post(register, {"name": "", "email": "x"})
    assert response.status_code == 400, response.status_code
    pages["event-register-errors"] = response.content.decode()
    person = {"name": "Nu Checker", "organisation": "Example Trust", "role": "", "website": ""}
    response = client.post(register, {**person, "email": "nu@example.org"}, follow=True)
    assert response.status_code == 200, response.status_code
    pages["event-registered"] = response.content.decode()
    registration = event.specific.registrations.get(email="nu@example.org")
    get("event-cancel", reverse("events:cancel", args=[registration.cancel_token]))
    for n in range(10):
        response = client.post(register, {**person, "email": f"nu{n}@example.org"})
        if response.status_code == 429:
            pages["event-register-throttled"] = response.content.decode()
            break
    assert "event-register-throttled" in pages, "the rate limit never answered 429"

    login = reverse("wagtailcore_login")
    get("login", login)
    get("login-failed", login, method="post", username="nobody", password="wrong-password")

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    pages["server-error"] = server_error(request).content.decode()
    # The lock-out pages (sign-in and password form throttling) need no context.
    for name in ["login_locked", "password_locked"]:
        pages[name] = render_to_string(f"cms/{name}.html", request=request)
    return pages


def public_templates():
    """Every HTML template a visitor can be shown: the top-level templates and each app's,
    leaving out the admin's."""
    base = Path(settings.BASE_DIR)
    folders = [
        base / "templates",
        *(base / app / "templates" for app in ["cms", *settings.CMS_PLUGINS]),
    ]
    names = set()
    for folder in folders:
        for path in folder.rglob("*.html"):
            name = path.relative_to(folder).as_posix()
            if "admin" not in name.split("/"):
                names.add(name)
    return names


def run_vnu(vnu, folder):
    result = subprocess.run(
        [*vnu, "--format", "json", "--exit-zero-always", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # vnu writes its JSON report to stderr.
    try:
        return json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu.jar gave no JSON report:\n{result.stdout}\n{result.stderr}")


def test_every_public_template_is_valid_html(vnu, home, tmp_path):
    rendered = set()

    def note(sender, template, **kwargs):
        rendered.add(template.name)

    template_rendered.connect(note)
    try:
        pages = render_public_pages(home)
    finally:
        template_rendered.disconnect(note)

    unchecked = public_templates() - rendered
    assert not unchecked, f"Add a page that renders each of these to this test: {sorted(unchecked)}"

    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html)
    (tmp_path / "zz-canary.html").write_text(CANARY)
    messages = run_vnu(vnu, tmp_path)

    # Errors and warnings both fail: with the checker's version pinned, a warning is as
    # stable a signal as an error, and each one so far has been a real fault.
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "warning"]
    canary = [m for m in errors if m.get("url", "").endswith("zz-canary.html")]
    assert canary, f"vnu.jar did not reject a known-bad page; its report: {messages}"
    report = [
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']}"
        + (f"\n    {' '.join(m['extract'].split())}" if m.get("extract") else "")
        for m in errors
        if m not in canary
    ]
    assert not report, (
        f"The Nu HTML Checker found {len(report)} errors or warnings in {len(pages)} pages "
        f"(written to {tmp_path}):\n" + "\n".join(report)
    )
