"""Every page is reachable by following links from the home page, not only through search.

Links with a query string are followed too (a listing's past events, its later pages), as a
visitor would; the crawl is bounded so that filter links cannot make it endless."""

import re
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

NOT_PAGES = ("/admin/", "/documents/", "/search/", "/static/", "/media/", "/_util/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def internal_paths(base, html, host):
    parser = Links()
    parser.feed(html)
    for href in parser.hrefs:
        url = urlsplit(urljoin(base, href))
        if url.scheme in {"http", "https"} and url.netloc == host and url.path:
            yield f"{url.path}?{url.query}" if url.query else url.path


def sitemap_paths(client):
    xml = client.get("/sitemap.xml").content.decode()
    return {urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", xml)}


def test_a_visitor_reaches_every_page_in_the_sitemap_by_following_links(client, settings):
    call_command("load_demo", stdout=StringIO())
    host = "testserver"
    seen, queue = set(), ["/"]
    while queue:
        assert len(seen) < 3000, "the crawl found more than 3,000 addresses"
        path = queue.pop()
        if path in seen or path.startswith(NOT_PAGES):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        queue.extend(internal_paths(f"http://{host}{path}", response.content.decode(), host))
    in_sitemap = sitemap_paths(client)
    assert len(in_sitemap) >= 10, in_sitemap
    assert in_sitemap - {urlsplit(path).path for path in seen} == set(), (
        "pages only reachable through search"
    )
