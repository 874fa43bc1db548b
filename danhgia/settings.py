"""Settings of the danhgia web application: one module, driven by environment variables.

Development needs nothing: manage.py and the test run turn DEBUG on, SQLite lives in ``var/``.
Production (DEBUG off, the default) sets at least ``SECRET_KEY`` (or ``SECRET_KEY_FILE``),
``ALLOWED_HOSTS`` and usually ``DATABASE_URL``; then ``manage.py check --deploy`` is clean.
See docs/ARCHITECTURE.md.
"""

import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from danhgia.config import (
    cache_from_url,
    env_bool,
    env_int,
    env_int_list,
    env_list,
    env_secret,
    env_str,
    private_storage_from_env,
)
from danhgia.formats.vi import formats as vi_formats

BASE_DIR = Path(__file__).resolve().parent.parent

# Off unless asked for: a server started without configuration shows no debug pages. The
# development tools (manage.py, the test run: danhgia.devtools) default it to true.
DEBUG = env_bool("DEBUG", default=False)

_INSECURE_DEV_KEY = "django-insecure-danhgia-development-only-never-use-this-in-production"
try:
    SECRET_KEY = env_secret("SECRET_KEY", default=_INSECURE_DEV_KEY if DEBUG else None)
except ImproperlyConfigured as error:
    raise ImproperlyConfigured(f"{error} (production), or set DEBUG=true for development") from None
if not DEBUG and SECRET_KEY == _INSECURE_DEV_KEY:
    raise ImproperlyConfigured("SECRET_KEY: the development key cannot be used with DEBUG=false")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG=false")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "danhgia.audit",
    "danhgia.organisation",
    "danhgia.rules",
    "danhgia.notices",
    "danhgia.jobs",
    "danhgia.periods",
    "danhgia.tasks",
    "danhgia.evaluations",
    "danhgia.dossiers",
    "danhgia.review",
    "danhgia.decisions",
    "danhgia.documents",
    "danhgia.analytics",
    "danhgia.core",
    "danhgia.api",
    "danhgia.ops",
]

MIDDLEWARE = [
    # first: every request gets its id and its one log line (danhgia.ops.requestlog)
    "danhgia.ops.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "danhgia.core.middleware.RejectNulBytesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "danhgia.core.middleware.OwnNotFoundPageMiddleware",
    "danhgia.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "danhgia.urls"
WSGI_APPLICATION = "danhgia.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "danhgia" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "danhgia.core.context_processors.navigation",
            ],
            "builtins": ["danhgia.core.templatetags.vn"],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL names another (postgres://user:pass@host/db).
_DEFAULT_SQLITE = BASE_DIR / "var" / "danhgia.sqlite3"
if env_str("DATABASE_URL", "") == "":
    _DEFAULT_SQLITE.parent.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{_DEFAULT_SQLITE}",
        conn_max_age=env_int("CONN_MAX_AGE", 0, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DB_PREPARED_STATEMENTS", default=True
):
    # Parameters bound by the server, and a query sent five times on a connection is prepared:
    # PostgreSQL stops parsing and planning the same statements on every request (with
    # CONN_MAX_AGE > 0; docs/ARCHITECTURE.md "Under load": +15-30 % of the officials'
    # throughput). DB_PREPARED_STATEMENTS=false behind a pooler in transaction mode that does
    # not keep prepared statements (PgBouncer before 1.21, or without max_prepared_statements).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE avoids "database is locked" when two requests write at once.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared state for several app servers (docs/deploy.md): the cache from CACHE_URL
# (locmem:// by default, one process; redis://host:6379/0 or db:// to share it), sessions in the
# database (SESSION_BACKEND=db, the default) or the cache (cache, cached_db).
CACHES = {"default": cache_from_url(env_str("CACHE_URL", "locmem://"))}
SESSION_ENGINE = {
    "db": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cache",
    "cached_db": "django.contrib.sessions.backends.cached_db",
}.get(env_str("SESSION_BACKEND", "db"), "")
if not SESSION_ENGINE:
    raise ImproperlyConfigured("SESSION_BACKEND: expected one of db, cache, cached_db")

# The API (danhgia.api, docs/api.md): bearer tokens or the browser's session, every right from
# danhgia.access, JSON only, per-token rate limits counted in the cache above (per process:
# several app servers need a shared cache for one count).
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "600/min")
if not re.fullmatch(r"[1-9][0-9]{0,8}/(s|sec|second|m|min|minute|h|hour|d|day)", API_RATE_LIMIT):
    raise ImproperlyConfigured("API_RATE_LIMIT: expected requests/period, e.g. 600/min or 20/s")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "danhgia.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "danhgia.api.permissions.TokenMayWrite",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["danhgia.api.throttling.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "danhgia.api.pagination.Pages",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "danhgia.api.errors.handle",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "danhgia API",
    "DESCRIPTION": "Đánh giá, xếp loại cán bộ lãnh đạo, quản lý hằng quý: API phiên bản 1 "
    "(docs/api.md). Mọi quyền như trên các trang: ngoài phạm vi 404, không phải bước của bạn 403.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # <id:…> (danhgia.converters): a record id from 0 to 2³¹−1
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 0, "maximum": 2147483647},
    },
    "ENUM_NAME_OVERRIDES": {
        "RatingLevelEnum": "danhgia.rules.choices.RatingLevel",
        "EvaluationStateEnum": "danhgia.evaluations.choices.EvaluationState",
        "TaskStateEnum": "danhgia.tasks.choices.TaskState",
        "PeriodStateEnum": "danhgia.periods.choices.PeriodState",
        "FrameworkStatusEnum": "danhgia.rules.choices.FrameworkStatus",
        "PolicyStatusEnum": "danhgia.rules.choices.PolicyStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "danhgia.api.schema.document_errors",
    ],
}

