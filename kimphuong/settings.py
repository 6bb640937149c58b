"""Settings for the commune administrative-reform review, read from the environment.

Every variable is documented in README.md and .env.example. DEBUG is off unless
DJANGO_DEBUG turns it on; the secret key is required whenever DEBUG is off.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from xstatic.pkg import bootstrap as xstatic_bootstrap

from kimphuong import storage

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105
# With DEBUG off and no key, maintenance commands (makemigrations, check…) still run, but the web
# application refuses to start (kimphuong/wsgi.py, asgi.py) and Django refuses any use of the key.

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "kimphuong",
    "reform",
    "indicators",
    "emulation",
    "dissemination",
    "reports",
    "conference",
    "province",
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "axes",
    # Background work (README, "Background work"): Django's tasks API, and the tables of its database backend.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "kimphuong.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "kimphuong.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kimphuong.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kimphuong.middleware.CommuneScopeMiddleware",
    "kimphuong.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "kimphuong.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "kimphuong.urls"
WSGI_APPLICATION = "kimphuong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kimphuong.context_processors.navigation",
                "kimphuong.context_processors.commune_choices",
                "reform.context_processors.notifications",
                "reform.context_processors.choices",
                "indicators.context_processors.choices",
                "emulation.context_processors.choices",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, with table rebuilds that keep the same-commune triggers (kimphuong/db/sqlite3).
    DATABASES["default"]["ENGINE"] = "kimphuong.db.sqlite3"
    # Several officials save at once: wait for the write lock instead of failing, and take it at the
    # start of each transaction so that two reviewers acting on one row are serialised (SQLite has no
    # SELECT ... FOR UPDATE).
    # WAL: readers never wait for a writer and a writer never waits for readers, so a long read (an export,
    # the dashboard) does not make an official's autosave fail; a writer waiting for another writer retries
    # for up to busy_timeout (the same 20 s as `timeout`) instead of answering "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA busy_timeout=20000",
    )
    # Tests use a file too: an in-memory database shares one cache between threads and answers
    # "table is locked" instead of waiting, which is not how the real file behaves.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"kimphuong-test-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "kimphuong.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kimphuong.backends.ModelBackendAcrossCommunes",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# "Quên mật khẩu?" (a reset link by email) is offered only where an SMTP server is configured: on by default
# when EMAIL_HOST is set in the environment, or forced with PASSWORD_RESET_BY_EMAIL=1/0.
PASSWORD_RESET_BY_EMAIL = env_bool("PASSWORD_RESET_BY_EMAIL", bool(os.environ.get("EMAIL_HOST")))
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 24) * 3600  # how long a reset link stays valid

# Login throttling (django-axes): lock a username + address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Behind a reverse proxy every request comes from the proxy's address: without this, one official's mistyped
# password would count against everybody in the office. DJANGO_TRUSTED_PROXIES is the number of proxies in
# front of gunicorn that append to X-Forwarded-For (1 for one nginx); the client is then the address the
# outermost trusted proxy saw. 0 (the default) ignores X-Forwarded-For: any client could forge it.
# kimphuong.middleware.client_ip applies it to request.META["REMOTE_ADDR"] and to django-axes (which would
# otherwise need django-ipware, not installed; its AXES_IPWARE_* settings therefore have no effect).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "kimphuong.middleware.client_ip"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", xstatic_bootstrap.BASE_DIR),
]
# Uploaded and generated files (evidence, report versions, signed scans): the file system under MEDIA_ROOT (a
# volume shared by every app server) or S3-compatible object storage (STORAGE_URL=s3://bucket?endpoint_url=…,
# or the AWS_* variables), see kimphuong/storage.py. The code only reaches them through the storage API.
# Background work (kimphuong.jobs): run at once in the request by default (`make run`, the tests); with
# DJANGO_TASKS_BACKEND=database, queued in the database for `python manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if env_str("DJANGO_TASKS_BACKEND") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

STORAGES = {
    "default": storage.default_storage(os.environ),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Sessions in the database (or in Redis, written through to the database, when REDIS_URL is set); the cache is
# per process without Redis, and nothing depends on it for correctness. Several app servers therefore share
# everything they need through the database and the storage.
CACHES, SESSION_ENGINE = storage.cache_and_sessions(os.environ)
# Evidence files live outside the static root and are served only through a permission-checked view.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/private-media/"
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# An imported workbook (plan, figures) is refused before it is parsed when its contents add up to more than
# this once unpacked: an .xlsx is a zip, and a few kilobytes can unpack to gigabytes.
IMPORT_MAX_UNCOMPRESSED_MB = env_int("IMPORT_MAX_UNCOMPRESSED_MB", 50)
# The largest signed scan (PDF) of a report version accepted.
SIGNED_SCAN_MAX_MB = env_int("SIGNED_SCAN_MAX_MB", 20)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cchc@localhost")
# The address officials open from the links in emails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Report page margins in mm: top, bottom, left, right (NĐ 30/2020: 20–25, 20–25, 30–35, 15–20).
REPORT_MARGINS_MM = [float(x) for x in env_str("REPORT_MARGINS_MM", "20,20,30,15").split(",")]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Production hardening; `manage.py check --deploy` is clean when DEBUG is off.
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent on every response by kimphuong.middleware.SecurityHeadersMiddleware. The app's pages load scripts only
# from its own static files (no inline <script>, no on*= handlers). style-src allows 'unsafe-inline' because
# several templates still carry style="..." attributes (white-space: pre-line, widths).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PERMISSIONS_POLICY = {
    feature: "()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "usb", "xr-spatial-tracking", "browsing-topics",
    )
}  # fmt: skip
CSRF_FAILURE_VIEW = "kimphuong.views.csrf_failure"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}
