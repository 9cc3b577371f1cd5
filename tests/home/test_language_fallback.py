"""A page not yet translated into Welsh is shown in English under /cy/, with a note in
Welsh saying so; a translated one is redirected to its translation."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

NOTE_CY = "Nid yw'r dudalen hon ar gael yn Gymraeg eto"


@pytest.fixture
def english_only(home, welsh_home):
    return StandardPageFactory(parent=home, title="Only in English", slug="only-in-english")


def test_an_untranslated_page_is_shown_in_english_with_a_welsh_note(client, english_only):
    response = client.get("/cy/only-in-english/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="cy">' in html
    assert '<main id="main" tabindex="-1" lang="en-gb">' in html
    assert NOTE_CY in html
    assert "<h1>Only in English</h1>" in html
    # Search engines are pointed at the English page.
    assert f'<link rel="canonical" href="{english_only.full_url}">' in html
    assert english_only.full_url.endswith("/only-in-english/")


def test_the_note_is_not_shown_on_the_english_page(client, english_only):
    html = client.get("/only-in-english/").content.decode()
    assert NOTE_CY not in html
    assert 'lang="en-gb">' not in html.split("<main", 1)[1].split(">", 1)[0] + ">"


def test_the_language_switcher_offers_the_fallback(client, english_only):
    html = client.get("/only-in-english/").content.decode()
    assert '<a href="/cy/only-in-english/" lang="cy" hreflang="cy">Cymraeg</a>' in html
    # No hreflang alternate is claimed for a translation that does not exist.
    assert 'hreflang="cy" href=' not in html
    welsh = client.get("/cy/only-in-english/").content.decode()
    assert 'href="/cy/only-in-english/" lang="cy" hreflang="cy" aria-current="true"' in welsh
    assert '<a href="/only-in-english/" lang="en-gb" hreflang="en-gb">English</a>' in welsh


def test_a_translated_page_is_redirected_to_its_translation(client, home, welsh_home, welsh):
    page = StandardPageFactory(parent=home, title="About", slug="about")
    welsh_page = page.copy_for_translation(welsh)
    welsh_page.title, welsh_page.slug = "Amdanom", "amdanom"
    welsh_page.save_revision().publish()
    response = client.get("/cy/about/")
    assert response.status_code == 302
    assert response["Location"] == "/cy/amdanom/"


def test_a_path_that_is_nowhere_is_still_not_found(client, english_only):
    assert client.get("/cy/no-such-page/").status_code == 404
    assert client.get("/cy/only-in-english/no-such-child/").status_code == 404


def test_a_private_page_stays_private_through_the_fallback(client, english_only):
    PageViewRestriction.objects.create(
        page=english_only, restriction_type="password", password="letmein-please"
    )
    response = client.get("/cy/only-in-english/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Only in English</h1>" not in html
    assert 'name="password"' in html


def test_an_unpublished_page_is_not_shown_through_the_fallback(client, english_only):
    english_only.unpublish()
    assert client.get("/cy/only-in-english/").status_code == 404


def test_hostile_paths_under_the_welsh_prefix_are_not_found(client, welsh_home):
    for path in ("/cy/%00/", "/cy/caf%C3%A9/", "/cy/%E2%80%AE/", "/cy/" + "a/" * 60):
        assert client.get(path).status_code == 404
