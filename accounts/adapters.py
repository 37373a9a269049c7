from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext

from civic.client import client_ip


@dataclass(frozen=True)
class SiteIdentity:
    """What allauth's e-mails call `current_site`: the site's own name and address."""

    name: str
    domain: str


def site_identity() -> SiteIdentity:
    """The site's name in the active language and its public address (SITE_URL).

    Without django.contrib.sites allauth would sign with the request's host
    ("127.0.0.1:8000"); people should read the name of the site they signed up on.
    """
    return SiteIdentity(
        name=gettext(settings.WAGTAIL_SITE_NAME), domain=settings.SITE_URL.rstrip("/")
    )


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {**context, "current_site": site_identity()}
        super().send_mail(template_prefix, email, context)

    def populate_username(self, request, user) -> None:
        """Accounts have no username: people sign in with their e-mail."""

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """After logging in, people land on pages in the language they chose."""
        language = getattr(request.user, "language", "") or translation.get_language()
        with translation.override(language):
            return super().get_login_redirect_url(request)

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's log-in and sign-up limits read the same address as the rest of the site."""
        return client_ip(request)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        """Staff cannot turn two-factor off while the site requires it of them."""
        from .door import has_staff_role

        if settings.CIVIC_STAFF_MFA_REQUIRED and has_staff_role(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
