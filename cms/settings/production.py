"""Production: every secret and host comes from the environment, with no fallback."""

from django.core.exceptions import ImproperlyConfigured

from cms.settings import env
from cms.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env.required(
    "SECRET_KEY",
    "Set it to a long random value, e.g. the output of "
    "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
)
# Django's own deployment check asks for at least 50 characters and 5 different ones.
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY is too short or too simple (at least 50 characters, 5 different). "
        "Use e.g. the output of `python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )
ALLOWED_HOSTS = env.items("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set (or lists no host). Set it to the site's host names, "
        "comma-separated, e.g. ALLOWED_HOSTS=www.example.org,example.org."
    )
# Several processes (and servers) share one cache, so a publish purges every copy of a page.
if not REDIS_URL:  # noqa: F405
    raise ImproperlyConfigured(
        "REDIS_URL is not set. Production shares its page cache across processes in Redis: "
        "set e.g. REDIS_URL=redis://127.0.0.1:6379/0 (`make redis` starts one locally)."
    )
CSRF_TRUSTED_ORIGINS = env.items("CSRF_TRUSTED_ORIGINS", [f"https://{h}" for h in ALLOWED_HOSTS])

SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True

STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.text("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "website@onesmallthing.org.uk")
STATIC_ROOT = BASE_DIR / "staticfiles"  # noqa: F405

# Background tasks (document text extraction, booking emails, the search outbox replay) are
# queued in the database and run by the worker, `manage.py db_worker`, out of the request.
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env.text("TASKS_BACKEND", "database")]}}  # noqa: F405
