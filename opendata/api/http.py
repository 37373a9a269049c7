"""What every API answer carries: ETag and Last-Modified (with 304 to conditional requests),
the rate limit headers, and no caching by shared caches (the rate headers are per client).

The ETag is a hash of the body, so it changes exactly when the data do (a support counted,
a response published). Nothing in the data records when a count changed, so Last-Modified
is the time this URL was first answered with this body, kept in the shared cache; a new body
always gets a later time than the one before it, so If-Modified-Since never hides a change.
"""

import hashlib
import time

from django.core.cache import cache
from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.request import Request

from .throttling import ApiRateThrottle

SEEN_SECONDS = 86400


def _last_modified(request: Request, etag: str) -> int:
    key = "api:seen:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
    now = int(time.time())
    stored = cache.get(key)
    if stored and stored[0] == etag:
        return stored[1]
    modified = max(now, stored[1] + 1) if stored else now
    cache.set(key, (etag, modified), SEEN_SECONDS)
    return modified


def conditional(request: Request, response: HttpResponseBase) -> HttpResponseBase:
    """Add ETag and Last-Modified to a successful GET/HEAD answer; 304 when the client's copy
    is current (If-None-Match wins over If-Modified-Since, as HTTP says)."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    modified = _last_modified(request, etag)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response)


def rate_headers(request: Request, response: HttpResponseBase) -> HttpResponseBase:
    """X-RateLimit-Limit/Remaining/Reset (Reset: Unix time when the binding window ends)."""
    usage = getattr(request, "api_usage", None)
    if usage is not None:
        response["X-RateLimit-Limit"] = str(usage.limit)
        response["X-RateLimit-Remaining"] = str(usage.remaining)
        response["X-RateLimit-Reset"] = str(usage.reset)
        if usage.wait:
            response["Retry-After"] = str(usage.wait)
    response.headers.setdefault("Cache-Control", "private, no-cache")
    return response


class ApiHeadersMixin:
    """For every API view: read-only, anyone may read (the session only tells who is
    counted: no password or token is ever accepted), rate limited; conditional GET, then
    the rate limit headers (on 304s too)."""

    http_method_names = ["get", "head", "options"]
    authentication_classes = [SessionAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = [ApiRateThrottle]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return rate_headers(request, conditional(request, response))
