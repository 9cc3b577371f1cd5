from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page

from cms.models import CustomImage, Menu, MenuItem

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
    for page in Page.objects.live().filter(depth__gte=2).specific():
        assert client.get(page.url).status_code == 200, page.url
