from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page, Site

from cms.models import CustomImage, Menu, MenuItem, SiteSettings

pytestmark = pytest.mark.django_db


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "images": CustomImage.objects.count(),
        "menus": Menu.objects.count(),
        "menu items": MenuItem.objects.count(),
    }


def test_demo_builds_the_site_with_progress(home):
    output = load_demo()
    assert "[home 1/" in output
    assert Page.objects.filter(slug="programme-2015-2017").exists()
    assert Page.objects.filter(locale__language_code="cy").count() >= 2
    assert Menu.objects.filter(locale=Locale.get_default(), handle="main").exists()


def test_running_the_demo_twice_duplicates_nothing(home):
    load_demo()
    first = counts()
    load_demo()
    assert counts() == first


def test_demo_keeps_an_editors_changes(home):
    load_demo()
    about = Page.objects.get(slug="about-us", locale=Locale.get_default()).specific
    about.intro = "Rewritten by the communications team."
    about.save_revision().publish()
    load_demo()
    about.refresh_from_db()
    assert about.intro == "Rewritten by the communications team."


def test_demo_pages_render(client, home):
    load_demo()
    for page in Page.objects.live().public().filter(depth__gte=2).specific():
        assert client.get(page.url).status_code == 200, page.url
    # The private prison cohort (events plugin) asks an anonymous visitor to sign in.
    for page in Page.objects.live().not_public():
        assert client.get(page.url).status_code == 302, page.url


def test_demo_pages_carry_the_dates_their_facts_belong_to(home):
    load_demo()
    programme = Page.objects.get(slug="programme-2015-2017").specific
    review = Page.objects.get(slug="year-in-review-2024").specific
    assert programme.year == 2017
    assert review.year == 2024
    years = set(
        Page.objects.live().filter(depth__gt=2).specific().values_list("sitepage__year", flat=True)
    )
    # The events plugin's events are dated by when they start (2015–2017, 2025, 2027).
    assert years == {2015, 2016, 2017, 2024, 2025, 2027}


def test_demo_says_only_what_the_charitys_own_documents_say(client, home):
    load_demo()
    seeds_do_not_say = ["thousands", "Gold", "graduates", "five working days"]
    for page in Page.objects.live().filter(depth__gte=2):
        html = client.get(page.url).content.decode()
        for claim in seeds_do_not_say:
            assert claim not in html, (page.url, claim)


def test_demo_links_to_its_own_pages_as_page_links_that_follow_the_host(client, home, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8765"
    load_demo()
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert site_settings.donation_page.slug == "donate"
    assert site_settings.donation_url == ""
    html = client.get("/", HTTP_HOST="127.0.0.1:8765").content.decode()
    assert 'href="/donate/">Donate</a>' in html
    assert '<link rel="canonical" href="http://127.0.0.1:8765/">' in html
    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8765").content.decode()
    assert "<loc>http://127.0.0.1:8765/about-us/</loc>" in sitemap
    assert "localhost" not in sitemap


def test_each_plugin_builds_its_own_demo_pages_and_menu_links(home):
    output = load_demo()
    assert "[events " in output and "[policy " in output
    main = Menu.objects.get(locale=Locale.get_default(), handle="main")
    slugs = [item.link_page.slug for item in main.items.order_by("sort_order")]
    assert slugs[:2] == ["about-us", "training"]
    assert slugs[-1] == "policy"
    training = Page.objects.get(slug="training")
    children = set(training.get_children().values_list("slug", flat=True))
    assert children == {"programme-2015-2017", "courses", "events", "materials"}
