"""Removing a plugin from CMS_PLUGINS leaves a working site."""

import os

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
