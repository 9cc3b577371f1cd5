"""The demo's research briefings and Hope Street: built once, whatever the number of runs,
with real PDFs, 2024 dates and a Welsh Hope Street page."""

from io import StringIO

import pytest
from wagtail.models import Page

from cms.models import CustomDocument
from home.demo import publications, services
from home.models import PublicationIndexPage, PublicationPage, ServicePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(home, welsh_home):
    out = StringIO()
    result = publications.build(out, home) | services.build(out, home)
    return result, out.getvalue()


def test_the_demo_builds_the_research_briefings(client, built):
    result, output = built
    index = result["research"]
    assert isinstance(index, PublicationIndexPage)
    assert index.slug == "research"
    assert index.title == "Research briefings"
    assert "research briefings" in index.intro
    assert "[publications 7/7]" in output
    briefings = PublicationPage.objects.child_of(index).live()
    assert briefings.count() == 3
    assert {page.year for page in briefings} == {2024}
    response = client.get(index.url)
    assert response.status_code == 200
    assert "3 publications" in response.content.decode()


def test_each_briefing_has_a_real_pdf_and_renders_its_download(client, built):
    for page in PublicationPage.objects.live():
        document = page.pdf
        assert "research briefing" not in document.title.lower()
        assert document.listing_date.year == 2024
        with document.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
        assert page.topics.count() == 2
        html = client.get(page.url).content.decode()
        assert f'href="{document.url}"' in html
        assert "(PDF, " in html


def test_child_pages_do_not_compete_for_the_sections_words(built):
    for page in PublicationPage.objects.live():
        text = f"{page.title} {page.search_summary_text()}".lower()
        assert "research" not in text
        assert "briefing" not in text
        assert "hope street" not in text


def test_the_demo_builds_hope_street_in_english_and_welsh(client, built):
    result, _ = built
    page = result["hope-street"]
    assert isinstance(page, ServicePage)
    assert page.slug == "hope-street"
    assert page.year == 2024
    assert "If only there were more Hope Streets" in page.quote
    html = client.get(page.url).content.decode()
    assert "Mother and Baby Unit" in html
    welsh = Page.objects.get(slug="gwasanaeth-hope-street").specific
    assert welsh.locale.language_code == "cy"
    assert welsh.translation_key == page.translation_key
    response = client.get(welsh.url)
    assert response.status_code == 200
    assert "Gwasanaeth preswyl yn y gymuned" in response.content.decode()
    assert welsh.year == 2024


def test_building_twice_changes_nothing(home, built):
    counts = (Page.objects.count(), CustomDocument.objects.count())
    out = StringIO()
    publications.build(out, home)
    services.build(out, home)
    assert (Page.objects.count(), CustomDocument.objects.count()) == counts
    assert "created" not in out.getvalue()
