"""Error pages in the site's look. Each renders without the database where it can."""

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


def _error(request: HttpRequest, status: int, template: str) -> HttpResponse:
    return render(request, template, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "errors/400.html")


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "errors/403.html")


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "errors/404.html")


def too_many_requests(request: HttpRequest, retry_after: int | None = None) -> HttpResponse:
    """429 in the site's look, with `Retry-After` in seconds.

    Also allauth's `handler429` for its own limits, which do not say how long to wait.
    """
    if retry_after is None:
        retry_after = settings.RATE_LIMIT_RETRY_AFTER
    retry_after = max(1, int(retry_after))
    response = render(
        request,
        "errors/429.html",
        {"retry_minutes": math.ceil(retry_after / 60)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without context processors: the database may be what failed."""
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def terms(request: HttpRequest) -> HttpResponse:
    """The terms of use: the content licence, what is public and what stays private."""
    return render(request, "pages/terms.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)
