"""Moderation reason templates (editable by staff) and citizens' appeals against decisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .moderation import ONE_TARGET
from .states import ModerationState, ReasonCode, choices_check

APPEAL_TEXT_MAX = 2000

# Codes a moderator may pick; the automatic and author codes are not reasons to choose.
TEMPLATE_CODES = [
    (value, label)
    for value, label in ReasonCode.choices
    if value not in {ReasonCode.NONE, ReasonCode.AUTO_HIDDEN, ReasonCode.WITHDRAWN}
]


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

# Audit-log action (after the prefix) -> (label, message), registered by the admin hooks.
LOG_ACTIONS = {
    "publish": (_("Moderation: publish"), _("Published by a moderator")),
    "reject": (_("Moderation: reject"), _("Rejected by a moderator")),
    "hide": (_("Moderation: hide"), _("Hidden by a moderator")),
    "auto_hide": (_("Moderation: hidden after reports"), _("Hidden automatically after reports")),
    "restore": (_("Moderation: restore"), _("Restored by a moderator")),
    "dismiss": (_("Moderation: dismiss reports"), _("Reports dismissed by a moderator")),
    "withdraw": (_("Withdraw"), _("Withdrawn by the author")),
    "appeal": (_("Moderation: appeal"), _("Appealed by the author")),
    "appeal_upheld": (_("Moderation: appeal upheld"), _("Appeal decided: decision upheld")),
    "appeal_overturned": (
        _("Moderation: appeal overturned"),
        _("Appeal decided: decision overturned"),
    ),
}


def decision_log_action(decision) -> str:
    """The audit-log action of a decision: what the moderator did, in one word."""
    explicit = getattr(decision, "_log_action", "")
    if explicit:
        return explicit
    from_state, to_state = decision.from_state, decision.to_state
    if to_state == ModerationState.WITHDRAWN:
        return "withdraw"
    if to_state == ModerationState.HIDDEN:
        return "hide" if decision.moderator_id else "auto_hide"
    if to_state == ModerationState.REJECTED:
        return "reject"
    if to_state == ModerationState.PUBLISHED:
        if from_state == ModerationState.PENDING:
            return "publish"
        return "dismiss" if from_state == ModerationState.PUBLISHED else "restore"
    return to_state


def item_title(item) -> str:
    return (item.title if hasattr(item, "title") else item.body)[:200]


def log_decision(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """Every moderation decision also goes to Wagtail's audit log, on its proposal/comment."""
    if not created or raw:
        return
    from wagtail.log_actions import log

    item = instance.proposal if instance.proposal_id else instance.comment
    log(
        instance=item,
        action=LOG_ACTION_PREFIX + decision_log_action(instance),
        user=instance.moderator,
        title=item_title(item),
        data={
            "decision": instance.pk,
            "consultation": instance.consultation_id,
            "from": instance.from_state,
            "to": instance.to_state,
            "reason": instance.reason,
            "public_text": instance.public_text,
        },
    )


models.signals.post_save.connect(
    log_decision, sender="proposals.ModerationDecision", dispatch_uid="civic_log_decision"
)
