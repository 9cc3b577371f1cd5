"""The demo's awards give the 2024 figures of the charity's year in review exactly, under a
directory page in the Quality Mark section, and loading the demo twice duplicates nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page

from home.models import AwardsDirectoryPage, QualityMarkAward, SecureSettingsAward

from .awards_factories import names, tables

pytestmark = pytest.mark.django_db


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_directory_gives_the_2024_figures_and_is_built_once(client, home):
    output = load_demo()
    assert "[awards 4/4] created Awards directory" in output
    directory = AwardsDirectoryPage.objects.get(slug="awards")
    assert directory.get_parent().slug == "quality-mark"
    assert directory.live and directory.title == "Awards directory"
    # The search query "quality mark" must find the Quality Mark page first.
    searched = f"{directory.title} {directory.intro} {directory.search_description}".lower()
    assert "quality mark" not in searched and "secure settings" not in searched

    english = QualityMarkAward.objects.localized(Locale.get_default())
    assert english.counts_by_year_began() == {2024: 28}
    grid = english.counts_by_level_and_year()
    assert grid[("silver", 2024)] == 8
    assert grid[("bronze", 2024)] == 5
    assert grid.get(("gold", 2024), 0) == 0
    sectors = set(english.values_list("sector", flat=True))
    assert sectors == {"nhs-trust", "voluntary", "womens-centre", "university", "youth-development"}

    units = SecureSettingsAward.objects.order_by("establishment")
    assert [unit.establishment for unit in units] == [
        "HMP Aylesbury",
        "HMP Brixton",
        "HMP Swaleside",
    ]
    assert {(unit.level, unit.awarded_year, unit.pilot) for unit in units} == {
        ("level-one", 2024, True)
    }

    response = client.get(directory.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "28 organisations began their Quality Mark journey in 2024." in html
    assert tables(html)["Quality Mark awards by year and level"] == [
        ["Year awarded", "Bronze", "Silver", "Total"],
        ["2024", "5", "8", "13"],
    ]
    assert tables(html)["Secure settings awards by year and level"] == [
        ["Year awarded", "Level One", "Total"],
        ["2024", "3", "3"],
    ]
    assert len(names(html)) == 25  # 31 awards, 25 a page
    assert "Gold" not in html  # the review names no Gold award
    welsh = QualityMarkAward.objects.localized(Locale.objects.get(language_code="cy"))
    assert welsh.count() == 28
    assert "Canolfan Menywod Dunmere" in set(welsh.values_list("organisation", flat=True))

    before = (
        Page.objects.count(),
        QualityMarkAward.objects.count(),
        SecureSettingsAward.objects.count(),
    )
    again = load_demo()
    assert "kept Awards directory" in again
    after = (
        Page.objects.count(),
        QualityMarkAward.objects.count(),
        SecureSettingsAward.objects.count(),
    )
    assert after == before
