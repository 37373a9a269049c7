"""One door for every way in, and what it asks of staff accounts.

- Wagtail's log-in and password-reset pages send people to the accounts pages (allauth), so
  the admin shares their rate limits, lock-out, e-mail confirmation and two-factor step.
- Staff accounts (see `has_staff_role`) must set up two-factor (an authenticator app, with
  recovery codes) before any other page when ``CIVIC_STAFF_MFA_REQUIRED`` is on.
- Staff are signed out after ``CIVIC_STAFF_IDLE_MINUTES`` without a request.
"""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .staff_access import has_admin_access

LAST_SEEN_KEY = "civic_staff_seen"
# The last-seen time is written at most this often, not on every request.
LAST_SEEN_RESOLUTION = 60

# Pages a staff account without two-factor may still open: setting it up, confirming who
# they are for it, signing out, and the plumbing every page needs.
OPEN_URL_NAMES = {
    "account_login",
    "account_logout",
    "account_reauthenticate",
    "account_confirm_email",
    "account_email_verification_sent",
    "set_language",
    "healthz",
}


def has_staff_role(user) -> bool:
    """Any staff role: superuser, Django staff flag, admin access (which every staff group,
    editors and approvers, grants), or moderator/official of any consultation (those grant
    admin access through `proposals.permissions.ConsultationStaffBackend`). Admin access is
    remembered per account in the cache (`accounts.staff_access`), so a citizen without a
    role costs no query."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or user.is_staff or has_admin_access(user))


def has_two_factor(user) -> bool:
    return is_mfa_enabled(user, types=[Authenticator.Type.TOTP])


def _safe_next(request: HttpRequest, default: str) -> str:
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return default


@require_safe
def admin_login(request: HttpRequest) -> HttpResponse:
    """Stands where Wagtail's log-in form was: nobody signs in here.

    Signed-out visitors go to the accounts log-in (and come back to the admin after it);
    signed-in people with admin access go on; others are refused rather than sent round in a
    loop between the two log-in pages.
    """
    next_url = _safe_next(request, reverse("wagtailadmin_home"))
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(next_url, login_url=reverse("account_login"))
    if has_admin_access(user):
        return redirect(next_url)
    raise PermissionDenied(_("Your account has no access to the administration."))


def admin_password_reset(request: HttpRequest) -> HttpResponse:
    """Wagtail's password reset is off: the accounts one (rate-limited) takes its place."""
    return redirect("account_reset_password")


def _is_open(request: HttpRequest) -> bool:
    match = request.resolver_match
    name = match.url_name if match else None
    if name and (name in OPEN_URL_NAMES or name.startswith("mfa_")):
        return True
    return request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL))


class StaffDoorMiddleware:
    """Idle sign-out and the two-factor requirement, for staff accounts only."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if not has_staff_role(user):
            return None
        now = int(time.time())
        idle_limit = settings.CIVIC_STAFF_IDLE_MINUTES * 60
        seen = request.session.get(LAST_SEEN_KEY)
        if idle_limit and seen is not None and now - seen > idle_limit:
            logout(request)
            messages.info(
                request,
                _("You were signed out after %(minutes)d minutes without activity.")
                % {"minutes": settings.CIVIC_STAFF_IDLE_MINUTES},
            )
            return redirect_to_login(request.get_full_path(), login_url=reverse("account_login"))
        if seen is None or now - seen >= LAST_SEEN_RESOLUTION:
            request.session[LAST_SEEN_KEY] = now

        if settings.CIVIC_STAFF_MFA_REQUIRED and not _is_open(request) and not has_two_factor(user):
            messages.warning(
                request,
                _(
                    "Staff accounts need two-factor authentication. Set up an "
                    "authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return None
