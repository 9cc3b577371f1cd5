import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from wagtail.models import Locale, Page, Site

from cms import cache as tagged

IN_CI = os.environ.get("CI", "").lower() == "true"


def service_missing(what: str, how_to_fix: str):
    """Skip on a developer's machine, fail in CI: a service test never silently skips there."""
    message = f"{what} is not available. {how_to_fix}"
    if IN_CI:
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches (throttle counts, cached settings, and the
    tagged cache of cms.cache, whose entries would outlive a rolled-back test's rows)."""
    cache.clear()
    caches["pages"].clear()
    tagged.local_memos.clear()
    yield
    cache.clear()
    caches["pages"].clear()
    tagged.local_memos.clear()


@pytest.fixture
def home(db):
    """The English home page the home plugin's migration creates as the default site root."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def welsh(db):
    locale, _ = Locale.objects.get_or_create(language_code="cy")
    return locale


@pytest.fixture
def welsh_home(home, welsh):
    page = home.copy_for_translation(welsh)
    page.title = "Hafan"
    page.save_revision().publish()
    return page


@pytest.fixture
def tree_root(db):
    return Page.get_first_root_node()


def run_manage(*args, env):
    """Run `manage.py` in a separate process with its own environment (settings, database)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
