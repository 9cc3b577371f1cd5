"""Demo awards, from the charity's 2024 year in review: 28 organisations began their Quality
Mark journey in 2024, eight were awarded Silver and five Bronze; the secure settings
framework's pilot gave Level One to specialist units at HMP Aylesbury, HMP Brixton and
HMP Swaleside. The directory page sits under the Quality Mark page.

The review does not say whether those awarded in 2024 were among the 28 that began that
year. The demo says they were (13 of the 28 awarded, 15 still working towards a level), so
that every demo date stays in 2024 and no earlier journeys are invented. The organisations
are made up; their names are deliberately generic.
"""

from datetime import date

from django.db import transaction
from wagtail.models import Locale

from cms.demo import Progress, child_page, default_locale
from home.models import AwardsDirectoryPage, QualityMarkAward, SecureSettingsAward

YEAR = 2024
Sector, Region, Level = QualityMarkAward.Sector, QualityMarkAward.Region, QualityMarkAward.Level

# (organisation, sector, region, level awarded in 2024 or "" while working towards one)
QUALITY_MARK = [
    ("Amberley Vale NHS Trust", Sector.NHS_TRUST, Region.SOUTH_WEST, Level.SILVER),
    ("Brackenridge Community NHS Trust", Sector.NHS_TRUST, Region.NORTH_WEST, Level.SILVER),
    ("Corrie Moss Women's Centre", Sector.WOMENS_CENTRE, Region.NORTH_EAST, Level.SILVER),
    ("Dunmere Women's Centre", Sector.WOMENS_CENTRE, Region.WALES, Level.SILVER),
    ("Elmstead Family Support Network", Sector.VOLUNTARY, Region.LONDON, Level.SILVER),
    ("Fernhollow Voluntary Action", Sector.VOLUNTARY, Region.EAST_MIDLANDS, Level.SILVER),
    ("University of Greywater", Sector.UNIVERSITY, Region.YORKSHIRE, Level.SILVER),
    ("Harrowmere Youth Development Agency", Sector.YOUTH, Region.WEST_MIDLANDS, Level.SILVER),
    ("Ivystone Lane Women's Centre", Sector.WOMENS_CENTRE, Region.LONDON, Level.BRONZE),
    ("Juniper Fold NHS Trust", Sector.NHS_TRUST, Region.EAST, Level.BRONZE),
    ("Kestrel Point Community Trust", Sector.VOLUNTARY, Region.SOUTH_EAST, Level.BRONZE),
    ("Larchfield University", Sector.UNIVERSITY, Region.SCOTLAND, Level.BRONZE),
    ("Millbeck Reach Youth Partnership", Sector.YOUTH, Region.NORTH_WEST, Level.BRONZE),
    ("Nettlecombe Women's Centre", Sector.WOMENS_CENTRE, Region.SOUTH_WEST, ""),
    ("Oakhurst Mental Health NHS Trust", Sector.NHS_TRUST, Region.YORKSHIRE, ""),
    ("Pennyfold Women's Network", Sector.VOLUNTARY, Region.NORTHERN_IRELAND, ""),
    ("Quarrybank Recovery Project", Sector.VOLUNTARY, Region.WEST_MIDLANDS, ""),
    ("Rowanmere University", Sector.UNIVERSITY, Region.LONDON, ""),
    ("Saltmarsh Youth Development Agency", Sector.YOUTH, Region.EAST, ""),
    ("Thornwick Heath NHS Trust", Sector.NHS_TRUST, Region.SOUTH_EAST, ""),
    ("Upper Wensley Women's Centre", Sector.WOMENS_CENTRE, Region.NORTH_EAST, ""),
    ("Valleyside Housing and Support", Sector.VOLUNTARY, Region.WALES, ""),
    ("Willowgate Young People's Service", Sector.YOUTH, Region.EAST_MIDLANDS, ""),
    ("Yarrowford University", Sector.UNIVERSITY, Region.NORTH_WEST, ""),
    ("Ashgrove Women's Centre", Sector.WOMENS_CENTRE, Region.EAST_MIDLANDS, ""),
    ("Bramblewick Community NHS Trust", Sector.NHS_TRUST, Region.LONDON, ""),
    ("Cloverdale Advice and Support", Sector.VOLUNTARY, Region.SCOTLAND, ""),
    ("Dovecote Youth Development Agency", Sector.YOUTH, Region.SOUTH_WEST, ""),
]

# Two organisations in Wales go by Welsh names on the Welsh site.
WELSH_NAMES = {
    "Dunmere Women's Centre": "Canolfan Menywod Dunmere",
    "Valleyside Housing and Support": "Tai a Chymorth Ochr y Cwm",
}

SECURE_SETTINGS = [
    ("Specialist unit", "HMP Aylesbury"),
    ("Specialist unit", "HMP Brixton"),
    ("Specialist unit", "HMP Swaleside"),
]

DIRECTORY = {
    "title": "Awards directory",
    "intro": "Organisations and prison units recognised for trauma-informed practice, and the "
    "organisations working towards recognition.",
    "listing_date": date(2024, 12, 1),
}


def build(stdout, home):
    """The awards and their directory page under the Quality Mark page; returns
    {"awards": directory}, or {} when there is no Quality Mark page to put it under."""
    progress = Progress(stdout, "awards", 4)
    section = home.get_children().filter(slug="quality-mark").first()
    if section is None:
        progress.step("skipped: there is no quality-mark page to put the directory under")
        return {}
    with transaction.atomic():
        english = default_locale()
        created = sum(_quality_mark(english, *row) for row in QUALITY_MARK)
        progress.step(f"{created} Quality Mark organisations created, the rest kept")
        created = sum(_secure_setting(english, *row) for row in SECURE_SETTINGS)
        progress.step(f"{created} secure settings units created, the rest kept")
        progress.step(f"{_welsh_names(english)} Welsh organisation names added")
    directory, created = child_page(
        section.specific,
        AwardsDirectoryPage,
        "awards",
        search_description=DIRECTORY["intro"],
        **DIRECTORY,
    )
    progress.step(("created " if created else "kept ") + directory.title)
    return {"awards": directory}


def _quality_mark(locale, organisation, sector, region, level):
    _award, created = QualityMarkAward.objects.get_or_create(
        organisation=organisation,
        locale=locale,
        defaults={
            "sector": sector,
            "region": region,
            "began_year": YEAR,
            "level": level,
            "awarded_year": YEAR if level else None,
        },
    )
    return created


def _secure_setting(locale, unit, establishment):
    _award, created = SecureSettingsAward.objects.get_or_create(
        unit=unit,
        establishment=establishment,
        locale=locale,
        defaults={
            "level": SecureSettingsAward.Level.ONE,
            "awarded_year": YEAR,
            "pilot": True,
        },
    )
    return created


def _welsh_names(english):
    welsh, _ = Locale.objects.get_or_create(language_code="cy")
    added = 0
    for name, welsh_name in WELSH_NAMES.items():
        award = QualityMarkAward.objects.filter(organisation=name, locale=english).first()
        if award is None or award.has_translation(welsh):
            continue
        translated = award.copy_for_translation(welsh)
        translated.organisation = welsh_name
        translated.save()
        added += 1
    return added
