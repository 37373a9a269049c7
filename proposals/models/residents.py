"""Verified residents: citizens whose residence staff confirmed (census match or in person)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .states import choices_check


class VerificationMethod(models.TextChoices):
    CENSUS = "census", _("Matched against the census")
    STAFF = "staff", _("Confirmed by staff")


class ResidentVerification(models.Model):
    Method = VerificationMethod

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="resident_verification",
        verbose_name=_("resident"),
    )
    method = models.CharField(_("method"), max_length=8, choices=VerificationMethod.choices)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    created_at = models.DateTimeField(_("verified at"), auto_now_add=True)

    class Meta:
        verbose_name = _("resident verification")
        verbose_name_plural = _("resident verifications")
        constraints = [choices_check("method", VerificationMethod, "resident_method_valid")]

    def __str__(self) -> str:
        return f"resident {self.user_id} ({self.method})"
