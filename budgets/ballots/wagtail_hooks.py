"""Wagtail admin of ballots: where verified residents live (for headings limited to an area)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from budgets.ballots.services import LOG_RESIDENT_AREA, RESIDENT_AREA_PERMISSION


@hooks.register("register_admin_urls")
def register_resident_area_urls():
    from budgets.ballots.admin_views import resident_areas

    return [path("budgets/resident-areas/", resident_areas, name="budget_resident_areas")]


class ResidentAreasMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(RESIDENT_AREA_PERMISSION)


@hooks.register("register_settings_menu_item")
def register_resident_areas_menu_item():
    return ResidentAreasMenuItem(
        _("Residents' areas"), reverse("budget_resident_areas"), icon_name="site", order=620
    )


@hooks.register("register_log_actions")
def register_resident_area_log_actions(actions):
    actions.register_action(
        LOG_RESIDENT_AREA, _("Set a resident's area"), _("Resident's area of residence set")
    )
