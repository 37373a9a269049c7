"""Wagtail admin of moderation: the queue, its actions, appeals and reason templates.

The admin views are the public moderation views with `admin=True` (admin templates and URL
names); they check the per-consultation role themselves, so a moderator of another
consultation gets 403 on every one of them, bulk actions included.
"""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from consultations.roles import consultations_moderated_by, moderated_ids
from proposals.models import ModerationReason
from proposals.moderation import queries, views
from proposals.moderation.models import LOG_ACTION_PREFIX, LOG_APPEAL
from proposals.moderation.services import ACTIONS

ADMIN = {"admin": True}


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    for name, action in ACTIONS.items():
        actions.register_action(LOG_ACTION_PREFIX + name, action.label, action.log_message)
    actions.register_action(
        LOG_ACTION_PREFIX + LOG_APPEAL, _("Moderation: appeal"), _("Appealed by the author")
    )


@hooks.register("register_admin_urls")
def register_moderation_urls():
    consultation = "moderation/consultations/<int:consultation_id>/"
    item = "<str:kind>/<int:pk>/"
    return [
        path("moderation/", views.index, ADMIN, name="civic_moderation_index"),
        path(consultation, views.queue, ADMIN, name="civic_moderation_queue"),
        path(f"{consultation}bulk/", views.bulk, ADMIN, name="civic_moderation_bulk"),
        path(f"{consultation}items/{item}", views.item, ADMIN, name="civic_moderation_item"),
        path(f"{consultation}items/{item}act/", views.act, ADMIN, name="civic_moderation_act"),
        path(
            f"{consultation}appeals/<int:pk>/",
            views.appeal,
            ADMIN,
            name="civic_moderation_appeal",
        ),
    ]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return bool(moderated_ids(request.user))


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        _("Moderation"), reverse("civic_moderation_index"), icon_name="warning", order=250
    )


class ModerationPanel(Component):
    """Dashboard panel: the moderator's consultations and what waits in each."""

    name = "civic_moderation"
    order = 60

    class Media:
        css = {"all": ["css/moderation.css"]}

    def __init__(self, request) -> None:
        self.request = request

    def render_html(self, parent_context=None) -> str:
        consultations = list(consultations_moderated_by(self.request.user))
        if not consultations:
            return ""
        rows = queries.consultation_rows(consultations)
        return render_to_string(
            "moderation/admin/panel.html",
            {"rows": rows, "queue_labels": queries.QUEUE_LABELS, "names": views.ADMIN_NAMES},
            request=self.request,
        )


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    if moderated_ids(request.user):
        panels.append(ModerationPanel(request))


class ModerationReasonViewSet(SnippetViewSet):
    model = ModerationReason
    icon = "comment"
    menu_label = _("Moderation reasons")
    list_display = ["label", "code", "text", "sort_order"]
    list_filter = ["code"]
    ordering = ["sort_order", "label"]


register_snippet(ModerationReasonViewSet)
