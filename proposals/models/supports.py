"""Supports (one row per citizen per proposal) and each citizen's budget per consultation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Support(models.Model):
    """One citizen supports one proposal, at most once.

    `voter_token` is a keyed hash of the citizen and the consultation, stored when the support
    is cast: ballots stay verifiable (and unchanged) after the citizen deletes the account.
    """

    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        related_name="supports",
        verbose_name=_("proposal"),
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supports",
        verbose_name=_("citizen"),
    )
    voter_token = models.CharField(_("voter token"), max_length=64)
    created_at = models.DateTimeField(_("cast at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "citizen"], name="support_once"),
            # Survives account deletion, when `citizen` becomes NULL.
            models.UniqueConstraint(
                fields=["proposal", "voter_token"], name="support_once_per_token"
            ),
            models.CheckConstraint(condition=~Q(voter_token=""), name="support_token_set"),
        ]
        indexes = [
            models.Index(fields=["proposal", "created_at"], name="support_proposal_day_idx"),
            models.Index(fields=["citizen", "-created_at"], name="support_citizen_idx"),
        ]

    def __str__(self) -> str:
        return f"support {self.pk} of proposal {self.proposal_id}"


class SupportBudget(models.Model):
    """How many live supports one citizen has in one consultation.

    The per-citizen limit is enforced by locking only this citizen's row, so concurrent votes
    of different citizens never wait on each other here. `used` always equals the citizen's
    live supports in the consultation.
    """

    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="support_budgets",
        verbose_name=_("consultation"),
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="support_budgets",
        verbose_name=_("citizen"),
    )
    used = models.PositiveIntegerField(_("supports used"), default=0)

    class Meta:
        verbose_name = _("support budget")
        verbose_name_plural = _("support budgets")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "citizen"], name="support_budget_once")
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id} used {self.used} in {self.consultation_id}"
