"""Reports by citizens and the append-only audit trail of moderation decisions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .states import ModerationState, ReasonCode, ReportReason, choices_check

REPORT_TEXT_MAX = 1000

# Exactly one of proposal/comment is set.
ONE_TARGET = Q(proposal__isnull=False, comment__isnull=True) | Q(
    proposal__isnull=True, comment__isnull=False
)


class Report(models.Model):
    """A citizen flags a proposal or a comment, once per item."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("reported by"),
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    comment = models.ForeignKey(
        "proposals.Comment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    reason = models.CharField(_("reason"), max_length=16, choices=ReportReason.choices)
    text = models.TextField(_("details"), max_length=REPORT_TEXT_MAX, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(condition=ONE_TARGET, name="report_one_target"),
            choices_check("reason", ReportReason, "report_reason_valid"),
            models.CheckConstraint(
                condition=~Q(reason=ReportReason.OTHER) | ~Q(text=""),
                name="report_other_needs_text",
            ),
            models.UniqueConstraint(
                fields=["proposal", "reporter"],
                condition=Q(proposal__isnull=False),
                name="report_once_per_proposal",
            ),
            models.UniqueConstraint(
                fields=["comment", "reporter"],
                condition=Q(comment__isnull=False),
                name="report_once_per_comment",
            ),
        ]
        indexes = [models.Index(fields=["resolved_at", "created_at"], name="report_open_idx")]

    def __str__(self) -> str:
        return f"report {self.pk} ({self.reason})"


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
