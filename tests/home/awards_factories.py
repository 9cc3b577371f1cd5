"""Makers of awards and of the awards directory for the awards tests, and readers of the
directory's HTML."""

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from wagtail.models import Locale

from cms import cache as tagged
from home.models import AwardsDirectoryPage, QualityMarkAward, SecureSettingsAward

Sector, Region, Level = QualityMarkAward.Sector, QualityMarkAward.Region, QualityMarkAward.Level


def quality_mark(organisation, *, level="", year=None, began=2024, **fields):
    """A Quality Mark organisation in the default locale; `year` defaults to `began` when
    a level is given."""
    fields.setdefault("sector", Sector.NHS_TRUST)
    fields.setdefault("region", Region.LONDON)
    fields.setdefault("locale", Locale.get_default())
    return QualityMarkAward.objects.create(
        organisation=organisation,
        level=level,
        awarded_year=(year or began) if level else None,
        began_year=began,
        **fields,
    )


def secure_setting(
    unit, establishment, *, level=SecureSettingsAward.Level.ONE, year=2024, **fields
):
    fields.setdefault("locale", Locale.get_default())
    return SecureSettingsAward.objects.create(
        unit=unit, establishment=establishment, level=level, awarded_year=year, **fields
    )


def many_quality_marks(count, offset=0):
    """`count` organisations across levels, years, sectors and regions, in one query."""
    levels = ["", Level.BRONZE, Level.SILVER, Level.GOLD]
    sectors, regions = list(Sector.values), list(Region.values)
    locale = Locale.get_default()
    awards = []
    for n in range(offset, offset + count):
        level = levels[n % len(levels)]
        awards.append(
            QualityMarkAward(
                organisation=f"Organisation {n:04d}",
                sector=sectors[n % len(sectors)],
                region=regions[n % len(regions)],
                began_year=2024,
                level=level,
                awarded_year=2024 + n % 2 if level else None,
                locale=locale,
            )
        )
    created = QualityMarkAward.objects.bulk_create(awards)
    # bulk_create sends no post_save: say what changed, as an import must, so cached
    # counts and pages that read the table are purged.
    tagged.purge(tagged.table_tag(QualityMarkAward))
    return created


@pytest.fixture(name="directory")
def directory_fixture(home):
    """The awards directory, published under the home page."""
    page = AwardsDirectoryPage(
        title="Awards directory", slug="awards", intro="Who holds which award."
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def names(html):
    """The organisations and units listed, in order."""
    found = re.findall(r'<h3 id="award-\d+" class="award__name">(?:<a [^>]*>)?([^<]+)<', html)
    return [unescape(name) for name in found]


def heading(html):
    return re.search(r'<h2 id="awards-results-heading">([^<]+)</h2>', html).group(1)


class Tables(HTMLParser):
    """Each table's caption and rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td", "caption"):
            self.cell = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

    def handle_endtag(self, tag):
        if tag == "caption":
            self.tables[-1]["caption"] = self.cell.strip()
            self.cell = None
        elif tag in ("th", "td"):
            self.tables[-1]["rows"][-1].append(self.cell.strip())
            self.cell = None


def tables(html):
    parser = Tables()
    parser.feed(html)
    return {table["caption"]: table["rows"] for table in parser.tables}
