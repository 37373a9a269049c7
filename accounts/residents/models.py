"""The census that citizens verify against, held as keyed hashes only (DESIGN.md §1).

No identifier or second factor is stored in clear: `census.py` normalises and hashes them
before anything reaches these tables. Who is a verified resident stays in
`proposals.models.ResidentVerification`; these tables only say how a census match got there.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

HASH_LENGTH = 64  # hex digest of HMAC-SHA256


class SecondFactor(models.TextChoices):
    BIRTH_YEAR = "birth_year", _("Year of birth")
    POSTCODE = "postcode", _("Postcode")


class UploadMode(models.TextChoices):
    REPLACE = "replace", _("Replace the census")
    ADD = "add", _("Add to the census")


class AttemptOutcome(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    NO_MATCH = "no_match", _("No match in the census")
    ALREADY_USED = "already_used", _("Identifier already used by another account")
    LIMITED = "limited", _("Refused: too many attempts")


class CensusEntry(models.Model):
    """One resident of the census: a keyed hash of the identifier and of the second factor."""

    identifier_hash = models.CharField(max_length=HASH_LENGTH)
    factor_kind = models.CharField(max_length=12, choices=SecondFactor.choices)
    # Keyed with the identifier too, so equal birth years give unrelated hashes.
    factor_hash = models.CharField(max_length=HASH_LENGTH)

    class Meta:
        verbose_name = _("census entry")
        verbose_name_plural = _("census entries")
        constraints = [
            models.UniqueConstraint(fields=["identifier_hash"], name="census_identifier_once"),
            models.CheckConstraint(
                condition=models.Q(factor_kind__in=SecondFactor.values),
                name="census_factor_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"census entry {self.pk}"


class ResidentClaim(models.Model):
    """Which account verified with which census identifier: one account per identifier.

    Kept apart from the census so that replacing the census never frees an identifier
    that someone already used.
    """

    identifier_hash = models.CharField(max_length=HASH_LENGTH)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resident_claim"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resident claim")
        verbose_name_plural = _("resident claims")
        constraints = [
            models.UniqueConstraint(fields=["identifier_hash"], name="claim_identifier_once"),
        ]

    def __str__(self) -> str:
        return f"claim of user {self.user_id}"


class CensusUpload(models.Model):
    """One census file that staff uploaded: counts only, never its content."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    mode = models.CharField(_("mode"), max_length=8, choices=UploadMode.choices)
    factor_kind = models.CharField(_("second factor"), max_length=12, choices=SecondFactor.choices)
    rows = models.PositiveIntegerField(_("rows in the file"))
    added = models.PositiveIntegerField(_("residents added"))
    updated = models.PositiveIntegerField(_("residents updated"))
    removed = models.PositiveIntegerField(_("residents removed"))

    class Meta:
        verbose_name = _("census upload")
        verbose_name_plural = _("census uploads")
        ordering = ["-uploaded_at", "-pk"]
        permissions = [("upload_census", _("Can upload the census of residents"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mode__in=UploadMode.values), name="census_upload_mode_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(factor_kind__in=SecondFactor.values),
                name="census_upload_factor_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"census upload {self.pk} ({self.mode}, {self.rows} rows)"


class AttemptTally(models.Model):
    """How many verification attempts ended how, per day: counts, no person, no identifier."""

    day = models.DateField(_("day"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=AttemptOutcome.choices)
    count = models.PositiveIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("verification attempt count")
        verbose_name_plural = _("verification attempt counts")
        constraints = [
            models.UniqueConstraint(fields=["day", "outcome"], name="attempt_tally_once"),
            models.CheckConstraint(
                condition=models.Q(outcome__in=AttemptOutcome.values),
                name="attempt_tally_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.outcome}: {self.count}"
