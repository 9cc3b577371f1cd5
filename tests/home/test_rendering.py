import pytest
from wagtail.rich_text import RichText

from tests.factories import DocumentFactory, ImageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def every_block(image, document, page):
    return [
        ("heading", {"text": "Becoming trauma-informed", "level": "h2"}),
        ("paragraph", RichText("<p>Workshops across the women's estate.</p>")),
        ("quote", {"quote": "It has made me realise I am not alone.", "attribution": "A trainee"}),
        ("image", {"image": image, "caption": "A follow-up day"}),
        (
            "call_to_action",
            {
                "heading": "Book a course",
                "text": "Places are limited.",
                "button_text": "See courses",
                "link": {"page": page, "url": ""},
            },
        ),
        ("document", {"document": document, "title": "Workshop slides"}),
    ]


def test_home_page_renders_its_hero_and_one_h1(client, home):
    home.hero_heading = "A trauma-informed justice system"
    home.hero_image = ImageFactory()
    home.save_revision().publish()
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "A trauma-informed justice system" in html
    assert html.count("<h1") == 1


def test_standard_page_renders_every_block_type(client, home):
    target = StandardPageFactory(parent=home, title="Courses")
    page = StandardPageFactory(parent=home, title="Training history")
    page.body = every_block(ImageFactory(), DocumentFactory(), target)
    page.save_revision().publish()
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Becoming trauma-informed",
        "Workshops across",
        "I am not alone",
        "A follow-up day",
        "Book a course",
        "Workshop slides",
        target.url,
    ]:
        assert text in html


def test_breadcrumbs_lead_from_home_to_the_current_page(client, home):
    parent = StandardPageFactory(parent=home, title="Training")
    child = StandardPageFactory(parent=parent, title="Programme 2015")
    html = client.get(child.url).content.decode()
    trail = html[html.index('aria-label="Breadcrumb"') :]
    assert trail.index(home.title) < trail.index("Training") < trail.index("Programme 2015")
    assert 'aria-current="page">Programme 2015' in trail


def test_unknown_address_gets_the_sites_404_page(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_sitemap_lists_live_pages_only(client, home):
    live = StandardPageFactory(parent=home, title="About us", slug="about-us")
    draft = StandardPageFactory(parent=home, title="Secret plans", slug="secret-plans", live=False)
    response = client.get("/sitemap.xml")
    body = response.content.decode()
    assert response.status_code == 200
    assert live.slug in body
    assert draft.slug not in body


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_admin(client, db):
    response = client.get("/robots.txt")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sharing_metadata_uses_the_pages_own_image_and_description(client, home):
    page = StandardPageFactory(
        parent=home,
        title="Hope Street",
        search_description="Stay together",
        og_image=ImageFactory(),
    )
    html = client.get(page.url).content.decode()
    assert '<meta property="og:image"' in html
    assert '<meta name="description" content="Stay together">' in html