# Django's validators with Vietnamese messages (danhgia.core.passwords).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "danhgia.core.passwords.UserAttributeSimilarityValidator"},
    {
        "NAME": "danhgia.core.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10, minimum=8)},
    },
    {"NAME": "danhgia.core.passwords.CommonPasswordValidator"},
    {"NAME": "danhgia.core.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"
# Login throttling (core.throttle): failures per username and address, and per address whatever
# the username, before a lock-out that ends LOGIN_LOCKOUT_SECONDS after the last failure.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_MAX_FAILURES_PER_ADDRESS = env_int("LOGIN_MAX_FAILURES_PER_ADDRESS", 30, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60, minimum=1)

# Background jobs (danhgia.jobs; docs/ARCHITECTURE.md "Background jobs"): work over more people
# than JOBS_INLINE_LIMIT runs in a worker (manage.py run_jobs); a failed attempt is retried after
# JOBS_RETRY_DELAY_SECONDS, doubled each time; a running job whose worker is silent for
# JOBS_STALE_SECONDS is taken over by another worker.
JOBS_INLINE_LIMIT = env_int("JOBS_INLINE_LIMIT", 100, minimum=0)
JOBS_RETRY_DELAY_SECONDS = env_int("JOBS_RETRY_DELAY_SECONDS", 30, minimum=0)
JOBS_STALE_SECONDS = env_int("JOBS_STALE_SECONDS", 300, minimum=10)
# The files jobs make (a large table as Excel, a dossier's .zip, the year-end workbook) are
# deleted this many days after the job finished (daily job jobs.expire_files; never the document
# archive). The job's page then says so and offers to make the file again.
JOB_FILES_RETENTION_DAYS = env_int("JOB_FILES_RETENTION_DAYS", 7, minimum=1)
# A table's Excel file (the summary table, the report to the centre) over more rows than this is
# made by a background job with its progress and a download when done (danhgia/documents/jobs.py).
DOCUMENTS_INLINE_ROWS = env_int("DOCUMENTS_INLINE_ROWS", 2000, minimum=0)

# Vietnamese first: UI strings are written in Vietnamese inside gettext, so "vi" needs no catalog.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt"))]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
# Only corrections and additions to Django's own Vietnamese messages (admin, auth).
LOCALE_PATHS = [BASE_DIR / "danhgia" / "locale"]
FORMAT_MODULE_PATH = ["danhgia.formats"]
# Locale formats win over these; they are repeated for code that runs with translation off.
DATE_FORMAT = vi_formats.DATE_FORMAT
SHORT_DATE_FORMAT = vi_formats.SHORT_DATE_FORMAT
DATETIME_FORMAT = vi_formats.DATETIME_FORMAT
DATE_INPUT_FORMATS = vi_formats.DATE_INPUT_FORMATS
DECIMAL_SEPARATOR = vi_formats.DECIMAL_SEPARATOR
THOUSAND_SEPARATOR = vi_formats.THOUSAND_SEPARATOR
NUMBER_GROUPING = vi_formats.NUMBER_GROUPING

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "danhgia" / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))

