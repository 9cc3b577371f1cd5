"""Settings shared by every environment. Values that differ come from cms.settings.env."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from cms.settings import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# The plugins that make up the site, in order. The core discovers their urls, admin
# hooks and demo content; removing one leaves a working site.
CMS_PLUGINS = env.items("CMS_PLUGINS", ["home", "events", "policy", "search"])

INSTALLED_APPS = [
    "cms",
    *CMS_PLUGINS,
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: answers /healthz and /readyz for load balancers, which call by address over
    # plain HTTP, before the host check and the HTTPS redirect (cms.health).
    "cms.health.HealthMiddleware",
    # Next: a cached page is answered before anything else runs.
    "cms.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A page whose plugin was removed: a message in the admin, not a 500 (cms.plugins).
    "cms.plugins.MissingPluginMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Records who made each change in the history of versioned records.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env.text("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env.integer("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite is for one editor at a time on a laptop. Even so, a reindex running while pages
    # are published must wait its turn rather than fail with "database is locked": WAL lets
    # readers carry on beside one writer, IMMEDIATE takes the write lock when a transaction
    # starts (so it waits instead of failing half-way), and the timeout bounds the wait.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The front-end login (for login-restricted pages) returns to its `next` page, else home.
LOGIN_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling on the admin login: five failures per user and address lock for an hour.
AXES_FAILURE_LIMIT = env.integer("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env.integer("LOGIN_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "cms/login_locked.html"
# Behind a proxy, trust X-Forwarded-For only for the configured number of hops.
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Languages: English (UK) first, Welsh second. English has no URL prefix.
LANGUAGE_CODE = "en-gb"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en-gb", _("English")),
    ("cy", _("Welsh")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = True
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.text("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The cache: Redis when REDIS_URL is set (production, CI, several processes), else this
# process's memory. Two aliases on the same store: `default` (Wagtail's site lookups, the
# calendar feeds, throttles) shrugs off a Redis outage; `pages` (the page cache and cached
# menus and settings, cms.cache) sees it, so it can serve uncached and say so once a minute.
REDIS_URL = env.text("REDIS_URL")
CACHE_KEY_PREFIX = env.text("CACHE_KEY_PREFIX", "ost")
# Caches in the process's own memory: the embedded default, and every test process.
LOCAL_CACHES = {
    # Room for the calendar feeds' cached events, one entry each (events.feeds).
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # Wagtail writes every rendition it uses to this cache, on every use. Listings prefetch
    # their renditions, so a shared cache would only add a round trip per image; each
    # process keeps its own, for ten minutes (a rendition row is never changed, only deleted).
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}
if REDIS_URL:
    _redis_options = {
        # A Redis that has gone away costs a request a fraction of a second, not a hang.
        "SOCKET_CONNECT_TIMEOUT": 0.5,
        "SOCKET_TIMEOUT": 0.5,
    }
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {**_redis_options, "IGNORE_EXCEPTIONS": True},
        },
        "pages": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-pages",
            "OPTIONS": _redis_options,
        },
        "renditions": LOCAL_CACHES["renditions"],
    }
else:
    CACHES = LOCAL_CACHES
# Whole public pages for anonymous visitors (cms.page_cache), purged when what they show
# changes. The timeout only frees memory; freshness comes from the purges.
PAGE_CACHE = env.boolean("PAGE_CACHE", True)
PAGE_CACHE_TIMEOUT = env.integer("PAGE_CACHE_TIMEOUT", 24 * 60 * 60)

# Background tasks (document text extraction, booking emails, the search outbox replay):
# run inline by default; TASKS_BACKEND=database queues them in the database for the worker
# (`manage.py db_worker`), as production does.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env.text("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in TASK_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"TASKS_BACKEND={TASKS_BACKEND!r} is not known. Use immediate or database."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

# Registrations for events (names, emails, access needs) are personal data: they are deleted
# this many days after their event ends (`manage.py delete_expired_registrations`, daily).
EVENTS_KEEP_REGISTRATIONS_DAYS = env.integer("EVENTS_KEEP_REGISTRATIONS_DAYS", 90)

# Wagtail
WAGTAIL_SITE_NAME = "One Small Thing"
WAGTAILADMIN_BASE_URL = env.text("SITE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "cms.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "cms.CustomDocument"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Documents are always served through Wagtail's view, so privacy and collections apply.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "pptx",
    "xlsx",
    "odt",
    "odp",
    "ods",
    "rtf",
    "txt",
    "csv",
    "mp3",
    "m4a",
    "mp4",
    "wav",
    "ogg",
]
# Served with these types whatever the server's mimetypes table holds (a minimal image may
# lack .m4a and .ogg), so audio players and podcast apps get what the feeds announce.
WAGTAILDOCS_CONTENT_TYPES = {
    "mp3": "audio/mpeg",
    "m4a": "audio/x-m4a",
    "wav": "audio/wav",
    "ogg": "audio/ogg",
}
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Every upload's content is checked against its extension (magic bytes) by this form.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.documents.DocumentForm"
# Search: the database backend unless SEARCH_BACKEND names an engine. With an engine, the
# database index is kept too, so public search can answer from it while the engine is down.
SEARCH_ENGINE_BACKENDS = {
    "elasticsearch": "search.backends.elasticsearch7",
    "elasticsearch7": "search.backends.elasticsearch7",
    "elasticsearch8": "search.backends.elasticsearch8",
    "elasticsearch9": "search.backends.elasticsearch9",
    "opensearch": "search.backends.opensearch3",
}
SEARCH_BACKEND = env.text("SEARCH_BACKEND", "database")
# English stemming on PostgreSQL (autocomplete stays unstemmed); SQLite stems through the FTS5
# tokenizer that search/migrations/0003 sets.
DATABASE_SEARCH = {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}
if SEARCH_BACKEND == "database":
    WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH}
elif SEARCH_BACKEND in SEARCH_ENGINE_BACKENDS:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": SEARCH_ENGINE_BACKENDS[SEARCH_BACKEND],
            # Several comma-separated URLs for a cluster: the client retries across them.
            "URLS": env.items("SEARCH_URL", ["http://127.0.0.1:9201"]),
            "INDEX_PREFIX": env.text("SEARCH_INDEX_PREFIX", "ost_"),
            "TIMEOUT": env.integer("SEARCH_TIMEOUT", 3),
            "ATOMIC_REBUILD": True,
            # "auto": one replica when the cluster has more than one data node.
            "REPLICAS": env.text("SEARCH_REPLICAS", "auto"),
            # Connection errors fail over to the next URL; a timeout is not retried, so a
            # hung engine holds up a publish for SEARCH_TIMEOUT seconds at most.
            "OPTIONS": {
                "max_retries": env.integer("SEARCH_RETRIES", 2),
                "retry_on_timeout": False,
            },
        },
        "database": DATABASE_SEARCH,
    }
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"SEARCH_BACKEND={SEARCH_BACKEND!r} is not known. Use database, "
        + ", ".join(SEARCH_ENGINE_BACKENDS)
        + "."
    )
# After an index write fails, later writes go straight to the outbox for this many seconds
# instead of each waiting SEARCH_TIMEOUT for an engine that is down or hung.
SEARCH_WRITE_PAUSE = env.integer("SEARCH_WRITE_PAUSE", 30)
# A rebuild whose heartbeat (one per chunk indexed) is older than this was killed: it is
# marked abandoned and its journalled writes go back to the outbox.
SEARCH_REBUILD_STALE_AFTER = env.integer("SEARCH_REBUILD_STALE_AFTER", 300)
# Responsive embeds would carry an inline style, which the Content-Security-Policy blocks;
# the stylesheet sizes embedded frames instead (.embed iframe).
WAGTAILEMBEDS_RESPONSIVE_HTML = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# The page and document password forms and the front-end login, in the site's own layout.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "cms/password_required.html"  # noqa: S105 - a template
WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE = "cms/document_password_required.html"  # noqa: S105
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "cms/login.html"

# Content-Security-Policy on the public site. The admin has its own needs and Wagtail's
# own protections, so it is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/cy/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # YouTube's oEmbed answers with www.youtube.com frames; editors may paste nocookie ones.
        "frame-src": [
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

# Wagtail's live preview shows pages in a same-origin frame, so SAMEORIGIN, not DENY;
# the deployment check's advice to use DENY (W019) does not fit.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO")},
    "loggers": {
        # Named here, Django's own console handler is replaced: its lines reach the root
        # handler once, not twice.
        "django": {"level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        # One line per background task and page action is noise on the console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # The engine clients log every request at INFO.
        "elasticsearch": {"level": "WARNING"},
        "opensearch": {"level": "WARNING"},
        "urllib3": {"level": "WARNING"},
    },
}
