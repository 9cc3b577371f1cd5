"""Service pages: their parts in order, JSON-LD, page-type rules, the admin preview and
the Welsh page."""

import json

import html5lib
import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage, ServicePage, StandardPage
from tests.factories import ImageFactory, StandardPageFactory
from tests.home.publications_factories import publication_index, service

pytestmark = pytest.mark.django_db


def parse(html):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(html)


def test_service_page_shows_each_part_under_its_heading(client, home):
    page = service(home, lead_image=ImageFactory(alt_text="The front door of Hope Street."))
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    tree = parse(html)
    assert [h1.text for h1 in tree.iter("h1")] == ["Hope Street"]
    headings = [h2.text for h2 in tree.iter("h2")]
    for heading in ["Who it is for", "How to refer", "What happens", "Contact"]:
        assert heading in headings
    steps = tree.find(".//ol[@class='service-steps']")
    assert [li.find("h3").text for li in steps.findall("li")] == [
        "Talk to us",
        "Send the referral",
        "Moving in",
    ]
    figure = tree.find(".//figure[@class='quote']")
    assert figure.find("blockquote/p").text == "If only there were more Hope Streets."
    assert figure.find("figcaption").text == "A referring professional, 2024"
    assert 'href="mailto:referrals@example.org"' in html
    assert 'href="tel:02079460000"' in html
    assert 'alt="The front door of Hope Street."' in html


def test_empty_parts_are_left_out(client, home):
    page = service(home, who_for="", steps=[], quote="", quote_attribution="", contact_phone="")
    html = client.get(page.url).content.decode()
    assert "Who it is for" not in html
    assert "service-steps" not in html
    assert "<blockquote" not in html
    assert "tel:" not in html


def test_an_attribution_needs_a_quote(home):
    page = ServicePage(title="Hope Street", slug="hs", intro="A service.", quote_attribution="X")
    with pytest.raises(ValidationError):
        page.full_clean()


def test_jsonld_is_a_service_provided_by_the_charity(client, home):
    page = service(home)
    tree = parse(client.get(page.url).content.decode())
    scripts = [s for s in tree.iter("script") if s.get("type") == "application/ld+json"]
    assert len(scripts) == 1
    data = json.loads(scripts[0].text)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Service"
    assert data["name"] == "Hope Street"
    assert data["description"] == page.intro
    assert data["url"] == page.get_full_url()
    assert data["provider"]["@type"] == "Organization"
    assert data["provider"]["name"] == "One Small Thing"
    assert data["provider"]["email"] == "hello@example.org"
    assert data["areaServed"] == "England and Wales"
    assert data["availableChannel"]["servicePhone"]["telephone"] == "020 7946 0000"


def test_search_text_and_sharing_image(home):
    image = ImageFactory()
    page = service(home, lead_image=image)
    assert page.sharing_image == image
    assert page.get_meta_description() == page.intro
    text = page.search_summary_text()
    assert "Mothers and babies in a prison Mother and Baby Unit." in text
    assert "Send the referral" in text


def test_services_sit_under_home_or_standard_pages_with_no_children(home):
    assert set(ServicePage.allowed_parent_page_models()) == {HomePage, StandardPage}
    assert ServicePage.allowed_subpage_models() == []
    assert ServicePage.can_create_at(home)
    assert ServicePage.can_create_at(StandardPageFactory(parent=home))
    assert not ServicePage.can_create_at(publication_index(home))


def test_a_service_renders_under_a_standard_page(client, home):
    section = StandardPageFactory(parent=home, title="Our services", slug="services")
    page = service(section)
    assert client.get(page.url).status_code == 200
    assert "Hope Street" in client.get(section.url).content.decode()


def test_the_admin_preview_renders_unsaved_changes(admin_client, home):
    page = service(home)
    url = f"/admin/pages/{page.pk}/edit/preview/"
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": "A preview of the introduction.",
            "who_for": rich_text("<p>Mothers and babies.</p>"),
            "how_to_refer": rich_text(""),
            "steps": streamfield([("step", {"title": "Talk to us", "text": "Call us."})]),
            "body": streamfield([]),
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.json()["is_valid"] is True
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "A preview of the introduction." in response.content.decode()


def test_the_welsh_service_page_renders_under_cy(client, home, welsh_home):
    page = service(home)
    welsh = page.copy_for_translation(welsh_home.locale)
    welsh.title = "Hope Street"
    welsh.slug = "gwasanaeth-hope-street"
    welsh.intro = "Gwasanaeth preswyl lle mae menywod a'u plant yn aros gyda'i gilydd."
    welsh.save_revision().publish()
    welsh.refresh_from_db()
    assert welsh.url == "/cy/gwasanaeth-hope-street/"
    response = client.get(welsh.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="cy">' in html
    assert "Gwasanaeth preswyl lle mae menywod" in html
