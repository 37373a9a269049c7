"""Wagtail admin: the census screen, its menu item, permission and audit-log actions."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import census
from .services import LOG_CONFIRM, LOG_UPLOAD, can_upload_census


@hooks.register("register_admin_urls")
def register_census_urls():
    return [path("residents/census/", census, name="residents_census")]


class CensusMenuItem(MenuItem):
    def is_shown(self, request):
        return can_upload_census(request.user)


@hooks.register("register_admin_menu_item")
def register_census_menu_item():
    return CensusMenuItem(
        _("Census of residents"), reverse("residents_census"), icon_name="group", order=900
    )


@hooks.register("register_permissions")
def register_census_permission():
    return Permission.objects.filter(content_type__app_label="accounts", codename="upload_census")


@hooks.register("register_log_actions")
def register_census_log_actions(actions):
    actions.register_action(LOG_UPLOAD, _("Upload census"), _("Census uploaded"))
    actions.register_action(LOG_CONFIRM, _("Confirm resident"), _("Resident confirmed by staff"))
