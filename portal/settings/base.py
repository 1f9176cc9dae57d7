"""Settings shared by every environment, read from the environment.

`development`, `test` and `production` import this module and change only what differs.
Defaults here are the safe ones: DEBUG off, SECRET_KEY required; the HTTPS hardening (secure
cookies, redirection to HTTPS, HSTS, the proxy's header) is production's, in `production.py`.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from portal.infrastructure.env import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent


VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


# --- Core ---------------------------------------------------------------------------------
DEBUG = False


def required_secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if not key:
        raise ImproperlyConfigured(
            "SECRET_KEY manquante : définissez la variable d'environnement SECRET_KEY "
            "(obligatoire quand DEBUG est désactivé). / SECRET_KEY is required when DEBUG is off."
        )
    return key


ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Applications -------------------------------------------------------------------------
INSTALLED_APPS = [
    # The portal's own apps first, so their templates and demo builders come first.
    "portal.accounts",
    "portal.pharmacies",
    "portal.pages",
    "portal.audit",
    "portal.exports",
    "selfassessment",
    "toolkit",
    "quizzes",
    "registers",
    "bench",  # benchmarks, volume seeds, load test: imports every app, imported by none
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.table_block",
    "wagtail.sites",
    "portal.accounts.wagtail_apps.PortalUsersAppConfig",  # Wagtail users, with profile and RPPS
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Accounts: django-allauth (email sign-up, verification, MFA)
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Import / export of questionnaires, courses and results
    "import_export",
    "csp",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

# The page caches (portal/caching/pages.py) come right after the middleware that only add headers or
# choose the language, so that a cached page costs no session, authentication or query work.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.infrastructure.middleware.PortalLanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.infrastructure.middleware.ContentSecurityPolicyMiddleware",
    "portal.caching.AnonymousPageCacheMiddleware",
    "portal.caching.PersonalPageCacheMiddleware",
    "portal.infrastructure.sites.CurrentSiteMiddleware",
    "portal.infrastructure.sessions.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.accounts.middleware.IdleSessionExpiry",
    "portal.accounts.middleware.AdminRequiresMFAMiddleware",
    "portal.pharmacies.middleware.CurrentPharmacyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.portal",
                "toolkit.context_processors.notifications",
            ],
            # No "loaders" here: with DEBUG off, Django compiles each template once per process (its
            # cached loader; tests/test_settings.py checks that production keeps it).
            # The one HTML sanitiser, for every template: {% load sanitizer %}
            "libraries": {"sanitizer": "portal.documents.sanitizer"},
            # In every template: how counts and rates are written ({{ n|count }}, {{ rate|decimal }}),
            # the one date format ({{ value|day }}, {{ value|day_time }}) and French plurals
            "builtins": ["portal.rules.number_tags", "portal.pages.templatetags.builtins"],
        },
    },
]

# --- Database: SQLite by default, PostgreSQL in production through DATABASE_URL --------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Concurrent web use of the embedded default: readers never wait for the writer (WAL),
    # a writer waits for the other instead of failing ("database is locked"), and every
    # transaction takes the write lock at its start, so two cannot deadlock when upgrading.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_TIMEOUT", "20")),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: a shared cache is needed by allauth's rate limits ------------------------------
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    }
}

# --- Authentication -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, loading the signed-in person from the cache
# (portal/accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "portal.accounts.backends.ModelBackend",
    "portal.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Portail qualité] "
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "portal.accounts.forms.SignupForm"  # names and kind of user
ACCOUNT_CHANGE_EMAIL = True  # one address; a new one replaces it once verified
# Emails on security events: password changed or set, email address changed, MFA changed.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Idle sessions end (seconds without a request); a pharmacy's counter computer is shared.
SESSION_IDLE_TIMEOUT_PHARMACY = int(os.environ.get("SESSION_IDLE_TIMEOUT_PHARMACY", str(8 * 3600)))
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(14 * 24 * 3600)))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Portail qualité officine"

# --- Internationalisation: French first, English available ---------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]

# --- Static and media files (WhiteNoise serves static files in every environment) ----------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Email: console in development, SMTP from the environment in production ----------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Portail qualité <no-reply@portail-qualite.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security headers of every environment (HTTPS hardening: production.py) ---------------
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail overrides it on its own preview views
SESSION_COOKIE_HTTPONLY = True

# Content Security Policy (django-csp): scripts only from our own files, never inline; no
# framing. CSP_REPORT_ONLY=1 sends it as report-only (to try a change without breaking pages).
CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF, UNSAFE_INLINE],  # style="" attributes of server-rendered charts
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}
if env_bool("CSP_REPORT_ONLY"):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": CSP_DIRECTIVES}
    CONTENT_SECURITY_POLICY = None
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": CSP_DIRECTIVES}
# The Wagtail admin only (portal.infrastructure.middleware.ContentSecurityPolicyMiddleware).
ADMIN_CSP_REPLACE = {
    "script-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-ancestors": [SELF],
    "frame-src": [SELF],
}

# --- Wagtail -------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Portail qualité officine"
WAGTAILADMIN_BASE_URL = SITE_URL
# One login for everyone: allauth's (two-factor step, rate limits); Wagtail's own login and
# password-reset forms would skip both.
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL  # login-restricted pages: allauth's login, not `_util/login/`
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False  # passwords change in "Mon compte" (allauth, notified)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "xlsx", "zip"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every upload is limited in size and checked against its extension (portal/documents/uploads.py).
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.documents.uploads.DocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_MAX_ROWS = 5000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
WAGTAIL_ENABLE_UPDATE_CHECK = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Logging: concise, to the console ----------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Wagtail 8 runs search-index and reference-index updates as tasks: one line each.
        "django.tasks": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}


# === Scale (performance): background tasks, Redis, S3 storage, pooler, caching, logs, Sentry ===
# Everything below is switched by environment variables, so that N identical app servers can run
# behind a load balancer (docs/deployment.md). Without any of them, one machine runs it all.

# Background tasks: the database backend of django-tasks and its worker (`manage.py db_worker`,
# started by `make run`) by default; RQ on Redis with TASK_BACKEND=rq (worker: `manage.py rqworker`).
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]  # noqa: F405
REDIS_URL = os.environ.get("REDIS_URL", "")
TASK_BACKEND = os.environ.get("TASK_BACKEND", "database")
if TASK_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 3600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Redis (REDIS_URL): the shared cache (pages, fragments, rate limits) and the sessions. The cache
# reads a Redis failure as a miss; the sessions, same server and keys, raise it (the 503 page).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.infrastructure.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
        }
    }
    CACHES["sessions"] = {**CACHES["default"], "BACKEND": "portal.infrastructure.redis_cache.RedisSessionCache"}
    SESSION_CACHE_ALIAS = "sessions"
    SESSION_ENGINE = os.environ.get("SESSION_ENGINE", "portal.infrastructure.sessions")

# Anonymous pages and shared fragments (portal/caching/): seconds they stay cached at most;
# publishing any page purges them at once. 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Signed-in pages marked @cache_personal, for their own session only: seconds at most (any change
# of what they show drops them at once; the bound covers "in 3 days" wording). 0 turns it off.
PERSONAL_PAGE_CACHE_SECONDS = int(os.environ.get("PERSONAL_PAGE_CACHE_SECONDS", "120"))
# The register statistics' national figures (other pharmacies' anonymous funnel points, the national
# rate) are rebuilt after any pharmacy's registers change, at most once per this many seconds; the
# pharmacy's own figures are always current. 0: rebuilt at once.
REGISTERS_NATIONAL_REFRESH_SECONDS = int(os.environ.get("REGISTERS_NATIONAL_REFRESH_SECONDS", "60"))

# S3-compatible storage for documents, images and the tools ZIP (AWS_STORAGE_BUCKET_NAME set).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True  # private documents: short-lived signed links
    AWS_S3_FILE_OVERWRITE = False
    STORAGES = {**STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}

# PostgreSQL behind a transaction-pooling PgBouncer (DATABASE_POOLER=1): no server-side cursors.
if env_bool("DATABASE_POOLER"):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# PostgreSQL: parameters bound by the server and a statement run 5 times on a connection prepared
# there (psycopg's prepare_threshold), so that the server stops planning the same write again: a
# quiz answer costs the server about 40 % less CPU (docs/benchmarks.md). Off behind a transaction
# pooler by default, whose server connections change between transactions (PgBouncer keeps
# prepared statements from 1.21 with max_prepared_statements: then DATABASE_PREPARED_STATEMENTS=1).
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool(
    "DATABASE_PREPARED_STATEMENTS", default=not env_bool("DATABASE_POOLER")
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)

# Structured logs: one JSON line per request (portal.infrastructure.logs.RequestLogMiddleware), no personal data.
MIDDLEWARE.insert(0, "portal.infrastructure.logs.RequestLogMiddleware")
LOGGING["formatters"] = {"json": {"()": "portal.infrastructure.logs.JsonFormatter"}}
LOGGING["handlers"]["requests"] = {"class": "logging.StreamHandler", "formatter": "json"}
LOGGING["loggers"]["portal.requests"] = {
    "handlers": ["requests"],
    "level": os.environ.get("REQUEST_LOG_LEVEL", "INFO"),
    "propagate": False,
}

# Optional error reporting: Sentry when SENTRY_DSN is set (no personal data sent).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        send_default_pii=False,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
    )
