"""The index health page's buttons: superusers only, POST with CSRF, the same workflows as
the management commands (search.actions)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from modelsearch.backends import get_search_backend

from home.models import StandardPage
from search import actions
from search.models import IndexOutboxEntry, IndexRebuild
from tests.factories import StandardPageFactory

HEALTH = "/admin/search-health/"
BUTTONS = [
    "/admin/search-health/replay/",
    "/admin/search-health/parked/retry/",
    "/admin/search-health/parked/discard/",
    "/admin/search-health/rebuild/recover/",
]
CLOSED_PORT = ["http://127.0.0.1:9"]


@pytest.fixture
def editor(db):
    """An editor who may use the admin but is not a superuser."""
    user = get_user_model().objects.create_user("editor", password="a-long-password-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def parked_row():
    return IndexOutboxEntry.objects.create(
        backend="default",
        app_label="podcasts",
        model_name="episode",
        object_pk="7",
        action="upsert",
        parked_at=timezone.now(),
        parked_reason="The model podcasts.episode no longer exists",
    )


def stale_rebuild():
    rebuild = IndexRebuild.objects.create(backend="default")
    IndexRebuild.objects.filter(pk=rebuild.pk).update(
        heartbeat_at=timezone.now() - timedelta(hours=1)
    )
    return rebuild


def test_an_editor_gets_403_on_the_page_and_on_every_button(client, home, editor):
    row = parked_row()
    rebuild = stale_rebuild()
    client.force_login(editor)
    assert client.get(HEALTH).status_code == 403
    for url in BUTTONS:
        response = client.post(url, {"backend": "default", "entry": [row.pk]})
        assert response.status_code == 403, url
    row.refresh_from_db()
    assert row.parked_at is not None
    rebuild.refresh_from_db()
    assert rebuild.abandoned_at is None


@pytest.mark.parametrize(
    "action",
    [actions.replay_outbox, actions.retry_parked, actions.discard_parked],
)
def test_the_actions_refuse_a_user_who_is_not_a_superuser(home, editor, action):
    with pytest.raises(PermissionDenied):
        action(editor, "default")


def test_the_buttons_need_a_csrf_token(home, admin_user):
    row = parked_row()
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post("/admin/search-health/parked/discard/", {"backend": "default"})
    assert response.status_code == 403
    assert IndexOutboxEntry.objects.filter(pk=row.pk).exists()


def test_the_buttons_are_posted_forms_with_a_csrf_token(admin_client, home):
    parked_row()
    stale_rebuild()
    html = admin_client.get(HEALTH).content.decode()
    assert "podcasts.episode no longer exists" in html
    for url in BUTTONS[1:]:
        assert url in html
    assert html.count('name="csrfmiddlewaretoken"') >= 2
    assert admin_client.get("/admin/search-health/parked/discard/").status_code == 405


def test_a_superuser_discards_parked_rows_and_waiting_rows_stay(admin_client, home):
    row = parked_row()
    waiting = IndexOutboxEntry.objects.create(
        backend="default", app_label="home", model_name="standardpage", object_pk="1"
    )
    response = admin_client.post(
        "/admin/search-health/parked/discard/", {"backend": "default", "entry": [row.pk]}
    )
    assert response.status_code == 302
    assert list(IndexOutboxEntry.objects.values_list("pk", flat=True)) == [waiting.pk]


def test_a_superuser_replays_and_retries_from_the_page(admin_client, home, engine_setup):
    urls = engine_setup.settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    engine_setup.point_default_at(CLOSED_PORT)
    page = StandardPageFactory(parent=home, title="Waits for the button", intro="buttonwombat")
    engine_setup.point_default_at(urls)
    assert 'action="/admin/search-health/replay/"' in admin_client.get(HEALTH).content.decode()

    response = admin_client.post(
        "/admin/search-health/replay/", {"backend": "default"}, follow=True
    )
    assert "Replayed 1 write into the engine." in response.content.decode()
    assert not IndexOutboxEntry.objects.exists()
    engine_setup.refresh()
    assert get_search_backend().search("buttonwombat", StandardPage).count() == 1

    # A row parked earlier (say the object could not be serialised then) is retried.
    IndexOutboxEntry.objects.create(
        backend="default",
        app_label="home",
        model_name="standardpage",
        object_pk=str(page.pk),
        action="upsert",
        parked_at=timezone.now(),
        parked_reason="cannot be serialised",
    )
    response = admin_client.post(
        "/admin/search-health/parked/retry/", {"backend": "default"}, follow=True
    )
    html = response.content.decode()
    assert "1 parked write put back in the queue." in html
    assert "Replayed 1 write into the engine." in html
    assert not IndexOutboxEntry.objects.exists()


def test_the_commands_act_as_the_system(home):
    row = parked_row()
    assert actions.discard_parked(None, "default", ids=[row.pk]) == 1
    assert actions.recover_stale_rebuild(None, "default").abandoned == []
