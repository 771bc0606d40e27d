"""Settings for the Warwickshire Prevent website.

One module, read from the environment (see the configuration table in the README).
Local development and the demo need no configuration at all; with DJANGO_DEBUG off
the site refuses to start unless the secrets and host list are set safely.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name):
    return [item.strip() for item in env(name).split(",") if item.strip()]


# The environment is said, never guessed: DJANGO_ENV=test is set by the test configuration
# (tests/settings.py) and nowhere else. Tests always use PostgreSQL.
DJANGO_ENV = env("DJANGO_ENV", "live")
if DJANGO_ENV not in {"live", "test"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'live' (the default) or 'test'.")
RUNNING_TESTS = DJANGO_ENV == "test"

DEBUG = env_bool("DJANGO_DEBUG", default=False)

# Published in this file, so they protect nothing: local development and tests only. With
# debug off outside tests they are refused even when set explicitly.
DEVELOPMENT_SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 (published)
DEVELOPMENT_REFERRAL_KEY = "OU2YGk_ta6mb0rWmmkDsO1g7MDIWami_DNPARni2UsI="
DEVELOPMENT_MESSAGE_KEY = "bWVzc2FnZS1kZXZlbG9wbWVudC1rZXktMzItYnl0ZXM="

# --- Secrets and hosts: no unsafe fallback once debug is off -----------------------
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG or RUNNING_TESTS:
    SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if len(SECRET_KEY) < 50 or SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters "
            "when DJANGO_DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must list the site's host names (comma-separated, "
            "no '*') when DJANGO_DEBUG is off."
        )

# --- Applications -------------------------------------------------------------------
INSTALLED_APPS = [
    # The admin, with two-factor sign-in (core.admin_site.PreventAdminSite).
    "core.admin_apps.PreventAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_forms_gds",
    "django_tasks_db",
    # The scheduler process for periodic jobs (`manage.py crontask`, core/scheduling.py).
    "crontask",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "core",
    "pages",
    "training",
    "referrals",
    "reports",
]

MIDDLEWARE = [
    # Anonymous pages from the page cache, first: a stored page holds every header the
    # middleware below gave it (security headers and CSP included), so a hit runs nothing
    # else, and nothing that reads a cookie or the database (core/page_cache.py).
    "core.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files get the security headers too.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.security_middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.security_middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a lockout into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "prevent_site.urls"
WSGI_APPLICATION = "prevent_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
            # Cached loader is on by default with DEBUG off; rendering is the main cost.
        },
    }
]

# --- Database -------------------------------------------------------------------------
TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/prevent"
DATABASE_URL = env("DATABASE_URL") or (
    TEST_DATABASE_URL if RUNNING_TESTS else f"sqlite:///{BASE_DIR / 'var' / 'demo.sqlite3'}"
)
if DATABASE_URL.startswith("sqlite:///"):
    Path(DATABASE_URL.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # Persistent connections: a new connection per request halves throughput.
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# DATABASE_POOL=1: psycopg 3's connection pool instead of persistent connections (Django
# needs CONN_MAX_AGE=0 with it). `make bench --pool` compares the two; docs/deploy.md.
DATABASE_POOL = env_bool("DATABASE_POOL") and USING_POSTGRES
if DATABASE_POOL:
    DATABASES["default"].update(CONN_MAX_AGE=0, CONN_HEALTH_CHECKS=False)
    # One sync worker serves one request at a time: a connection or two is all it needs.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": 2}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# --- Cache ------------------------------------------------------------------------------
def cache_from_url(url):
    if not url or url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.startswith(("redis://", "rediss://")):
        # Django's backend, keeping its Redis client between calls (core/cache.py).
        return {"BACKEND": "core.cache.RedisCache", "LOCATION": url}
    if url.startswith("dummy://"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"CACHE_URL scheme not supported: {urlsplit(url).scheme}")


CACHES = {"default": cache_from_url(env("CACHE_URL"))}


# The page cache (core/page_cache.py) in an alias of its own, so a flood of pages never
# evicts a rate-limit counter: PAGE_CACHE_URL, by default the next Redis database of
# CACHE_URL's server (docs/caching.md says which maxmemory policy each needs).
def page_cache_url(cache_url):
    parts = urlsplit(cache_url)
    if parts.scheme not in {"redis", "rediss"}:
        return "locmem://pages"
    database = int(parts.path.strip("/") or 0)
    return parts._replace(path=f"/{(database + 1) % 16}").geturl()


CACHES["pages"] = cache_from_url(env("PAGE_CACHE_URL") or page_cache_url(env("CACHE_URL")))
if CACHES["pages"]["BACKEND"] == "core.cache.RedisCache":
    # A dead Redis must not stall a page: give up after 0.25 s and render without it.
    CACHES["pages"]["OPTIONS"] = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
else:
    CACHES["pages"]["LOCATION"] = "pages"  # its own local-memory store
    CACHES["pages"]["OPTIONS"] = {"MAX_ENTRIES": 2000}


# --- Email (Django 6.1 MAILERS) ------------------------------------------------------------
def mailer_from_url(url):
    """Turn EMAIL_URL into a MAILERS entry.

    smtp://user:password@host:587?tls=1, smtps://... (implicit TLS), console://,
    locmem://, file:///absolute/folder.
    """
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if parts.scheme in {"smtp", "smtps"}:
        options = {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if parts.scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": query.get("tls", "0") in {"1", "true"},
            "use_ssl": parts.scheme == "smtps",
            "timeout": int(query.get("timeout", "10")),
        }
        return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    if parts.scheme == "console":
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "locmem":
        return {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parts.scheme == "file":
        return {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": parts.path},
        }
    raise ImproperlyConfigured(f"EMAIL_URL scheme not supported: {parts.scheme}")


EMAIL_URL = env("EMAIL_URL")
if not EMAIL_URL:
    if DEBUG or RUNNING_TESTS:
        EMAIL_URL = "console://"
    else:
        raise ImproperlyConfigured("EMAIL_URL must be set when DJANGO_DEBUG is off.")
MAILERS = {"default": mailer_from_url(EMAIL_URL)}
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Prevent in Warwickshire <prevent@warwickshire.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Team mailboxes that receive notifications (no personal data is ever put in them).
PREVENT_TEAM_EMAIL = env("PREVENT_TEAM_EMAIL", "prevent-team@warwickshire.example")
TRAINING_TEAM_EMAIL = env("TRAINING_TEAM_EMAIL", "prevent-training@warwickshire.example")
# Absolute base URL used in links inside emails and calendar UIDs. The live site must say
# it: a default would put the development address into every email a visitor keeps.
SITE_URL = env("SITE_URL").rstrip("/")
if DEBUG or RUNNING_TESTS:
    SITE_URL = SITE_URL or "http://127.0.0.1:8000"
elif not (
    (site := urlsplit(SITE_URL)).scheme == "https"
    and site.hostname
    and validate_host(site.hostname, ALLOWED_HOSTS)
    and not (site.path or site.query or site.fragment)
):
    raise ImproperlyConfigured(
        "SITE_URL must be set to the site's https address, whose host is one of "
        "DJANGO_ALLOWED_HOSTS (e.g. SITE_URL=https://prevent.example.org), when "
        "DJANGO_DEBUG is off: it is the address put into every email link."
    )

# --- Background tasks (django.tasks + django-tasks-db) ---------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# How often and how patiently an email is retried when the mail server fails.
EMAIL_MAX_ATTEMPTS = int(env("EMAIL_MAX_ATTEMPTS", "8"))
EMAIL_RETRY_BASE_SECONDS = int(env("EMAIL_RETRY_BASE_SECONDS", "30"))
# An attempt still "sending" this long after it started died with its worker: the sweeper
# queues it again (same Message-ID). Well above the SMTP timeout of one message.
EMAIL_STALE_SECONDS = int(env("EMAIL_STALE_SECONDS", "300"))
# How long a worker that has sent a message waits for the database to record it.
EMAIL_RECORD_PATIENCE_SECONDS = int(env("EMAIL_RECORD_PATIENCE_SECONDS", "120"))
# A failed email's encrypted content is kept this long for staff to resend, then emptied.
EMAIL_FAILED_KEEP_DAYS = int(env("EMAIL_FAILED_KEEP_DAYS", "7"))
# The scheduler (`manage.py crontask`) looks for due periodic jobs this often. With Redis,
# its lock lets only one scheduler run however many machines start one.
SCHEDULER_TICK_SECONDS = float(env("SCHEDULER_TICK_SECONDS", "60"))
if CACHES["default"].get("LOCATION", "").startswith(("redis://", "rediss://")):
    CRONTASK = {"REDIS_URL": CACHES["default"]["LOCATION"]}


# --- Referral encryption and retention -------------------------------------------------------
def fernet_keys(name, development_key):
    """Fernet keys from the environment variable `name`, comma-separated, NEWEST FIRST: the
    first encrypts, every key decrypts. Never the SECRET_KEY. With debug off outside tests
    the site refuses to start without keys or with the published development key."""
    keys = env_list(name)
    if DEBUG or RUNNING_TESTS:
        # DEVELOPMENT AND TESTS ONLY: a fixed key published in this file, so it protects
        # nothing. It is never used with debug off (the checks below refuse to start).
        return keys or [development_key]
    if not keys:
        raise ImproperlyConfigured(
            f"{name} must be set (comma-separated Fernet keys, newest first) "
            "when DJANGO_DEBUG is off. Generate one with: python -c 'from cryptography.fernet "
            "import Fernet; print(Fernet.generate_key().decode())'"
        )
    if development_key in keys:
        raise ImproperlyConfigured(
            f"{name} holds the published development key, which protects "
            "nothing: generate a key of your own for the live site."
        )
    return keys


# `manage.py rotate_referral_keys` re-encrypts everything under the first key.
REFERRAL_ENCRYPTION_KEYS = fernet_keys("REFERRAL_ENCRYPTION_KEYS", DEVELOPMENT_REFERRAL_KEY)
# Queued messages (addresses, bodies, attachments) are encrypted with these: never the
# referral keys.
MESSAGE_ENCRYPTION_KEYS = fernet_keys("MESSAGE_ENCRYPTION_KEYS", DEVELOPMENT_MESSAGE_KEY)
# Closing a case sets the date its personal data is erased: years after closing.
REFERRAL_RETENTION_YEARS_NOT_TAKEN_FORWARD = int(
    env("REFERRAL_RETENTION_YEARS_NOT_TAKEN_FORWARD", "3")
)
REFERRAL_RETENTION_YEARS_TAKEN_FORWARD = int(env("REFERRAL_RETENTION_YEARS_TAKEN_FORWARD", "6"))

# --- Auth -------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The manifest of hashed names is kept out of STATIC_ROOT, which WhiteNoise serves whole:
# it lists every file and is nobody's business (core/storage.py).
STATIC_MANIFEST_ROOT = BASE_DIR / "staticfiles-manifest"
# Sources live in static/src; `make assets` compiles them into static/build (never committed).
STATICFILES_DIRS = [BASE_DIR / "static" / "build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "core.storage.HashedStaticFilesStorage"},
}
# WhiteNoise marks hashed names immutable for years; unhashed copies keep its short default.
MEDIA_ROOT = Path(env("MEDIA_ROOT") or BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"

# --- Forms --------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- Security ------------------------------------------------------------------------------------
# Headers, cookies, two-factor admin sign-in, lockout and session limits. README "Security"
# explains each; tests/security proves them.
SESSION_COOKIE_HTTPONLY = True
# Visitors' sessions (a booking or referral journey in progress) end within a day; staff
# sessions are cut shorter still by core.security_middleware (30 min idle, 8 h in all).
SESSION_COOKIE_AGE = 24 * 60 * 60
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script of ours reads the CSRF cookie (forms carry the token), so scripts may not.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Django's own CSP middleware. Scripts and styles come from our origin only; a template that
# truly needs an inline script gives it nonce="{{ csp_nonce }}". Never unsafe-inline/eval.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# core.security_middleware.SecurityHeadersMiddleware adds these two.
SECURE_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# Transport security for the live site (HTTPS). Not applied in local development or tests,
# which speak plain HTTP; tests/security applies this same dict to prove the live headers.
HTTPS_SETTINGS = {
    "SECURE_SSL_REDIRECT": env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True),
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_HSTS_SECONDS": 365 * 24 * 60 * 60,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    # __Host- cookies are refused by browsers unless Secure, host-only and Path=/.
    "SESSION_COOKIE_NAME": "__Host-sessionid",
    "CSRF_COOKIE_NAME": "__Host-csrftoken",
}
if not DEBUG and not RUNNING_TESTS:
    globals().update(HTTPS_SETTINGS)
# Behind a reverse proxy that appends the client's address to X-Forwarded-For, say so:
# rate limits and lockouts then key on that last hop. Off, they use REMOTE_ADDR (never
# trust a header a client could have written).
BEHIND_TRUSTED_PROXY = env_bool("DJANGO_BEHIND_TRUSTED_PROXY", default=False)
# Public form posts by journey (core/ratelimit.py, README "Rate limits"), in sliding windows
# of 10 minutes: per visitor session and per address (IPv6: per /64). The address ceiling is
# far above what a large office behind one address sends (ten colleagues booking at once
# send 10 first-step posts); once a session is past a journey's first step, only its own
# pace counts ("journey"), so colleagues are never stopped mid-journey by a robot.
RATE_LIMITS = {
    "training-booking": {"session": "10/10m", "address": "120/10m", "journey": "40/10m"},
    "training-group-request": {"session": "5/10m", "address": "30/10m"},
    "training-cancel": {"session": "10/10m", "address": "60/10m"},
    # A referral is ten question pages and a submit.
    "referral": {"session": "20/10m", "address": "60/10m", "journey": "80/10m"},
}
# A Redis that does not answer must not hold a post up: the limits then count in the
# database (core/ratelimit.py). Connecting and each command give up after half a second.
if CACHES["default"]["BACKEND"] == "core.cache.RedisCache":
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=0.5, socket_timeout=0.5
    )
# A form with spam protection (core/spam.py) sent back sooner than this after it was
# shown was not filled in by a person. Tests and `make bench` may set 0.
SPAM_MIN_FILL_SECONDS = float(env("SPAM_MIN_FILL_SECONDS", "3"))

# Admin sign-in needs a password and a code from an authenticator app (or a backup code).
# Only the local demo may turn the code off, and the sign-in page then says so.
ADMIN_REQUIRE_2FA = env_bool("DJANGO_ADMIN_REQUIRE_2FA", default=True)
if not ADMIN_REQUIRE_2FA and not DEBUG:
    raise ImproperlyConfigured(
        "DJANGO_ADMIN_REQUIRE_2FA can only be turned off for local development "
        "(DJANGO_DEBUG=1). The live site always needs two-factor sign-in."
    )
OTP_TOTP_ISSUER = "Prevent in Warwickshire"
# The admin never shows an authenticator's secret key or QR code (only its owner saw them).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_TOTP_THROTTLE_FACTOR = 1  # django-otp: 1 s, 2 s, 4 s... after each wrong code
OTP_STATIC_THROTTLE_FACTOR = 1
# Messages live in the session: no extra cookie without the __Host- prefix.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# The visitor's journey cookie ends with the browser session (no Expires or Max-Age), so
# the next person on a shared computer does not inherit a half-filled form. Staff sessions
# set their own expiry at sign-in (core.security_middleware), so they keep the limits below.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Staff sessions: signed out after 30 minutes idle and 8 hours in all, whatever they do.
STAFF_SESSION_IDLE_SECONDS = 30 * 60
STAFF_SESSION_MAX_SECONDS = 8 * 60 * 60

# Staff sign-in lockout (django-axes): 5 wrong passwords or codes for one username from one
# address lock that pair for 15 minutes (never permanently); the answer is the 429 page.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.staff_sign_in.lockout_response"
# IPv6 clients are counted by their /64 (one subscriber's whole range), IPv4 by address.
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_network"
AXES_VERBOSE = False  # axes then masks usernames and addresses in its own log lines
AUTHENTICATION_BACKENDS = [
    "core.auth_backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Logging: to stderr, and never request bodies -----------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            # ISO 8601 with the UTC offset, so security events can be put in order.
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The scheduler's lock is extended every few seconds: only problems are worth a line.
        "apscheduler": {"level": "WARNING"},
    },
}

# --- Site -------------------------------------------------------------------------------------------
SITE_NAME = "Prevent in Warwickshire"
COUNCIL_NAME = "Warwickshire County Council"
