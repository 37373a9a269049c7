from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users import apps as wagtail_users_apps


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")


class CivicUsersAppConfig(wagtail_users_apps.WagtailUsersAppConfig):
    """Wagtail's user admin, with forms for our user model (no username or real names).

    Listed in INSTALLED_APPS in place of "wagtail.users".
    """

    default = False
    user_viewset = "accounts.admin_users.CivicUserViewSet"
