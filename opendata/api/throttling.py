"""The API's rate limit: every request counts as the action "api" of `settings.RATE_LIMITS`,
through the site's one counter (civic/ratelimit.py), per account or per client address."""

from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from civic import ratelimit

ACTION = "api"


class ApiRateThrottle(BaseThrottle):
    """Refuses (429 with Retry-After) beyond the limit; leaves the count on the request for
    the X-RateLimit-* headers (`opendata.api.http.rate_headers`)."""

    def allow_request(self, request: Request, view) -> bool:
        usage = ratelimit.usage(request, ACTION)
        request.api_usage = usage
        self._wait = usage.wait if usage else 0
        return not self._wait

    def wait(self) -> int:
        return self._wait
