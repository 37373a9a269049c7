"""Wagtail admin of official responses: permission policy, snippet, overdue list, dashboard."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from ..models import OfficialResponse
from ..models.appeals import LOG_ACTION_PREFIX
from ..models.states import ModerationState
from ..permissions import OfficialResponsePermissionPolicy

# Registered first, before any view asks for the model's policy.
register_permission_policy(OfficialResponse, OfficialResponsePermissionPolicy(OfficialResponse))


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    labels = {
        ModerationState.PUBLISHED: (_("Moderation: publish"), _("Published by moderation")),
        ModerationState.REJECTED: (_("Moderation: reject"), _("Rejected by moderation")),
        ModerationState.HIDDEN: (_("Moderation: hide"), _("Hidden by moderation")),
        ModerationState.WITHDRAWN: (_("Withdraw"), _("Withdrawn by the author")),
        ModerationState.PENDING: (_("Moderation: pending"), _("Waiting for moderation")),
    }
    for state, (label, message) in labels.items():
        actions.register_action(LOG_ACTION_PREFIX + state, label, message)
