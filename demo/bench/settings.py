"""Settings of the app servers `make bench` starts: the production settings, static files from
the source folders.

Building the static manifest (`collectstatic`) is the deploy's business (`.ci/deploy`), and the
benchmark requests no static file; WhiteNoise still serves them from the source folders. Every
other setting is production's, rate limits included: the load generator gives each simulated
client an address of its own through `X-Forwarded-For` (`TRUSTED_PROXY_COUNT=1`), as the proxy
in front of the app servers would.
"""

from civic.settings.production import *  # noqa: F403
from civic.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
