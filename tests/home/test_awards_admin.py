"""The awards in the admin: both snippets listed under one "Awards" menu for staff with the
permission, refused without it; the directory page previews as it will be published."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from .awards_factories import (
    Level,
    directory_fixture,  # noqa: F401 - the directory fixture
    quality_mark,
    secure_setting,
)

pytestmark = pytest.mark.django_db

QUALITY_MARK_LIST = "wagtailsnippets_home_qualitymarkaward:list"
SECURE_SETTINGS_LIST = "wagtailsnippets_home_securesettingsaward:list"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="x" * 12)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def awards():
    return [
        quality_mark("Alder NHS Trust", level=Level.SILVER),
        quality_mark("Birch Women's Centre"),
        secure_setting("Specialist unit", "HMP Example"),
    ]


def test_an_editor_without_the_permission_is_refused(client, editor, awards):
    client.force_login(editor)
    assert client.get(reverse(QUALITY_MARK_LIST)).status_code in (302, 403)
    assert client.get(reverse(SECURE_SETTINGS_LIST)).status_code in (302, 403)
    assert (
        "Alder NHS Trust"
        not in client.get(reverse(QUALITY_MARK_LIST), follow=True).content.decode()
    )


def test_an_anonymous_visitor_is_sent_to_sign_in(client, awards):
    response = client.get(reverse(QUALITY_MARK_LIST))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_with_the_permission_see_the_listing(client, editor, awards):
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="home",
            codename__in=["view_qualitymarkaward", "view_securesettingsaward"],
        )
    )
    client.force_login(editor)
    response = client.get(reverse(QUALITY_MARK_LIST))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alder NHS Trust" in html and "Birch Women&#x27;s Centre" in html
    assert "HMP Example" in client.get(reverse(SECURE_SETTINGS_LIST)).content.decode()


def test_the_listing_filters_by_level_and_searches_by_name(admin_client, awards):
    html = admin_client.get(reverse(QUALITY_MARK_LIST), {"level": "silver"}).content.decode()
    assert "Alder NHS Trust" in html and "Birch Women" not in html
    html = admin_client.get(reverse(QUALITY_MARK_LIST), {"q": "birch"}).content.decode()
    assert "Birch Women" in html and "Alder NHS Trust" not in html
    menu = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awards" in menu


def test_the_admin_form_refuses_a_level_without_a_year(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_home_qualitymarkaward:add"),
        {
            "organisation": "Cedar University",
            "sector": "university",
            "region": "wales",
            "began_year": "2024",
            "level": "silver",
            "awarded_year": "",
            "link": "",
        },
    )
    assert response.status_code == 200
    assert "Enter the year this level was awarded." in response.content.decode()


def test_the_directory_page_previews(admin_client, directory, awards):
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[directory.pk]))
    assert response.status_code == 200
    assert "Alder NHS Trust" in response.content.decode()
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[directory.pk]))
    assert edit.status_code == 200
