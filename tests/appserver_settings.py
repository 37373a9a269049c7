"""Settings of the app servers the load tests start: the production settings, with two changes.

- Static files come from the source folders: building the manifest (`collectstatic`) is the
  deploy check's business (`.ci/deploy`), and would cost each test a minute.
- The support limit per account is tighter than production's, so ten seconds of clicking
  cross it and the test can see that it holds across both servers.
"""

import os

from civic.settings.production import *  # noqa: F403
from civic.settings.production import RATE_LIMITS, STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

RATE_LIMITS = {**RATE_LIMITS, "support": f"{os.environ['APPSERVER_SUPPORTS_PER_MINUTE']}/m"}
