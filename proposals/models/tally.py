"""Citizen content: proposals, supports, comments, reports, moderation decisions, responses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsultationTally(models.Model):
    """Exact counts a consultation's pages show, kept in the transaction of each change.

    Stored apart from the Wagtail page on purpose: publishing a page revision rewrites every
    page field from the revision, which would roll counters back. Supports are deliberately
    not here: a per-consultation support counter would make every vote of a consultation
    wait on this one row. A consultation's supports are the sum of its proposals' stored
    counts, read in one grouped query.
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
