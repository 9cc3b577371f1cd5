import pytest

pytestmark = pytest.mark.django_db


def test_english_is_served_without_a_prefix_and_welsh_under_cy(client, welsh_home):
    english = client.get("/")
    welsh = client.get("/cy/")
    assert '<html lang="en-gb">' in english.content.decode()
    assert '<html lang="cy">' in welsh.content.decode()
    assert "Hafan" in welsh.content.decode()


def test_translated_page_links_to_its_translations_with_hreflang(client, home, welsh_home):
    html = client.get("/").content.decode()
    assert '<link rel="alternate" hreflang="cy" href="http://testserver/cy/">' in html
    assert '<link rel="alternate" hreflang="en-gb" href="http://testserver/">' in html


def test_language_switcher_marks_the_active_language(client, welsh_home):
    html = client.get("/cy/").content.decode()
    assert '<a href="/cy/" lang="cy" hreflang="cy" aria-current="true">Cymraeg</a>' in html
    assert '<a href="/" lang="en-gb" hreflang="en-gb">English</a>' in html


def test_interface_strings_are_translated_into_welsh(client, welsh_home):
    html = client.get("/cy/").content.decode()
    assert "Neidio i'r prif gynnwys" in html
    assert "Skip to main content" not in html
