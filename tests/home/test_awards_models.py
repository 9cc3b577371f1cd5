"""The award snippets: a year awarded goes with a level, and the QuerySets count by level,
year and journey start, and pick each locale's rows with the default locale's as fallback."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from wagtail.models import Locale

from home.models import QualityMarkAward, SecureSettingsAward

from .awards_factories import Level, Region, Sector, quality_mark, secure_setting

pytestmark = pytest.mark.django_db


def unsaved(**fields):
    values = {
        "organisation": "Hazel Trust",
        "sector": Sector.VOLUNTARY,
        "region": Region.WALES,
        "began_year": 2024,
        "locale": Locale.get_default(),
    }
    return QualityMarkAward(**{**values, **fields})


def test_a_level_needs_the_year_it_was_awarded():
    with pytest.raises(ValidationError) as error:
        unsaved(level=Level.SILVER).full_clean()
    assert "awarded_year" in error.value.message_dict


def test_a_year_awarded_needs_a_level():
    with pytest.raises(ValidationError) as error:
        unsaved(awarded_year=2024).full_clean()
    assert "awarded_year" in error.value.message_dict


def test_an_award_cannot_come_before_the_journey_began():
    with pytest.raises(ValidationError) as error:
        unsaved(level=Level.BRONZE, awarded_year=2023).full_clean()
    assert "awarded_year" in error.value.message_dict


def test_working_towards_a_level_or_awarded_one_are_both_valid():
    unsaved().full_clean()
    unsaved(level=Level.GOLD, awarded_year=2025).full_clean()


def test_the_database_refuses_a_level_without_a_year():
    with pytest.raises(IntegrityError), transaction.atomic():
        unsaved(level=Level.SILVER).save()


def test_an_unknown_level_or_sector_is_refused():
    with pytest.raises(ValidationError) as error:
        unsaved(level="platinum", awarded_year=2024, sector="bank").full_clean()
    assert {"level", "sector"} <= error.value.message_dict.keys()


def test_counts_by_level_and_year_in_one_query(django_assert_num_queries):
    quality_mark("A", level=Level.SILVER)
    quality_mark("B", level=Level.SILVER)
    quality_mark("C", level=Level.BRONZE, began=2023, year=2024)
    quality_mark("D", level=Level.GOLD, year=2025)
    quality_mark("E")
    with django_assert_num_queries(1):
        counts = QualityMarkAward.objects.counts_by_level_and_year()
    assert counts == {
        ("silver", 2024): 2,
        ("bronze", 2024): 1,
        ("gold", 2025): 1,
        ("", None): 1,
    }
    with django_assert_num_queries(1):
        began = QualityMarkAward.objects.counts_by_year_began()
    assert began == {2024: 4, 2023: 1}
    assert QualityMarkAward.objects.counts_by_level() == {
        "silver": 2,
        "bronze": 1,
        "gold": 1,
        "": 1,
    }
    assert QualityMarkAward.objects.awarded_in(2024).at_level(Level.SILVER).count() == 2
    assert QualityMarkAward.objects.working_towards().get().organisation == "E"
    assert QualityMarkAward.objects.began_in(2023).get().organisation == "C"


def test_secure_settings_count_by_level_and_year():
    secure_setting("Unit A", "HMP One")
    secure_setting("Unit B", "HMP Two", level=SecureSettingsAward.Level.TWO, year=2025)
    assert SecureSettingsAward.objects.counts_by_level_and_year() == {
        ("level-one", 2024): 1,
        ("level-two", 2025): 1,
    }


def test_localized_rows_fall_back_to_the_default_locale(welsh):
    english = quality_mark("Hazel Women's Centre", level=Level.BRONZE)
    untranslated = quality_mark("Rowan Trust")
    welsh_row = english.copy_for_translation(welsh)
    welsh_row.organisation = "Canolfan Menywod Collen"
    welsh_row.save()
    in_welsh = QualityMarkAward.objects.localized(welsh)
    assert sorted(in_welsh.values_list("organisation", flat=True)) == [
        "Canolfan Menywod Collen",
        "Rowan Trust",
    ]
    in_english = QualityMarkAward.objects.localized(Locale.get_default())
    assert set(in_english) == {english, untranslated}


def test_a_snippet_says_what_it_is():
    assert str(unsaved()) == "Hazel Trust"
    unit = SecureSettingsAward(unit="Specialist unit", establishment="HMP Example")
    assert str(unit) == "Specialist unit, HMP Example"
