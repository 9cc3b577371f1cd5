"""Editors translate pages and menus with wagtail-localize in the admin."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page

from cms.models import Menu
from tests.factories import MenuFactory, MenuItemFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def test_editor_submits_a_page_for_welsh_translation(admin_client, home, welsh):
    home.copy_for_translation(welsh).save_revision().publish()
    page = StandardPageFactory(parent=home, title="Training courses")
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"locales": [welsh.pk]})
    assert response.status_code == 302
    translated = Page.objects.get(translation_key=page.translation_key, locale=welsh)
    assert translated.title == "Training courses"  # untranslated text falls back to English
    assert not translated.live  # a draft until the translation is published


def test_editor_submits_a_menu_for_welsh_translation(admin_client, home, welsh):
    menu = MenuFactory(handle=Menu.Handle.FOOTER, locale=Locale.get_default())
    MenuItemFactory(menu=menu, link_url="https://example.org/donate", label="Donate")
    url = reverse("wagtail_localize:submit_snippet_translation", args=["cms", "menu", menu.pk])
    response = admin_client.post(url, {"locales": [welsh.pk]})
    assert response.status_code == 302
    welsh_menu = Menu.objects.get(translation_key=menu.translation_key, locale=welsh)
    assert welsh_menu.handle == Menu.Handle.FOOTER
    assert [item.label for item in welsh_menu.items.all()] == ["Donate"]
