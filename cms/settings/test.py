"""Tests: only what makes them fast and deterministic differs from development."""

from cms.settings.dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Each test process keeps its caches in memory, even where REDIS_URL is set (CI): tests that
# need Redis point a cache at it themselves, so the suite never flushes a shared Redis.
CACHES = LOCAL_CACHES  # noqa: F405
# Whole-page caching is tested on its own (tests/cms/test_page_cache.py); elsewhere each
# request renders, so a test sees its own writes without depending on the purges.
PAGE_CACHE = False