# Evidence files: stored outside every served directory and only ever downloaded through a view
# that checks access and sends them as attachments (SPEC §14).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
EVIDENCE_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "png", "jpg", "jpeg")
# STATIC_MANIFEST=true (scripts/run-production.sh): hashed, compressed names after
# collectstatic, served by WhiteNoise with a one-year "immutable" cache header.
_STATIC_BACKEND = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
    if env_bool("STATIC_MANIFEST", default=False)
    else "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Private files (evidence, documents, pending workbooks): a private folder by default, an
# S3-compatible bucket when STORAGE_URL=s3://bucket/prefix (or AWS_STORAGE_BUCKET_NAME) is set;
# never a public URL, always through the access-checked download views.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": _STATIC_BACKEND},
    "private": private_storage_from_env(),
}
if _STATIC_BACKEND.startswith("whitenoise"):
    # static files before everything else: compressed, long cache headers (after collectstatic;
    # development and the demo let runserver serve them)
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
WHITENOISE_MAX_AGE = env_int("WHITENOISE_MAX_AGE", 24 * 60 * 60, minimum=0)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Security. Secure cookies and HSTS whenever DEBUG is off, so that `check --deploy` is clean.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=300)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # SECURE_COOKIES=false only for a local demo served over plain http (scripts/run-demo.sh).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    # Only behind a proxy that sets X-Forwarded-Proto itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# E-mail (danhgia.notifications): the console by default, so that nothing needs a mail server;
# production sets EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the host.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "danhgia@localhost")
# The address people open the application at: links in e-mails are built on it.
SITE_URL = env_str("DANHGIA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("DANHGIA_SITE_URL must start with http:// or https://")

# LOG_FORMAT=json (production): one JSON object per line, among them one line per request
# (logger "danhgia.request": request id, user id, method, path, status, duration in ms).
_LOG_FORMAT = env_str("LOG_FORMAT", "text")
if _LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT: expected text or json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "danhgia.ops.requestlog.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": _LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # the request log is written only when asked for (json, or REQUEST_LOG=true)
        "danhgia.request": {
            "level": "INFO"
            if env_bool("REQUEST_LOG", default=_LOG_FORMAT == "json")
            else "WARNING",
        },
    },
}

# Health (GET /healthz/): the job workers count as down when no heartbeat is younger than this.
HEALTH_WORKER_MAX_AGE_SECONDS = env_int("HEALTH_WORKER_MAX_AGE_SECONDS", 60, minimum=1)
# Reminders (danhgia.notices): days before each deadline of the period's policy.
REMINDER_LEAD_DAYS = env_int_list("REMINDER_LEAD_DAYS", [3, 1])
# ... posted by the daily job at this hour (local time), queued by `manage.py send_reminders
# --schedule` (scripts/run-production.sh) and then by each run for the next day.
REMINDER_HOUR = env_int("REMINDER_HOUR", 7, minimum=0)
if REMINDER_HOUR > 23:
    raise ImproperlyConfigured("REMINDER_HOUR: expected an hour from 0 to 23")
