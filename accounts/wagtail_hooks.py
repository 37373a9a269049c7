"""Wagtail loads this module of every app at start-up: the census admin lives with residents;
suspended accounts are listed (and lifted) here."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.residents import wagtail_hooks as residents_hooks  # noqa: F401
from accounts.services import LOG_LIFT, LOG_SUSPEND


@hooks.register("register_log_actions")
def register_suspension_log_actions(actions):
    actions.register_action(LOG_SUSPEND, _("Account suspended"), _("Account suspended"))
    actions.register_action(LOG_LIFT, _("Suspension lifted"), _("Suspension lifted"))


@hooks.register("register_admin_urls")
def register_suspension_urls():
    from accounts.suspensions import suspension_list

    return [path("accounts/suspensions/", suspension_list, name="civic_suspensions")]


class SuspensionsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_suspensions_menu_item():
    return SuspensionsMenuItem(
        _("Suspended accounts"), reverse("civic_suspensions"), icon_name="lock", order=610
    )
