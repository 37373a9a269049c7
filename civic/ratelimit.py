"""Rate limits on citizen actions, counted in the cache (Redis in production).

`settings.RATE_LIMITS` maps an action to its rates, e.g. `{"comment": "10/m,60/h"}`: at most
10 comments a minute and 60 an hour. A request is counted for its account when someone is
signed in, so people sharing one address (a council office, a library) are never limited
for each other; for anonymous requests the client address of `civic.client` counts.

Each rate is a fixed window: one counter per action, person and window, created with
`cache.add` and raised with `cache.incr` (both atomic on Redis and on the in-process
cache). A limited request is answered 429 with the time left in its window as
`Retry-After`. The public API (opendata/api/) counts every request as the action "api" and
also reports `usage()` in its X-RateLimit-* headers.

Which URL counts for which action is the table `LIMITED_VIEWS` (URL names), applied by
`RateLimitMiddleware` to POST requests only. allauth limits its own views (sign-up, log-in,
password reset) with `ACCOUNT_RATE_LIMITS`.

When the cache cannot be reached the limits fail open: the request is served and a warning
is logged. Refusing every citizen action while Redis is down would be a worse outage than
a few minutes without limits.
"""

import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from civic.client import client_ip

logger = logging.getLogger(__name__)

# URL name -> action of settings.RATE_LIMITS.
LIMITED_VIEWS = {
    "proposals:create": "proposal",
    "proposals:comment": "comment",
    "proposals:support": "support",
    "proposals:unsupport": "support",
    "proposals:report": "report",
    "proposals:report_comment": "report",
    "proposals:follow": "follow",
    "proposals:unfollow": "follow",
    "proposals:follow_consultation": "follow",
    "proposals:unfollow_consultation": "follow",
    "budgets:ballot": "ballot",
}

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int


def parse_rates(text: str) -> list[Rate]:
    """`"5/h,20/d"` -> two rates. Periods: `s`, `m`, `h`, `d`, optionally counted (`15m`)."""
    rates = []
    for part in filter(str.strip, (text or "").split(",")):
        match = RATE_PATTERN.match(part)
        if not match:
            raise ValueError(f"Not a rate: {part!r} (expected e.g. '10/m' or '3/15m')")
        amount, count, unit = match.groups()
        rates.append(Rate(int(amount), int(count or 1) * UNITS[unit]))
    return rates


def _who(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def _count(key: str, timeout: int) -> int | None:
    """Raise the counter `key` by one and return it; None when the cache is unreachable."""
    try:
        try:
            count = cache.incr(key)
        except ValueError:  # no counter yet in this window
            if cache.add(key, 1, timeout):
                return 1
            count = cache.incr(key)
    except Exception:
        logger.warning("Rate limit not checked: the cache is unreachable", exc_info=True)
        return None
    if count is None:  # django-redis with IGNORE_EXCEPTIONS answers None when Redis is down
        logger.warning("Rate limit not checked: the cache is unreachable")
    return count


@dataclass(frozen=True)
class Usage:
    """Where one person stands against an action's limits after a request was counted.

    `limit`, `remaining` and `reset` (Unix time when its window ends) describe the rate that
    binds: the one that refused the request, else the one with the fewest requests left.
    `wait` is 0 when the request is allowed, else the seconds until every full rate frees up.
    """

    limit: int
    remaining: int
    reset: int
    wait: int


def usage(request: HttpRequest, action: str, *, now: float | None = None) -> Usage | None:
    """Count one `action` by the person behind `request` against every rate of the action.

    None when the action has no limit or the cache cannot be reached (limits fail open).
    """
    rates = parse_rates(settings.RATE_LIMITS.get(action, ""))
    now = time.time() if now is None else now
    who = _who(request)
    wait = 0
    binding: tuple | None = None
    for rate in rates:
        window = int(now // rate.seconds)
        key = f"ratelimit:{action}:{rate.amount}/{rate.seconds}:{who}:{window}"
        count = _count(key, rate.seconds)
        if count is None:
            return None
        ends = (window + 1) * rate.seconds
        left = max(rate.amount - count, 0)
        if count > rate.amount:
            wait = max(wait, math.ceil(ends - now))
        # Refused rates bind first (the latest to free up), then the one with fewest left.
        rank = (count > rate.amount, ends if count > rate.amount else -left)
        if binding is None or rank > binding[0]:
            binding = (rank, rate.amount, left, math.ceil(ends))
    if binding is None:
        return None
    _, limit, remaining, reset = binding
    return Usage(limit=limit, remaining=remaining, reset=reset, wait=wait)


def hit(request: HttpRequest, action: str, *, now: float | None = None) -> int:
    """Count one `action` by the person behind `request`.

    Returns 0 when it is allowed, else the seconds until the fullest limit frees up.
    """
    counted = usage(request, action, now=now)
    return counted.wait if counted else 0


class RateLimitMiddleware:
    """Applies `LIMITED_VIEWS` to POST requests, before the view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        if request.method != "POST" or request.resolver_match is None:
            return None
        action = LIMITED_VIEWS.get(request.resolver_match.view_name)
        if action is None:
            return None
        wait = hit(request, action)
        if not wait:
            return None
        from civic.views import too_many_requests

        logger.info("Rate limit %s reached by %s", action, _who(request))
        return too_many_requests(request, retry_after=wait)
