"""Wagtail admin: the staff roles screen of a consultation and its audit-log actions; the
topics with their Persian names."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import can_manage_roles, consultation_roles
from .models import ConsultationPage, Topic
from .roles import LOG_GRANT, LOG_REVOKE


@hooks.register("register_admin_urls")
def register_role_urls():
    return [
        path(
            "consultations/<int:page_id>/roles/",
            consultation_roles,
            name="consultation_roles",
        )
    ]


@hooks.register("register_log_actions")
def register_role_log_actions(actions):
    actions.register_action(LOG_GRANT, _("Grant staff role"), _("Staff role granted"))
    actions.register_action(LOG_REVOKE, _("Revoke staff role"), _("Staff role revoked"))


def _roles_button(page, user, priority):
    page_class = page.specific_class
    if page_class is None or not issubclass(page_class, ConsultationPage):
        return
    if not can_manage_roles(user, page):
        return
    yield MenuItem(
        _("Moderators and officials"),
        reverse("consultation_roles", args=[page.pk]),
        icon_name="group",
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def page_header_roles_button(page, user, view_name=None, next_url=None):
    yield from _roles_button(page, user, 45)


@hooks.register("register_page_listing_more_buttons")
def page_listing_roles_button(page, user, next_url=None):
    yield from _roles_button(page, user, 45)


class TopicViewSet(SnippetViewSet):
    """Topics (Snippets > Topics): each concept's English name, which links and open data
    use, and the Persian name Persian pages show. Creating and editing is in the audit log."""

    model = Topic
    icon = "tag"
    list_display = ["name", "name_fa", "slug"]
    list_per_page = 50
    ordering = ["name"]


register_snippet(TopicViewSet)
