"""Response headers every page gets: one framing rule, the admin's own CSP, a
Permissions-Policy, and Secure on every cookie in production.

Framing is denied everywhere (`X-Frame-Options: DENY` with `frame-ancestors 'none'`).
Two exceptions, each stated by the view itself:
- `@embeddable` views (the open-data embeds) may be framed by `EMBED_FRAME_ANCESTORS`;
- views that set `X-Frame-Options: SAMEORIGIN` themselves (Wagtail's previews, shown in
  the editor's side panel) may be framed by this site only.
Both headers are derived from that one decision, so they never disagree.
"""

from collections.abc import Callable
from functools import wraps

from csp.constants import HEADER as CSP_HEADER
from csp.constants import NONE, SELF
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

XFO_HEADER = "X-Frame-Options"


def embeddable(view: Callable) -> Callable:
    """Let other sites frame this view (an embed), within `EMBED_FRAME_ANCESTORS`."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response.embeddable = True
        return response

    return wrapped


def frame_ancestors(response: HttpResponseBase) -> list[str]:
    """Who may frame this response: the single decision both headers follow."""
    if getattr(response, "embeddable", False):
        return list(settings.EMBED_FRAME_ANCESTORS)
    if response.get(XFO_HEADER, "").upper() == "SAMEORIGIN":
        return [SELF]
    return [NONE]


def _x_frame_options(response: HttpResponseBase) -> str | None:
    ancestors = frame_ancestors(response)
    if ancestors == [NONE]:
        return "DENY"
    if ancestors == [SELF]:
        return "SAMEORIGIN"
    # X-Frame-Options cannot name other sites; frame-ancestors alone rules embeds.
    return None


class FramingMiddleware:
    """Sets `X-Frame-Options` from `frame_ancestors()`; replaces Django's middleware,
    whose `xframe_options_exempt` would allow framing by anyone."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        value = _x_frame_options(response)
        if value is None:
            del response[XFO_HEADER]
        else:
            response[XFO_HEADER] = value
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp 4's middleware with two additions: the Wagtail admin gets its own policy
    (`ADMIN_CONTENT_SECURITY_POLICY`, for paths under its `URL_PREFIXES`), and
    `frame-ancestors` always follows `frame_ancestors()`."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        admin = settings.ADMIN_CONTENT_SECURITY_POLICY
        if parts.config is None and request.path_info.startswith(tuple(admin["URL_PREFIXES"])):
            parts.config = default_config(admin["DIRECTIVES"])
        parts.replace = {**(parts.replace or {}), "frame-ancestors": frame_ancestors(response)}
        return parts

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        own_policy = response.get(CSP_HEADER)
        response = super().process_response(request, response)
        if own_policy and "frame-ancestors" not in own_policy:
            # A view's own policy (Wagtail serving a document) still states the framing rule.
            ancestors = " ".join(frame_ancestors(response))
            response[CSP_HEADER] = f"{own_policy}; frame-ancestors {ancestors}"
        return response


class PermissionsPolicyMiddleware:
    """`Permissions-Policy` from the `PERMISSIONS_POLICY` setting (feature: allowed origins)."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class SecureCookiesMiddleware:
    """With `SESSION_COOKIE_SECURE` (production), every cookie the site sets is Secure:
    the session, CSRF and language cookies have settings of their own, this covers the
    rest (the listing's shuffle seed, messages, anything a package adds later)."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if settings.SESSION_COOKIE_SECURE:
            for morsel in response.cookies.values():
                morsel["secure"] = True
        return response
