"""Local development: SQLite and database search unless the environment says otherwise."""

from cms.settings import env
from cms.settings.base import *  # noqa: F403

DEBUG = env.boolean("DEBUG", True)
# Development only: a fixed key is never used outside this module.
SECRET_KEY = env.text("SECRET_KEY", "development-only-key-not-for-production")  # noqa: S105
ALLOWED_HOSTS = env.items("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Serve static files straight from the app and project folders; no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
