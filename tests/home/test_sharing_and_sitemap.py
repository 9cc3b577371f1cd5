"""Social previews (OpenGraph, Twitter cards), the charity's schema.org Organization, the
multilingual sitemap and the donation appeal block, for every page type."""

import json
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction, Site

from cms.models import SiteSettings
from tests.factories import ImageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def meta(html, attribute, name):
    """The content of <meta {attribute}="{name}" content="...">, or None."""
    marker = f'<meta {attribute}="{name}" content="'
    if marker not in html:
        return None
    return html.split(marker, 1)[1].split('"', 1)[0]


def json_ld(html):
    return [
        json.loads(part.split("</script>", 1)[0])
        for part in html.split('<script type="application/ld+json">')[1:]
    ]


def test_a_page_with_an_image_gets_a_large_card(client, home):
    image = ImageFactory(
        alt_text="Mothers and babies at Hope Street", file__width=1600, file__height=1000
    )
    page = StandardPageFactory(
        parent=home, title="Hope Street", search_description="Stay together", og_image=image
    )
    html = client.get(page.url).content.decode()
    assert meta(html, "property", "og:title") == "Hope Street"
    assert meta(html, "property", "og:description") == "Stay together"
    assert meta(html, "property", "og:url") == page.full_url
    assert meta(html, "property", "og:type") == "website"
    assert meta(html, "property", "og:site_name") == "One Small Thing"
    assert meta(html, "property", "og:locale") == "en_GB"
    assert meta(html, "property", "og:image").startswith("http://testserver/")
    assert meta(html, "property", "og:image:width") == "1200"
    assert meta(html, "property", "og:image:height") == "630"
    assert meta(html, "property", "og:image:alt") == "Mothers and babies at Hope Street"
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:image") == meta(html, "property", "og:image")
    assert meta(html, "name", "twitter:title") == "Hope Street"
    assert f'<link rel="canonical" href="{page.full_url}">' in html


def test_a_page_without_an_image_gets_a_small_card_and_no_empty_tags(client, home):
    page = StandardPageFactory(parent=home, title="Contact", search_description="", intro="")
    html = client.get(page.url).content.decode()
    assert meta(html, "name", "twitter:card") == "summary"
    assert meta(html, "property", "og:image") is None
    assert meta(html, "property", "og:description") is None
    assert 'content=""' not in html


def test_hostile_titles_are_escaped_in_the_metadata(client, home):
    page = StandardPageFactory(parent=home, title='"><script>alert(1)</script> & ✊🏽 مرحبا')
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert meta(html, "property", "og:title").startswith("&quot;&gt;&lt;script&gt;")


def test_the_home_page_describes_the_organisation(client, home):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "One Small Thing"
    settings.contact_email = "hello@example.org"
    settings.charity_number = "1150000"
    settings.bluesky_url = "https://bsky.app/profile/example.org"
    settings.footer_text = "Justice </script> for women"
    settings.save()
    html = client.get("/").content.decode()
    [organisation] = [d for d in json_ld(html) if d.get("@type") == "Organization"]
    assert organisation["@context"] == "https://schema.org"
    assert organisation["name"] == "One Small Thing"
    assert organisation["email"] == "hello@example.org"
    assert organisation["identifier"]["value"] == "1150000"
    assert organisation["sameAs"] == ["https://bsky.app/profile/example.org"]
    assert organisation["description"] == "Justice </script> for women"
    assert "Justice </script>" not in html  # escaped inside the script element
    assert organisation["url"].endswith("/")


