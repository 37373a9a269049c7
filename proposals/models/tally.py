"""Citizen content: proposals, supports, comments, reports, moderation decisions, responses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsultationTally(models.Model):
    """Exact counts a consultation's pages show, kept in the transaction of each change.

    Stored apart from the Wagtail page on purpose: publishing a page revision rewrites every
    page field from the revision, which would roll counters back. Supports are deliberately
    not here: one counter per consultation would make every vote of a consultation wait on
    this one row. They live in `SupportShard` rows instead, summed on read.
    """

    consultation = models.OneToOneField(
        "consultations.ConsultationPage",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="tally",
    )
    proposals = models.PositiveIntegerField(_("published proposals"), default=0)
    comments = models.PositiveIntegerField(_("published comments"), default=0)
    responses = models.PositiveIntegerField(_("published official responses"), default=0)

    class Meta:
        verbose_name = _("consultation tally")
        verbose_name_plural = _("consultation tallies")

    def __str__(self) -> str:
        return f"tally of consultation {self.consultation_id}"


SUPPORT_SHARDS = 8


class SupportShard(models.Model):
    """One of `SUPPORT_SHARDS` counters whose sum is a consultation's live supports (supports
    of its published proposals), kept in the transaction of each change.

    A support bumps the shard its citizen's id picks, so parallel votes of different people
    rarely wait on the same row (and one person's votes are serialised by their own budget
    row anyway). A proposal leaving or re-entering the published set moves its whole count
    through the shard its id picks. Only the sum means anything: a single shard may go below
    zero (a hidden proposal's supports are taken from one shard, though cast into many).
    `demo/recount.py` sets the shards from the rows.
    """

    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="support_shards",
    )
    shard = models.PositiveSmallIntegerField(_("shard"))
    supports = models.IntegerField(_("supports"), default=0)

    class Meta:
        verbose_name = _("support counter shard")
        verbose_name_plural = _("support counter shards")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "shard"], name="support_shard_once_per_consultation"
            ),
            models.CheckConstraint(
                condition=models.Q(shard__lt=SUPPORT_SHARDS), name="support_shard_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"supports shard {self.shard} of consultation {self.consultation_id}"
