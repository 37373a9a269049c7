"""Settings shared by every environment, read from the environment.

Variables: DATABASE_URL (default: a SQLite file), DATABASE_REPLICA_URL (a read replica),
REDIS_URL (cache and sessions, written through to the database), SECRET_KEY, DEBUG,
ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, EMAIL_URL-style settings (EMAIL_BACKEND, EMAIL_HOST, ...),
TASKS_BACKEND (immediate|database), SITE_URL, CONTENT_LICENCE.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "accounts",
    "consultations",
    "proposals",
    "civic",
    "opendata",
    "budgets",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.CivicUsersAppConfig",  # wagtail.users with forms for our user model
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Public API (opendata/api/): see the block "Public read-only API" below.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "guardian",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "civic.security.SecureCookiesMiddleware",
    "civic.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CORS for the public API only (CORS_URLS_REGEX), before anything that answers early.
    "corsheaders.middleware.CorsMiddleware",
    # Reads of requests that change nothing may go to the read replica (civic/replica.py).
    "civic.replica.ReplicaMiddleware",
    # Public pages for visitors without a session, and Cache-Control (civic/pagecache.py):
    # outside the session, CSRF and messages middleware, whose cookies keep a page uncached.
    "civic.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, but the public API's 404s are not redirected to /en/ (civic/locale.py).
    "civic.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The Wagtail site of the (validated) host, from the cache (civic/routing.py).
    "civic.routing.SiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "civic.security.FramingMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "civic.security.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff: two-factor before anything else, and sign-out after inactivity.
    "accounts.door.StaffDoorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "civic.ratelimit.RateLimitMiddleware",
]

ROOT_URLCONF = "civic.urls"
WSGI_APPLICATION = "civic.wsgi.application"

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
                "civic.context_processors.site",
            ],
            # Template tags of the staff domains, kept in their own homes under proposals/.
            "libraries": {
                "moderation_tags": "proposals.moderation.templatetags",
                "response_tags": "proposals.responses.templatetags",
            },
        },
    },
]

# Database: DATABASE_URL, else (unset or empty) a SQLite file beside the code.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DATABASES["default"].setdefault("TEST", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # Wait for a writer instead of failing with "database is locked".
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
# A read replica (DATABASE_REPLICA_URL, PostgreSQL streaming replication of the primary): the
# reads of requests that change nothing go there, the rest to the primary (civic/replica.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
READ_REPLICA = None
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    # Tests of a deployment with a replica read the primary's test database through it.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    READ_REPLICA = "replica"
DATABASE_ROUTERS = ["civic.replica.ReplicaRouter"]
# After a request that may have written, its client reads the primary for this long (seconds):
# longer than the replica's lag, so everyone sees their own changes.
READ_REPLICA_PIN_SECONDS = int(os.environ.get("READ_REPLICA_PIN_SECONDS", "10"))
READ_REPLICA_PIN_COOKIE = "civic_primary"
# Pages that always read the primary (also under a language prefix, /en/accounts/…).
READ_REPLICA_PRIMARY_PATHS = ["/admin/", "/django-admin/", "/accounts/", "/profile/"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, else in-process memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "civic"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # Redis unreachable: pages keep serving (sessions fall back to the database,
                # a read misses, a write is dropped) and each failure is logged.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions: read from the cache (Redis when REDIS_URL is set, so any app server finds any
# session and the app servers keep no state), written through to the database. cached_db
# rather than cache: a Redis flush, restart or eviction signs nobody out (the next request
# reloads the session from the database), and Redis being down leaves sign-in working.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "default"

# Background tasks (django-tasks): immediate in-process by default, the database-backed
# worker (`manage.py db_worker`) when TASKS_BACKEND=database.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
    # Moderators and officials of a consultation may enter the Wagtail admin (their views
    # then show only their consultations).
    "proposals.permissions.ConsultationStaffBackend",
]
# Django's checks with the project's wording (accounts/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "accounts.passwords.CommonPasswordValidator"},
    {"NAME": "accounts.passwords.NumericPasswordValidator"},
]
GUARDIAN_RAISE_403 = True
ANONYMOUS_USER_NAME = None

# django-allauth: e-mail login, verified e-mail required before taking part.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Civic] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# The client's address: how many proxies of our own stand in front of the app (0: none, the
# socket's address is the client). One reading for the whole site (civic.client.client_ip);
# allauth's own copy of the setting follows it.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# allauth's limits on its own views ("amount/period/per", per = ip, key: the e-mail typed,
# user). Failed log-ins are counted mostly per account, so one attacker cannot lock out a
# council office that shares one address; the per-address limits only stop a flood.
ACCOUNT_RATE_LIMITS = {
    "login": "60/m/ip",
    "login_failed": "30/m/ip,5/5m/key",
    "signup": "10/m/ip,40/h/ip",
    "reset_password": "20/m/ip,3/15m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# The site's own limits on citizen actions (civic.ratelimit): "amount/period", several
# separated by commas; counted per account when signed in, per client address otherwise.
# An action missing here (or an empty value) is not limited.
RATE_LIMITS = {
    "proposal": "5/h,20/d",
    "comment": "10/m,60/h",
    "support": "60/m,600/h",
    "report": "10/h,50/d",
    "follow": "30/m,300/h",
    # Every post of a ballot page: adding, removing, casting, withdrawing.
    "ballot": "30/m,300/h",
    # Every request to the public API (/api/v1/), answered 429 beyond it.
    "api": "120/m,3000/h",
}
# Seconds a 429 answer from allauth's views asks the client to wait (allauth does not say).
RATE_LIMIT_RETRY_AFTER = 60
# Sign-up: a form sent sooner than this after it was shown is taken for a bot.
SIGNUP_MIN_SECONDS = int(os.environ.get("SIGNUP_MIN_SECONDS", "3"))
LOGIN_URL = "account_login"
# Sign-ups whose e-mail address is not confirmed within this many days are erased by the
# task accounts.tasks.purge_unconfirmed_accounts (manage.py purge_unconfirmed_accounts).
UNCONFIRMED_ACCOUNT_DAYS = int(os.environ.get("UNCONFIRMED_ACCOUNT_DAYS", "14"))
LOGIN_REDIRECT_URL = "accounts:profile"

# One door: Wagtail's log-in and password reset send people to the accounts pages above, so
# every way in shares their rate limits, lock-out, e-mail confirmation and two-factor step.
WAGTAILADMIN_LOGIN_URL = "admin_door"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Staff change their password and e-mail on the accounts pages too (re-authentication, the
# password policy, rate limits, confirmation of a new address), not in Wagtail's account page.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

# Two-factor (allauth.mfa): an authenticator app (TOTP) with recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Civic"
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
# CIVIC_STAFF_MFA_REQUIRED: every account with a staff role (superuser, Wagtail admin access,
# a Wagtail group, moderator or official of any consultation) must set up two-factor before
# any other page. Off by default (the demo), on in production settings.
CIVIC_STAFF_MFA_REQUIRED = env_bool("CIVIC_STAFF_MFA_REQUIRED", False)
# CIVIC_STAFF_IDLE_MINUTES: staff are signed out after this long without a request.
CIVIC_STAFF_IDLE_MINUTES = int(os.environ.get("CIVIC_STAFF_IDLE_MINUTES", "30"))
# CIVIC_CAMPAIGN_MIN_ACCOUNTS: the moderation queue shows the same or nearly the same text as a
# possible campaign once this many distinct accounts posted it (proposals/moderation/campaigns.py).
CIVIC_CAMPAIGN_MIN_ACCOUNTS = int(os.environ.get("CIVIC_CAMPAIGN_MIN_ACCOUNTS", "3"))

# E-mail: console by default; EMAIL_BACKEND=smtp with EMAIL_HOST etc. in production.
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}[os.environ.get("EMAIL_BACKEND", "console")]
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Civic <no-reply@civic.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Languages: English and Persian; URLs are prefixed (/en/…, /fa/…).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fa", _("Persian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Paths outside the language prefixes whose 404s must stay 404s (civic/locale.py).
LANGUAGE_NEUTRAL_PATHS = ["/api/"]
# Paths outside the language prefixes that negotiate the reader's language, whose 404s too
# must stay 404s (no redirect to the same path under /en/).
UNPREFIXED_PATHS = ["/data/", "/p/"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LANGUAGE_COOKIE_NAME = "civic_language"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Civic"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "civic_"),
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Content licence of published citizen contributions and open data (DESIGN.md §7).
CONTENT_LICENCE = os.environ.get("CONTENT_LICENCE", "CC BY 4.0")
CONTENT_LICENCE_URL = os.environ.get(
    "CONTENT_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)

# Key of the voter tokens published in ballots.csv (keyed hash of citizen and consultation).
# Empty: derived from SECRET_KEY. Set it to keep tokens stable across SECRET_KEY rotations.
VOTER_TOKEN_KEY = os.environ.get("VOTER_TOKEN_KEY", "")

# Key of the census hashes (accounts/residents/census.py). Empty: derived from SECRET_KEY. Set it to
# keep the uploaded census matchable across SECRET_KEY rotations.
CENSUS_HASH_KEY = os.environ.get("CENSUS_HASH_KEY", "")
# Census verification attempts per account and window (seconds).
RESIDENT_VERIFY_ATTEMPTS = int(os.environ.get("RESIDENT_VERIFY_ATTEMPTS", "5"))
RESIDENT_VERIFY_WINDOW = int(os.environ.get("RESIDENT_VERIFY_WINDOW", "3600"))

# Map tiles of the proposal map ({s}, {z}, {x}, {y} placeholders). The CSP img-src must allow
# the tile host; without tiles (offline) the map stays usable through its list alternative.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors (https://www.openstreetmap.org/copyright)"
)

# Content Security Policy (django-csp 4): no inline scripts anywhere on the public site.
# `frame-ancestors` is set per response by civic.security (framing denied unless a view is
# embeddable or a Wagtail preview), together with X-Frame-Options.
VIDEO_EMBED_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https://*.tile.openstreetmap.org"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": VIDEO_EMBED_ORIGINS,
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# The Wagtail admin's own policy. Wagtail 8 still writes inline scripts (date pickers,
# inline panels) and style attributes, so those are allowed here and only here; scripts,
# connections, forms and frames stay on this site, and plugins stay off.
ADMIN_CONTENT_SECURITY_POLICY = {
    "URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "https://*.tile.openstreetmap.org"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *VIDEO_EMBED_ORIGINS],
        "media-src": ["'self'", "blob:"],
        "worker-src": ["'self'", "blob:"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# Wagtail's avatars would otherwise send a hash of each staff e-mail to Gravatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Who may frame the views marked @embeddable (the open-data embeds): CSP sources.
EMBED_FRAME_ANCESTORS = env_list("EMBED_FRAME_ANCESTORS", "*")
# Powerful browser features nobody here uses are off; embedded videos may go full screen.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": ["self", *(f'"{origin}"' for origin in VIDEO_EMBED_ORIGINS)],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": [],
    "publickey-credentials-get": ["self"],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
    },
}
CSRF_FAILURE_VIEW = "civic.views.csrf_failure"

# --- Public read-only API (opendata/api/, /api/v1/) ---------------------------------------
# Anonymous, read-only JSON. Only the session is read, so that signed-in people are rate limited
# per account (civic.ratelimit, action "api"). No password or token authentication: nothing
# there needs it, and it would open a way to guess passwords.
# The API's views set their own authentication, throttling, pagination and renderers
# (opendata/api/), so Wagtail's admin API keeps REST framework's defaults.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Civic open data API",
    "DESCRIPTION": (
        "Read-only public data of Civic: published consultations, public proposals, published "
        "official responses, topics and areas. Times are ISO 8601 in UTC; ids are stable. "
        "Lists are paginated with `page` and `page_size` (at most 100) in a stable order. "
        "Every answer carries an ETag and Last-Modified, so conditional requests may get 304. "
        "Requests are rate limited per client; see the X-RateLimit-* headers."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Nothing needs signing in: the schema names no authentication.
    "AUTHENTICATION_WHITELIST": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Only the public API: the Wagtail admin's own API views stay out of the schema.
    "PREPROCESSING_HOOKS": ["opendata.api.schema.public_endpoints_only"],
    # Swagger UI's files are served from this site (drf-spectacular-sidecar): the CSP
    # allows no other origin.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"supportedSubmitMethods": ["get"], "defaultModelsExpandDepth": 0},
}
# CORS: any origin may read the API, without credentials; nothing else of the site is shared.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Retry-After",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
]
CORS_PREFLIGHT_MAX_AGE = 86400

# --- Anonymous page cache (civic/pagecache.py) ----------------------------------------------
# Public pages are served from the cache to visitors without a session, and renewed on every
# change they show. PAGE_CACHE=off turns it off. In production it needs REDIS_URL (one cache
# for every app server and worker); in-process it is right for a single process only.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
# The longest a cached page is kept (a safety net: every change renews the pages it touches).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# The longest a cached part of a page (a proposal's card, the list's filters) is kept. Its key
# is made of everything it shows (civic/fragments.py), so this only bounds the cache's size.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "3600"))
# How long a proxy may hold a public page (Cache-Control: public, max-age): the most it can
# be behind the site.
PAGE_PROXY_MAX_AGE = int(os.environ.get("PAGE_PROXY_MAX_AGE", "5"))
