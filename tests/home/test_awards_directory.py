"""The awards directory page: both schemes, filters with counts, the counts by year and
level, 400s for filters that make no sense, pagination that keeps the filters, JSON-LD."""

import json
import re

import pytest

from home.models import AwardsDirectoryPage, StandardPage

from .awards_factories import (
    Level,
    Region,
    Sector,
    directory_fixture,  # noqa: F401 - the directory fixture
    heading,
    many_quality_marks,
    names,
    quality_mark,
    secure_setting,
    tables,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards():
    return [
        quality_mark("Alder NHS Trust", level=Level.SILVER, sector=Sector.NHS_TRUST),
        quality_mark("Birch Women's Centre", level=Level.BRONZE, sector=Sector.WOMENS_CENTRE),
        quality_mark("Cedar University", sector=Sector.UNIVERSITY, region=Region.WALES),
        quality_mark(
            "Damson Youth Agency", level=Level.SILVER, began=2023, year=2025, sector=Sector.YOUTH
        ),
        secure_setting("Specialist unit", "HMP Example", pilot=True),
    ]


def test_directory_lists_both_schemes_with_their_facts(client, directory, awards):
    response = client.get(directory.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert names(html) == [
        "Alder NHS Trust",
        "Birch Women's Centre",
        "Cedar University",
        "Damson Youth Agency",
        "Specialist unit",
    ]
    assert heading(html) == "5 organisations and units"
    assert "HMP Example" in html
    assert "Took part in the pilot" in html
    assert html.count("<h1>") == 1


def test_counts_by_year_and_level_are_a_table_per_scheme(client, directory, awards):
    html = client.get(directory.url).content.decode()
    found = tables(html)
    assert found["Quality Mark awards by year and level"] == [
        ["Year awarded", "Bronze", "Silver", "Total"],
        ["2025", "0", "1", "1"],
        ["2024", "1", "1", "2"],
    ]
    assert found["Secure settings awards by year and level"] == [
        ["Year awarded", "Level One", "Total"],
        ["2024", "1", "1"],
    ]
    assert '<th scope="col">Bronze</th>' in html
    assert '<th scope="row"><time datetime="2024">2024</time></th>' in html
    # No level without an award gets a column: nothing says Gold.
    assert "Gold" not in html


def test_directory_says_how_many_began_each_year(client, directory, awards):
    html = client.get(directory.url).content.decode()
    assert "3 organisations began their Quality Mark journey in 2024." in html
    assert "1 organisation began its Quality Mark journey in 2023." in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"scheme": "quality-mark"}, 4),
        ({"scheme": "secure-settings"}, 1),
        ({"level": "silver"}, 2),
        ({"level": "working"}, 1),
        ({"level": "level-one"}, 1),
        ({"year": "2025"}, 1),
        ({"year": "2024"}, 3),
        ({"sector": "womens-centre"}, 1),
        ({"region": "wales"}, 1),
        ({"level": "silver", "year": "2024"}, 1),
        ({"scheme": "secure-settings", "level": "silver"}, 0),
    ],
)
def test_filters_narrow_the_directory(client, directory, awards, params, expected):
    response = client.get(directory.url, params)
    assert response.status_code == 200
    assert len(names(response.content.decode())) == expected


def test_sector_and_region_leave_out_the_prison_units(client, directory, awards):
    html = client.get(directory.url, {"region": "london"}).content.decode()
    assert names(html) == ["Alder NHS Trust", "Birch Women's Centre", "Damson Youth Agency"]
    assert "Secure settings awards by year and level" not in html


