"""Production: everything from the environment, and refuse to start half-configured."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DATABASES, REDIS_URL, SECRET_KEY, env_bool

DEBUG = False

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of 50+ characters.")
if not os.environ.get("ALLOWED_HOSTS") or not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env_bool(
    "ALLOW_SQLITE_IN_PRODUCTION"
):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# The load balancer probes /healthz over plain HTTP; everything else is redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Staff accounts need two-factor in production (CIVIC_STAFF_MFA_REQUIRED=false turns it off).
CIVIC_STAFF_MFA_REQUIRED = env_bool("CIVIC_STAFF_MFA_REQUIRED", True)
# The page cache must be shared by every worker and app server: without Redis it stays off
# (an in-process copy per worker would miss the changes made through the others).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True) and bool(REDIS_URL)
