"""A small per-account attempt counter in the cache (Redis in production).

Fixed windows: at most `RESIDENT_VERIFY_ATTEMPTS` attempts per account in each window of
`RESIDENT_VERIFY_WINDOW` seconds (defaults 5 per hour). The count lives in the cache, which
every app server shares; it holds an account id and a number, nothing the person typed.
"""

import time

from django.conf import settings
from django.core.cache import cache

DEFAULT_ATTEMPTS = 5
DEFAULT_WINDOW = 3600


def _limits() -> tuple[int, int]:
    attempts = int(getattr(settings, "RESIDENT_VERIFY_ATTEMPTS", DEFAULT_ATTEMPTS))
    window = int(getattr(settings, "RESIDENT_VERIFY_WINDOW", DEFAULT_WINDOW))
    return attempts, max(window, 1)


def take_attempt(user_id: int) -> int | None:
    """Count one attempt. None when it is allowed, else the seconds until the next window."""
    attempts, window = _limits()
    now = int(time.time())
    key = f"residents:verify:{user_id}:{now // window}"
    cache.add(key, 0, timeout=window + 60)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 60)
        used = 1
    if used > attempts:
        return window - now % window
    return None
