from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users import apps as wagtail_users_apps


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from . import staff_access
        from .models import User

        pre_delete.connect(_forget_person, sender=User, dispatch_uid="accounts.forget_person")
        staff_access.connect()


def _forget_person(sender, instance, **kwargs) -> None:
    from .services import forget_person

    forget_person(user_id=instance.pk)


class CivicUsersAppConfig(wagtail_users_apps.WagtailUsersAppConfig):
    """Wagtail's user admin, with forms for our user model (no username or real names).

    Listed in INSTALLED_APPS in place of "wagtail.users".
    """

    default = False
    user_viewset = "accounts.admin_users.CivicUserViewSet"
