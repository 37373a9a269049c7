"""A small per-account attempt counter in the cache (Redis in production).

Fixed windows: at most `RESIDENT_VERIFY_ATTEMPTS` attempts per account in each window of
`RESIDENT_VERIFY_WINDOW` seconds (defaults 5 per hour). The count lives in the cache, which
every app server shares; it holds an account id and a number, nothing the person typed.

When the cache cannot be reached the counter fails shut, unlike the site's action limits:
an unlimited run of guesses at census identifiers is worse than a citizen waiting a minute.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

DEFAULT_ATTEMPTS = 5
DEFAULT_WINDOW = 3600
# Seconds to wait when the counter cannot be read.
UNCOUNTED_RETRY_AFTER = 60


def _limits() -> tuple[int, int]:
    attempts = int(getattr(settings, "RESIDENT_VERIFY_ATTEMPTS", DEFAULT_ATTEMPTS))
    window = int(getattr(settings, "RESIDENT_VERIFY_WINDOW", DEFAULT_WINDOW))
    return attempts, max(window, 1)


def take_attempt(user_id: int) -> int | None:
    """Count one attempt. None when it is allowed, else the seconds until the next window."""
    attempts, window = _limits()
    now = int(time.time())
    key = f"residents:verify:{user_id}:{now // window}"
    try:
        cache.add(key, 0, timeout=window + 60)
        try:
            used = cache.incr(key)
        except ValueError:  # evicted between add and incr
            used = 1 if cache.add(key, 1, timeout=window + 60) else None
    except Exception:
        logger.warning("Resident verification refused: the cache is unreachable", exc_info=True)
        return UNCOUNTED_RETRY_AFTER
    if used is None:  # django-redis answers None when it ignores a connection error
        logger.warning("Resident verification refused: the cache is unreachable")
        return UNCOUNTED_RETRY_AFTER
    if used > attempts:
        return window - now % window
    return None
