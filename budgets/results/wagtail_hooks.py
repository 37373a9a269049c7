"""Wagtail admin: the "Count now" screen, its button on a budget's page, the audit-log action."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from .admin_views import count_now
from .permissions import may_count
from .services import LOG_COUNT


@hooks.register("register_admin_urls")
def register_count_urls():
    return [path("budgets/<int:consultation_id>/count/", count_now, name="budgets_count")]


def _count_button(page, user, priority: int):
    specific = getattr(page, "specific_deferred", page)
    if getattr(specific, "is_budget", False) and may_count(user, specific):
        yield Button(
            _("Count the ballots"),
            reverse("budgets_count", args=[specific.canonical.pk]),
            icon_name="tasks",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def count_header_button(page, user, view_name=None, next_url=None):
    yield from _count_button(page, user, 80)


@hooks.register("register_page_listing_more_buttons")
def count_listing_button(page, user, next_url=None):
    yield from _count_button(page, user, 80)


@hooks.register("register_log_actions")
def register_count_log_actions(actions):
    actions.register_action(LOG_COUNT, _("Count budget ballots"), _("Budget ballots counted"))
