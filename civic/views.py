"""Error pages in the site's look. Each renders without the database where it can."""

import math
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
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


# Seconds a client is asked to wait when the database connection broke under a request.
DATABASE_RETRY_AFTER = 5


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without context processors: the database may be what failed.

    A lost or refused database connection (a restart, a fail-over, a dropped backend) is
    answered 503 with `Retry-After`: the failed transaction was rolled back, and sending the
    request again is safe (a support is kept once, a form's once-only token refuses a second
    copy). Anything else is a 500.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("errors/503.html").render(), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        return response
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def terms(request: HttpRequest) -> HttpResponse:
    """The terms of use: the content licence, what is public and what stays private."""
    return render(request, "pages/terms.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)
