"""Publication pages: content, download, citation, JSON-LD, missing files, page-type rules
and the admin preview."""

import json
from datetime import date

import html5lib
import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import SiteSettings
from home.models import HomePage, PublicationIndexPage, PublicationPage, StandardPage
from tests.factories import ImageFactory
from tests.home.publications_factories import (
    pdf_document,
    publication,
    publication_index,
    topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home):
    return publication_index(home)


def parse(html):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(html)


def jsonld(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    scripts = [
        s
        for s in parse(response.content.decode()).iter("script")
        if s.get("type") == "application/ld+json"
    ]
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def test_publication_page_shows_its_content_download_and_citation(client, index):
    document = pdf_document()
    page = publication(
        index,
        pdf=document,
        authors="A. Researcher and B. Writer",
        lead_image=ImageFactory(alt_text="A mother holding her baby's hand."),
        topics=[topic("Mothers and children")],
    )
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Motherhood in the justice system</h1>" in html
    assert "What happens to pregnant women and mothers sent to prison." in html
    assert "<li>Separation from a mother harms children.</li>" in html
    assert '<time datetime="2024-10-24">24 October 2024</time>' in html
    assert "Mothers and children" in html
    assert 'alt="A mother holding her baby&#x27;s hand."' in html
    assert f'href="{document.url}"' in html
    assert "(PDF, " in html
    assert "A. Researcher and B. Writer (2024) Motherhood in the justice system." in html


def test_generated_citation_names_the_organisation_year_title_and_address(client, index):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "One Small Thing"
    settings.save()
    page = publication(index, title="Community justice solutions for women: what works")
    expected = (
        "One Small Thing (2024) Community justice solutions for women: what works. "
        f"{page.get_full_url()}"
    )
    assert page.citation_text() == expected
    html = client.get(page.url).content.decode()
    assert f'<blockquote class="citation"><p>{expected}</p></blockquote>' in html


def test_an_editors_citation_replaces_the_generated_one(client, index):
    page = publication(index, citation="One Small Thing (2024). Motherhood. London: OST.")
    html = client.get(page.url).content.decode()
    assert "One Small Thing (2024). Motherhood. London: OST." in html
    assert page.get_full_url() not in html.split('class="citation"')[1]


def test_listing_date_year_and_search_topic_follow_the_publication(index):
    page = publication(
        index, published=date(2024, 4, 18), topics=[topic("Women"), topic("Community")]
    )
    page.refresh_from_db()
    assert page.listing_date == date(2024, 4, 18)
    assert page.year == 2024
    assert page.topic.name == "Community"
    assert page.get_meta_description() == page.summary
    assert "Separation from a mother harms children." in page.search_summary_text()


def test_jsonld_is_a_report_with_publisher_topics_and_the_pdf(client, index):
    document = pdf_document()
    page = publication(
        index, pdf=document, authors="A. Researcher, B. Writer", topics=[topic("Mothers")]
    )
    data = jsonld(client, page)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Report"
    assert data["name"] == "Motherhood in the justice system"
    assert data["datePublished"] == "2024-10-24"
    assert data["url"] == page.get_full_url()
    assert data["author"] == [
        {"@type": "Person", "name": "A. Researcher"},
        {"@type": "Person", "name": "B. Writer"},
    ]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "One Small Thing"
    assert data["about"] == [{"@type": "Thing", "name": "Mothers"}]
    assert data["encoding"]["@type"] == "MediaObject"
    assert data["encoding"]["encodingFormat"] == "application/pdf"
    assert data["encoding"]["contentUrl"].endswith(document.url)
    assert data["encoding"]["contentUrl"].startswith("http")


def test_jsonld_without_authors_names_the_organisation_and_survives_markup(client, index):
    page = publication(index, title="</script><script>alert(1)</script> & more")
    data = jsonld(client, page)
    assert data["name"] == "</script><script>alert(1)</script> & more"
    assert data["author"] == [data["publisher"]]
    assert "encoding" not in data


def test_a_deleted_pdf_leaves_the_page_without_a_download(client, index):
    document = pdf_document()
    page = publication(index, pdf=document)
    document.delete()
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Download" not in response.content.decode()
    assert "encoding" not in jsonld(client, page)


def test_a_pdf_missing_from_storage_leaves_the_page_without_a_download(client, index):
    document = pdf_document()
    page = publication(index, pdf=document)
    document.file.storage.delete(document.file.name)
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Download" not in response.content.decode()
    assert "encoding" not in jsonld(client, page)
    page = PublicationPage.objects.get(pk=page.pk)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "missing" in str(error.value.message_dict["pdf"])


def test_a_missing_lead_image_file_does_not_break_the_page(client, index):
    image = ImageFactory()
    page = publication(index, lead_image=image)
    image.file.storage.delete(image.file.name)
    assert client.get(page.url).status_code == 200
    assert client.get(index.url).status_code == 200


def test_publications_go_only_under_a_publication_index(home, index):
    assert PublicationPage.allowed_parent_page_models() == [PublicationIndexPage]
    assert PublicationPage.allowed_subpage_models() == []
    assert PublicationIndexPage.allowed_subpage_models() == [PublicationPage]
    assert set(PublicationIndexPage.allowed_parent_page_models()) == {HomePage, StandardPage}
    assert not PublicationPage.can_create_at(home)
    assert PublicationPage.can_create_at(index)


def test_the_admin_can_add_a_publication_under_the_index(admin_client, index):
    response = admin_client.get(f"/admin/pages/add/home/publicationpage/{index.pk}/")
    assert response.status_code == 200
    response = admin_client.get(f"/admin/pages/{index.pk}/add_subpage/")
    assert response.status_code in (200, 302)


def preview_data(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "publication_date": page.publication_date.isoformat(),
        "key_findings": streamfield([("finding", "Separation from a mother harms children.")]),
        "body": streamfield([]),
        "authors": "",
        "citation": "",
    }
    return nested_form_data(data | changes)


def test_the_admin_preview_renders_unsaved_changes(admin_client, index):
    page = publication(index)
    url = f"/admin/pages/{page.pk}/edit/preview/"
    response = admin_client.post(url, preview_data(page, summary="A preview of the summary."))
    assert response.status_code == 200
    assert response.json()["is_valid"] is True
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "A preview of the summary." in response.content.decode()


def test_the_admin_preview_of_the_index_renders(admin_client, index):
    publication(index)
    url = f"/admin/pages/{index.pk}/edit/preview/"
    data = nested_form_data({"title": index.title, "slug": index.slug, "intro": "Preview intro."})
    assert admin_client.post(url, data).json()["is_valid"] is True
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Preview intro." in response.content.decode()


def test_the_admin_lists_publications(admin_client, index):
    publication(index)
    response = admin_client.get("/admin/publications/")
    assert response.status_code == 200
    assert "Motherhood in the justice system" in response.content.decode()
