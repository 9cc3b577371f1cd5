import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from search.models import IndexOutboxEntry

pytestmark = pytest.mark.django_db


def test_administrators_see_search_health_with_waiting_writes(admin_client, home):
    IndexOutboxEntry.objects.create(
        backend="default",
        app_label="home",
        model_name="standardpage",
        object_pk="1",
        action="upsert",
    )
    response = admin_client.get("/admin/search-health/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Search index health" in html
    assert "<td>1<br><small>oldest" in html


def test_editors_cannot_open_search_health(client, home):
    editor = get_user_model().objects.create_user("editor", password="a-long-password-1")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get("/admin/search-health/")
    assert response.status_code == 403  # refused plainly (see tests/search/test_health_actions.py)


def test_editors_can_read_the_search_terms_report(admin_client, client, home):
    client.get("/search/", {"q": "women's centres"})
    response = admin_client.get(reverse("wagtailsearchpromotions:search_terms"))
    assert response.status_code == 200
    assert "women&#x27;s centres" in response.content.decode()
