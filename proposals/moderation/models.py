"""The moderation record: append-only decisions, reason templates (editable by staff) and
citizens' appeals against decisions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from proposals.models.reports import ONE_TARGET
from proposals.models.states import ModerationState, ReasonCode, choices_check

APPEAL_TEXT_MAX = 2000

# Codes a moderator may pick; the automatic and author codes are not reasons to choose.
TEMPLATE_CODES = [
    (value, label)
    for value, label in ReasonCode.choices
    if value not in {ReasonCode.NONE, ReasonCode.AUTO_HIDDEN, ReasonCode.WITHDRAWN}
]


class DecisionAction(models.TextChoices):
    """What a decision did: one row of the action table in `proposals.moderation.services`."""

    PUBLISH = "publish", _("Published after review")
    REJECT = "reject", _("Rejected")
    HIDE = "hide", _("Hidden by a moderator")
    AUTO_HIDE = "auto_hide", _("Hidden after reports")
    RESTORE = "restore", _("Restored")
    DISMISS = "dismiss", _("Reports dismissed")
    WITHDRAW = "withdraw", _("Withdrawn by the author")
    APPEAL_UPHELD = "appeal_upheld", _("Appeal decided: decision upheld")
    APPEAL_OVERTURNED = "appeal_overturned", _("Appeal decided: decision overturned")


class ModerationDecision(models.Model):
    """Who changed the state of which proposal or comment, when, from what to what, and why.

    Append-only: rows are never updated or deleted by the application.
    `moderator` is NULL for automatic decisions (hidden after reports) and author actions
    recorded for the audit trail.
    """

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_decisions",
        verbose_name=_("moderator"),
    )
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="moderation_decisions",
        verbose_name=_("consultation"),
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderation_decisions",
    )
    comment = models.ForeignKey(
        "proposals.Comment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderation_decisions",
    )
    from_state = models.CharField(_("from"), max_length=10, choices=ModerationState.choices)
    to_state = models.CharField(_("to"), max_length=10, choices=ModerationState.choices)
    reason = models.CharField(
        _("reason"), max_length=16, choices=ReasonCode.choices, blank=True, default=""
    )
    public_text = models.CharField(_("public reason"), max_length=500, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=DecisionAction.choices)
    created_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=ONE_TARGET, name="decision_one_target"),
            choices_check("from_state", ModerationState, "decision_from_state_valid"),
            choices_check("to_state", ModerationState, "decision_to_state_valid"),
            choices_check("reason", ReasonCode, "decision_reason_valid"),
            choices_check("action", DecisionAction, "decision_action_valid"),
        ]
        indexes = [
            models.Index(fields=["consultation", "-created_at"], name="decision_cons_idx"),
            models.Index(fields=["proposal", "-created_at"], name="decision_proposal_idx"),
            models.Index(fields=["comment", "-created_at"], name="decision_comment_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("Moderation decisions cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Moderation decisions cannot be deleted."))


class ModerationReason(index.Indexed, models.Model):
    """A public reason moderators pick when they reject or hide, in English and Persian."""

    code = models.CharField(_("reason code"), max_length=16, choices=TEMPLATE_CODES)
    label = models.CharField(
        _("label for moderators"), max_length=100, unique=True, help_text=_("Shown in menus.")
    )
    text = models.CharField(_("public text"), max_length=400)
    text_fa = models.CharField(_("public text in Persian"), max_length=400, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("code"),
        FieldPanel("label"),
        FieldPanel("text"),
        FieldPanel("text_fa"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("label"), index.SearchField("text")]

    class Meta:
        ordering = ["sort_order", "label"]
        verbose_name = _("moderation reason")
        verbose_name_plural = _("moderation reasons")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__in=[value for value, _label in TEMPLATE_CODES]),
                name="moderation_reason_code_valid",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def display_text(self) -> str:
        if translation.get_language() == "fa" and self.text_fa:
            return self.text_fa
        return self.text


class AppealState(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    UPHELD = "upheld", _("Decision upheld")
    OVERTURNED = "overturned", _("Decision overturned, published again")


class Appeal(models.Model):
    """The author of rejected or hidden content asks, once per item, for a second look.

    Decided by a moderator of the consultation other than the one whose decision is
    appealed; the outcome is a ModerationDecision like any other.
    """

    State = AppealState

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("author"),
    )
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="appeals",
        verbose_name=_("consultation"),
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="appeals",
    )
    comment = models.ForeignKey(
        "proposals.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="appeals"
    )
    appealed_decision = models.ForeignKey(
        "proposals.ModerationDecision",
        on_delete=models.PROTECT,
        related_name="appeals",
        verbose_name=_("appealed decision"),
    )
    text = models.TextField(_("why the decision should change"), max_length=APPEAL_TEXT_MAX)
    state = models.CharField(
        _("state"), max_length=10, choices=AppealState.choices, default=AppealState.PENDING
    )
    created_at = models.DateTimeField(_("appealed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appeals_decided",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision = models.OneToOneField(
        "proposals.ModerationDecision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeal_outcome",
        verbose_name=_("decision on the appeal"),
    )

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=ONE_TARGET, name="appeal_one_target"),
            choices_check("state", AppealState, "appeal_state_valid"),
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(proposal__isnull=False),
                name="appeal_once_proposal",
            ),
            models.UniqueConstraint(
                fields=["comment"], condition=Q(comment__isnull=False), name="appeal_once_comment"
            ),
            models.CheckConstraint(
                condition=Q(state=AppealState.PENDING, decided_at__isnull=True)
                | (~Q(state=AppealState.PENDING) & Q(decided_at__isnull=False)),
                name="appeal_decided_when_not_pending",
            ),
        ]
        indexes = [
            models.Index(fields=["consultation", "state", "created_at"], name="appeal_queue_idx")
        ]

    def __str__(self) -> str:
        return f"appeal {self.pk} ({self.state})"

    @property
    def item(self):
        return self.proposal if self.proposal_id else self.comment


# --- audit log ---------------------------------------------------------------------------

LOG_ACTION_PREFIX = "civic.moderation."
# Filing an appeal is logged too, though it decides nothing.
LOG_APPEAL = "appeal"


def item_title(item) -> str:
    return (item.title if hasattr(item, "title") else item.body)[:200]
