"""A citizen follows a proposal or a consultation to be told when it changes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("follower"),
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=False, consultation__isnull=True)
                | Q(proposal__isnull=True, consultation__isnull=False),
                name="follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["follower", "proposal"],
                condition=Q(proposal__isnull=False),
                name="follow_proposal_once",
            ),
            models.UniqueConstraint(
                fields=["follower", "consultation"],
                condition=Q(consultation__isnull=False),
                name="follow_consultation_once",
            ),
        ]
        indexes = [
            models.Index(fields=["proposal"], name="follow_proposal_idx"),
            models.Index(fields=["consultation"], name="follow_consultation_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.proposal_id or self.consultation_id}"
