"""Wagtail admin of moderation: the queue, its actions, appeals and reason templates."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from ..models.appeals import LOG_ACTION_PREFIX
from ..models.states import ModerationState


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
