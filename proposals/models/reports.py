"""Reports by citizens: a flag on a proposal or a comment, once per citizen and item."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .states import ReportReason, choices_check

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
