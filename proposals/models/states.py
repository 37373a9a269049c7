"""The states and reason codes shared by proposals, comments and their audit trail."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ModerationState(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    HIDDEN = "hidden", _("Hidden")
    WITHDRAWN = "withdrawn", _("Withdrawn by the author")


class Outcome(models.TextChoices):
    NONE = "none", _("No outcome yet")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    PARTIALLY_ACCEPTED = "partially_accepted", _("Partially accepted")
    REJECTED = "rejected", _("Rejected")
    IMPLEMENTED = "implemented", _("Implemented")
    MERGED = "merged", _("Merged into another proposal")


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive or abusive")
    OFF_TOPIC = "off_topic", _("Off topic")
    PERSONAL_DATA = "personal_data", _("Reveals personal data")
    OTHER = "other", _("Other")


class ReasonCode(models.TextChoices):
    """Public reason of a moderation decision (blank when publishing or restoring)."""

    NONE = "", _("No reason")
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive or abusive")
    OFF_TOPIC = "off_topic", _("Off topic")
    PERSONAL_DATA = "personal_data", _("Reveals personal data")
    DUPLICATE = "duplicate", _("Duplicate of another proposal")
    AUTO_HIDDEN = "auto_hidden", _("Hidden after reports, waiting for a moderator")
    WITHDRAWN = "withdrawn", _("Withdrawn by the author")
    OTHER = "other", _("Other")


def choices_check(
    field: str, choices: type[models.TextChoices], name: str
) -> models.CheckConstraint:
    """A named check constraint mirroring a field's choices in the database."""
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": choices.values}), name=name)
