from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from civic.client import client_ip


class AccountAdapter(DefaultAccountAdapter):
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
