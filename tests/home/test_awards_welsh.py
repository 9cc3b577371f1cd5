"""The Welsh directory shows the Welsh rows of translated awards, and the English rows of
those not translated yet, so it is never empty."""

import pytest

from home.models import AwardsDirectoryPage

from .awards_factories import (
    Level,
    directory_fixture,  # noqa: F401 - the directory fixture
    names,
    quality_mark,
    secure_setting,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def welsh_directory(directory, welsh_home, welsh):
    page = directory.copy_for_translation(welsh)
    page.title = "Cyfeiriadur gwobrau"
    page.save_revision().publish()
    return AwardsDirectoryPage.objects.get(pk=page.pk)


def test_welsh_directory_shows_translations_and_falls_back_to_english(
    client, directory, welsh_directory, welsh
):
    hazel = quality_mark("Hazel Women's Centre", level=Level.SILVER)
    quality_mark("Rowan Trust", level=Level.BRONZE)
    secure_setting("Specialist unit", "HMP Example")
    translated = hazel.copy_for_translation(welsh)
    translated.organisation = "Canolfan Menywod Collen"
    translated.save()

    assert welsh_directory.url.startswith("/cy/")
    welsh_html = client.get(welsh_directory.url).content.decode()
    assert names(welsh_html) == ["Canolfan Menywod Collen", "Rowan Trust", "Specialist unit"]
    assert '<html lang="cy">' in welsh_html

    english_html = client.get(directory.url).content.decode()
    assert names(english_html) == ["Hazel Women's Centre", "Rowan Trust", "Specialist unit"]


def test_welsh_counts_do_not_count_a_translated_award_twice(client, welsh_directory, welsh):
    hazel = quality_mark("Hazel Women's Centre", level=Level.SILVER)
    hazel.copy_for_translation(welsh).save()
    html = client.get(welsh_directory.url).content.decode()
    assert len(names(html)) == 1
