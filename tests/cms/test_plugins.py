"""Removing a plugin from CMS_PLUGINS leaves a working site."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from cms.plugins import installed_plugins
from tests.conftest import run_manage

PROBE = """
from django.contrib.auth import get_user_model
from django.test import Client
from django.conf import settings
assert "{plugin}" not in settings.INSTALLED_APPS, settings.INSTALLED_APPS
get_user_model().objects.create_superuser("probe", "probe@example.org", "a-long-probe-password")
client = Client()
home = client.get("/")
assert home.status_code == 200, home.status_code
client.force_login(get_user_model().objects.get(username="probe"))
admin = client.get("/admin/")
assert admin.status_code == 200, admin.status_code
about = client.get("/about-us/")
assert about.status_code == 200, about.status_code
print("site works without {plugin}")
"""


def test_every_listed_plugin_is_discovered():
    assert [p.label for p in installed_plugins()] == settings.CMS_PLUGINS


@pytest.mark.parametrize("plugin", ["events", "policy"])
def test_site_works_and_builds_its_demo_with_a_plugin_removed(tmp_path, plugin):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "CMS_PLUGINS": ",".join(p for p in settings.CMS_PLUGINS if p != plugin),
        "DATABASE_URL": f"sqlite:///{tmp_path / f'without-{plugin}.sqlite3'}",
    }

    def manage(*args):
        return run_manage(*args, env=env)

    check = manage("check", "--fail-level", "WARNING")
    assert check.returncode == 0, check.stderr
    migrate = manage("migrate", "--noinput", "-v0")
    assert migrate.returncode == 0, migrate.stderr
    demo = manage("load_demo")
    assert demo.returncode == 0, demo.stderr
    assert f"Demo content: {plugin}" not in demo.stdout
    probe = manage("shell", "-c", PROBE.format(plugin=plugin))
    assert probe.returncode == 0, probe.stderr
    assert f"site works without {plugin}" in probe.stdout


# Run with the events plugin removed from a site that had it: its tables and rows remain.
PROBE_AFTER_EVENTS = """
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page
client = Client(raise_request_exception=False)

def status(url):
    return client.get(url).status_code

for url in ["/", "/about-us/", "/search/?q=training", "/search/?q=workshop", "/sitemap.xml"]:
    assert status(url) == 200, (url, status(url))
training = client.get("/training/")
assert training.status_code == 200 and "Trauma-informed training" in training.content.decode()
# Pages whose model class went with the plugin are not found, and search leaves them out.
event = Page.objects.get(slug="national-day-one")
assert event.specific_class is None
assert status(event.url) == 404, status(event.url)
found = client.get("/search/?q=national").content.decode()
assert "national-day-one" not in found, found
assert status("/events/calendar.ics") == 404  # the plugin's own urls went with it
# Signed out: sent to sign in, the kept page's title not shown.
response = client.get(f"/admin/pages/{event.pk}/edit/", follow=True)
assert "/admin/login/" in response.redirect_chain[-1][0], response.redirect_chain
assert event.title not in response.content.decode()
get_user_model().objects.create_superuser("probe", "probe@example.org", "a-long-probe-password")
client.force_login(get_user_model().objects.get(username="probe"))
section = Page.objects.get(slug="training")
for url in ["/admin/", f"/admin/pages/{section.pk}/", "/admin/documents/"]:
    assert status(url) == 200, (url, status(url))
# Editing, previewing, copying, moving the kept page, or asking where it is used: back
# to its section, told which plugin to add back. Its history, unpublishing and deleting
# still work.
for action in ["edit/", "edit/preview/", "copy/", "move/", "usage/", "view_draft/"]:
    url = f"/admin/pages/{event.pk}/{action}"
    response = client.get(url, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    assert response.redirect_chain[0][0].startswith("/admin/pages/"), response.redirect_chain
    text = response.content.decode()
    assert "plugin, which is not installed" in text and "CMS_PLUGINS" in text, url
for action in ["history/", "unpublish/", "delete/"]:
    assert status(f"/admin/pages/{event.pk}/{action}") == 200, action
print("site works without events, its pages kept")
"""


def test_site_still_works_when_events_is_removed_after_its_demo_was_loaded(tmp_path):
    database = f"sqlite:///{tmp_path / 'events-removed.sqlite3'}"
    with_all = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    with_all.update(DATABASE_URL=database, CMS_PLUGINS=",".join(settings.CMS_PLUGINS))
    for args in [("migrate", "--noinput", "-v0"), ("load_demo",)]:
        result = run_manage(*args, env=with_all)
        assert result.returncode == 0, result.stderr
    assert "Demo content: events" in result.stdout

    others = [plugin for plugin in settings.CMS_PLUGINS if plugin != "events"]
    without = {**with_all, "CMS_PLUGINS": ",".join(others)}
    check = run_manage("check", "--fail-level", "WARNING", env=without)
    assert check.returncode == 0, check.stderr
    probe = run_manage("shell", "-c", PROBE_AFTER_EVENTS, env=without)
    assert probe.returncode == 0, probe.stderr
    assert "site works without events, its pages kept" in probe.stdout


# opensearch-py installs a PyPI package with a top-level module called "events". Here a
# package of that name is put ahead of the project on the import path, as happens when a
# server is started from another directory.


def shadowing_events(tmp_path):
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "__init__.py").write_text('"""Not the plugin."""\n')
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
    }


def test_a_plugin_shadowed_by_another_package_stops_the_start_naming_the_fix(tmp_path):
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=tmp_path,
        env=shadowing_events(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "The plugin 'events' was imported from" in result.stderr, result.stderr
    assert "Start the site from the project directory" in result.stderr


def test_gunicorn_loads_the_project_s_plugins_from_any_directory(tmp_path):
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--check-config",
            "-c",
            str(settings.BASE_DIR / "cms" / "gunicorn.conf.py"),
            "cms.wsgi",
        ],
        cwd=tmp_path,
        env=shadowing_events(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