def sitemap_entries(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own sitemap
    entries = {}
    for url in root.iter(f"{SITEMAP}url"):
        alternates = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        entries[url.find(f"{SITEMAP}loc").text] = alternates
    return entries


def test_the_sitemap_names_each_translation_with_hreflang(client, home, welsh_home, welsh):
    page = StandardPageFactory(parent=home, title="About us", slug="about-us")
    welsh_page = page.copy_for_translation(welsh)
    welsh_page.save_revision().publish()
    only_english = StandardPageFactory(parent=home, title="Contact", slug="contact")
    entries = sitemap_entries(client)
    english_url, welsh_url = page.full_url, welsh_page.full_url
    assert welsh_url.endswith("/cy/about-us/")
    expected = {"en-gb": english_url, "cy": welsh_url, "x-default": english_url}
    assert entries[english_url] == expected
    assert entries[welsh_url] == expected
    assert entries[home.full_url]["cy"] == welsh_home.full_url
    # A page with no translation lists no alternates.
    assert entries[only_english.full_url] == {}


def test_the_sitemap_leaves_out_private_and_draft_translations(client, home, welsh_home, welsh):
    page = StandardPageFactory(parent=home, title="About us", slug="about-us")
    draft = page.copy_for_translation(welsh)
    draft.save_revision()  # never published
    private = StandardPageFactory(parent=home, title="Trustees", slug="trustees")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    entries = sitemap_entries(client)
    assert entries[page.full_url] == {}
    assert not any("trustees" in url for url in entries)
    assert not any("cy" in alternates for url, alternates in entries.items() if "about" in url)


def test_the_sitemap_query_count_does_not_grow_with_translations(
    client, home, welsh_home, welsh, django_assert_max_num_queries
):
    for number in range(30):
        page = StandardPageFactory(parent=home, title=f"Page {number}", slug=f"page-{number}")
        page.copy_for_translation(welsh).save_revision().publish()
    with django_assert_max_num_queries(15):
        assert len(sitemap_entries(client)) == 62


def donation_settings(**fields):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()


def test_the_donation_block_shows_the_appeal_from_the_site_settings(client, home):
    donate = StandardPageFactory(parent=home, title="Donate", slug="donate")
    donation_settings(donation_page=donate, donation_text="Keep mothers and babies together.")
    page = StandardPageFactory(parent=home, title="Hope Street", body=[("donation", None)])
    html = client.get(page.url).content.decode()
    appeal = html.split('<section class="cta cta--donation">', 1)[1].split("</section>", 1)[0]
    assert "<h2>Support our work</h2>" in appeal
    assert "<p>Keep mothers and babies together.</p>" in appeal
    assert f'<a class="button" href="{donate.url}">Donate</a>' in appeal


def test_the_donation_block_uses_the_editors_words_and_the_external_link(client, home):
    donation_settings(
        donation_url="https://give.example.org/osm",
        donation_heading="Give today",
        donation_button_text="Give £10",
    )
    page = StandardPageFactory(parent=home, title="Appeal", body=[("donation", None)])
    html = client.get(page.url).content.decode()
    assert "<h2>Give today</h2>" in html
    assert '<a class="button" href="https://give.example.org/osm">Give £10</a>' in html


def test_the_donation_block_shows_nothing_without_a_donation_link(client, home):
    page = StandardPageFactory(parent=home, title="Appeal", body=[("donation", None)])
    html = client.get(page.url).content.decode()
    assert "cta--donation" not in html


def test_the_donation_block_speaks_welsh_on_welsh_pages(client, home, welsh_home):
    donate = StandardPageFactory(parent=home, title="Donate", slug="donate")
    donation_settings(donation_page=donate)
    welsh_home.body = [("donation", None)]
    welsh_home.save_revision().publish()
    html = client.get("/cy/").content.decode()
    assert "<h2>Cefnogwch ein gwaith</h2>" in html


def test_a_sharing_image_whose_file_is_gone_is_left_out(client, home):
    image = ImageFactory(file__width=1600, file__height=1000)
    image.file.storage.delete(image.file.name)
    page = StandardPageFactory(parent=home, title="Hope Street", og_image=image)
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert meta(html, "property", "og:image") is None
    assert meta(html, "name", "twitter:card") == "summary"
