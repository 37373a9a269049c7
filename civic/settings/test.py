"""Test settings: fast hasher, immediate tasks, plain static storage, in-memory mail."""

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, IS_POSTGRES, RATE_LIMITS, REDIS_URL

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if IS_POSTGRES:
    # Test data need no durability: commits do not wait for the disk (many tests commit,
    # and transactional tests empty every table after themselves).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
if IS_POSTGRES and "replica" not in DATABASES:
    # The read replica's alias, reading the test database; off (READ_REPLICA None) unless a
    # test points it at a database of its own (tests/civic/test_replica.py).
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
if REDIS_URL:
    # Real Redis in the PostgreSQL pass; a prefix keeps parallel runs apart.
    import os

    CACHES["default"]["KEY_PREFIX"] = f"civic-test-{os.getpid()}"
# Limits stay out of the way of ordinary tests (allauth's off, the site's generous); the
# rate limit tests set the real ones.
ACCOUNT_RATE_LIMITS = False
RATE_LIMITS = dict.fromkeys(RATE_LIMITS, "10000/m")
SIGNUP_MIN_SECONDS = 0
# Tests run inside transactions that never commit, so the page cache would never hear of
# their changes: it is off, and its own tests (tests/civic/test_pagecache.py) turn it on.
PAGE_CACHE_ENABLED = False
WAGTAILADMIN_BASE_URL = "http://testserver"

# Serve static files from the source folders; no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