def test_filter_choices_carry_counts_and_the_selection(client, directory, awards):
    html = client.get(directory.url, {"level": "silver"}).content.decode()
    assert '<option value="silver" selected>Silver (2)</option>' in html
    assert '<option value="2024">2024 (1)</option>' in html
    assert '<option value="2025">2025 (1)</option>' in html
    assert '<option value="quality-mark">Working with Trauma Quality Mark (2)</option>' in html
    assert '<optgroup label="Working with Trauma framework for secure settings">' in html
    assert '<option value="nhs-trust">NHS trust (1)</option>' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "abc"}, "The year should be four digits, such as 2024."),
        ({"year": "1066"}, "The year should be four digits, such as 2024."),
        ({"level": "platinum"}, "There is no level with that name; choose one from the list."),
        ({"sector": "x'><script>"}, "There is no sector with that name; choose one from the list."),
        ({"region": "atlantis"}, "There is no region with that name; choose one from the list."),
        ({"scheme": "both"}, "There is no scheme with that name; choose one from the list."),
        ({"page": "two"}, "The page number should be a whole number."),
    ],
)
def test_a_filter_that_makes_no_sense_gives_400_and_the_unfiltered_directory(
    client, directory, awards, params, message
):
    response = client.get(directory.url, params)
    html = response.content.decode()
    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in html or message in html
    assert len(names(html)) == 5
    assert "<script>" not in html.split("</head>")[1]


def test_a_bad_filter_leaves_the_good_ones_in_use(client, directory, awards):
    response = client.get(directory.url, {"year": "20x4", "level": "silver"})
    assert response.status_code == 400
    assert names(response.content.decode()) == ["Alder NHS Trust", "Damson Youth Agency"]


def test_results_come_25_a_page_with_filters_kept_in_links(client, directory):
    many_quality_marks(60)
    first = client.get(directory.url, {"sector": "nhs-trust"}).content.decode()
    # 60 organisations over 8 sectors: 8 are NHS trusts, all on one page.
    assert len(names(first)) == 8
    listed = client.get(directory.url).content.decode()
    assert len(names(listed)) == 25
    assert heading(listed) == "60 organisations and units"
    assert 'href="/awards/?page=2" rel="next"' in listed
    assert 'aria-current="page">Page 1</a>' in listed
    third = client.get(directory.url, {"level": "working", "page": "2"}).content.decode()
    # 15 working towards a level: page 2 is past the end, so the last page (1) is shown.
    assert len(names(third)) == 15
    quality = client.get(directory.url, {"scheme": "quality-mark", "page": "2"}).content.decode()
    assert len(names(quality)) == 25
    assert 'href="/awards/?scheme=quality-mark&amp;page=3" rel="next"' in quality
    assert 'href="/awards/?scheme=quality-mark" rel="prev"' in quality
    assert names(quality)[0] == "Organisation 0025"


def test_a_page_past_the_end_shows_the_last_page(client, directory):
    many_quality_marks(30)
    response = client.get(directory.url, {"page": "99"})
    assert response.status_code == 200
    assert names(response.content.decode())[0] == "Organisation 0025"


def test_directory_with_no_awards_says_so(client, directory):
    html = client.get(directory.url).content.decode()
    assert "There are no awards to show yet." in html
    assert "<table" not in html


def test_link_to_the_organisation_is_shown(client, directory):
    quality_mark("Elm Trust", level=Level.BRONZE, link="https://example.org/elm")
    html = client.get(directory.url).content.decode()
    assert '<a href="https://example.org/elm">Elm Trust</a>' in html


def test_structured_data_lists_the_awarded_organisations(client, directory, awards):
    quality_mark("</script><b>Fir & Co</b>", level=Level.BRONZE)
    html = client.get(directory.url).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "ItemList"
    items = [element["item"] for element in data["itemListElement"]]
    assert {item["name"] for item in items} == {
        "</script><b>Fir & Co</b>",
        "Alder NHS Trust",
        "Birch Women's Centre",
        "Damson Youth Agency",
        "Specialist unit, HMP Example",
    }
    assert "Working with Trauma Quality Mark: Silver (2025)" in {item["award"] for item in items}
    assert "\\u003C/script\\u003E" in block.group(1)


def test_directory_sits_under_home_or_a_section_and_has_no_children():
    parents = {model._meta.label for model in AwardsDirectoryPage.allowed_parent_page_models()}
    assert parents == {"home.HomePage", "home.StandardPage"}
    assert AwardsDirectoryPage.allowed_subpage_models() == []
    assert AwardsDirectoryPage in StandardPage.allowed_subpage_models()


def test_meta_description_falls_back_to_the_intro(directory):
    assert directory.get_meta_description() == "Who holds which award."
    assert directory.search_summary_text() == "Who holds which award."
