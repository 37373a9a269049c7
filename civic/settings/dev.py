"""Local development: the embedded default behind `make run`."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files from the source folders; no collectstatic needed.
STATIC_ROOT = None

# The demo's staff accounts sign in with their password alone (the log-in page says so).
CIVIC_STAFF_MFA_REQUIRED = env_bool("CIVIC_STAFF_MFA_REQUIRED", False)
WHITENOISE_USE_FINDERS = True
