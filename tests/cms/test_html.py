"""The public templates produce valid, accessible HTML."""

import html5lib
import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def parse_strictly(html):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(html)


def test_every_demo_page_is_valid_html_with_landmarks_and_one_h1(client, home):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for page in Page.objects.live().public().filter(depth__gte=2):
        html = client.get(page.url).content.decode()
        tree = parse_strictly(html)
        assert tree.find("body") is not None, page.url
        assert tree.get("lang") in {"en-gb", "cy"}, page.url
        assert len(tree.findall(".//h1")) == 1, page.url
        assert tree.find(".//header") is not None
        assert tree.find(".//main[@id='main']") is not None
        assert tree.find(".//footer") is not None
        skip = tree.find(".//a[@class='skip-link']")
        assert skip is not None and skip.get("href") == "#main"
        for img in tree.iter("img"):
            assert img.get("alt") is not None, (page.url, img.get("src"))
        ids = [element.get("id") for element in tree.iter() if element.get("id")]
        assert len(ids) == len(set(ids)), page.url


def test_the_404_and_search_pages_are_valid_html(client, home):
    for url in ["/no-such-page/", "/search/", "/search/?q=training"]:
        parse_strictly(client.get(url).content.decode())


def test_pages_load_nothing_from_other_sites(client, home):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    tree = parse_strictly(client.get("/").content.decode())
    for element in tree.iter():
        loads = element.tag in {"script", "img", "iframe"} or (
            element.tag == "link" and element.get("rel") in {"stylesheet", "icon", "preload"}
        )
        value = element.get("src") or element.get("href") or ""
        if loads:
            assert not value.startswith(("http://", "https://", "//")), value


def test_the_home_page_title_names_the_site_once(client, home):
    home.title = "One Small Thing"
    home.save_revision().publish()
    child = StandardPageFactory(parent=home, title="About us", slug="about-us")
    titles = {
        url: parse_strictly(client.get(url).content.decode()).find(".//title").text
        for url in ["/", child.url]
    }
    assert titles == {"/": "One Small Thing", child.url: "About us | One Small Thing"}


def test_favicon_ico_leads_to_the_site_icon(client, home):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    tree = parse_strictly(client.get("/").content.decode())
    icons = [link.get("href") for link in tree.iter("link") if link.get("rel") == "icon"]
    assert "/static/favicon.ico" in icons


def test_search_forms_submit_to_the_search_page(client, home):
    tree = parse_strictly(client.get("/search/?q=training").content.decode())
    actions = [form.get("action") for form in tree.iter("form")]
    assert len(actions) == 2
    assert set(actions) == {reverse("search")}
