"""People: one account model for citizens and staff, identified by e-mail."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

DISPLAY_NAME_MAX = 60


class CivicUserManager(UserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):  # type: ignore[override]
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email)
        extra_fields.setdefault("display_name", email.split("@", 1)[0][:DISPLAY_NAME_MAX])
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. E-mail is private; the display name is public."""

    class Notify(models.TextChoices):
        IMMEDIATELY = "immediately", _("Immediately")
        DAILY = "daily", _("Daily digest")
        NEVER = "never", _("Never")

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("public display name"),
        max_length=DISPLAY_NAME_MAX,
        help_text=_("Shown beside what you publish. It need not be your real name."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    email_notifications = models.CharField(
        _("e-mail notifications"),
        max_length=12,
        choices=Notify.choices,
        default=Notify.IMMEDIATELY,
    )
    accepted_terms_at = models.DateTimeField(_("accepted the terms at"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = CivicUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(email_notifications__in=["immediately", "daily", "never"]),
                name="user_email_notifications_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


class Suspension(models.Model):
    """A moderator stopped an account from contributing (proposals, comments, reports,
    supports) because it kept posting abuse. The person can still sign in, read, download
    their data and delete their account. An administrator lifts it; rows are never deleted,
    so each account's suspensions stay on record."""

    REASON_MAX = 500

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="suspensions", verbose_name=_("account")
    )
    reason = models.TextField(_("reason"), max_length=REASON_MAX)
    suspended_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("suspended by"),
    )
    consultation_id = models.PositiveIntegerField(
        _("consultation"), null=True, blank=True, help_text=_("Where the abuse was moderated.")
    )
    created_at = models.DateTimeField(_("suspended at"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )
    lift_note = models.CharField(_("why it was lifted"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(lifted_at__isnull=True),
                name="suspension_one_active_per_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

    @property
    def active(self) -> bool:
        return self.lifted_at is None


# The census of residents keeps its models in its own home, under this app's label.
from accounts.residents.models import (  # noqa: E402
    AttemptTally,
    CensusEntry,
    CensusUpload,
    ResidentClaim,
)

__all__ = ["AttemptTally", "CensusEntry", "CensusUpload", "ResidentClaim", "Suspension", "User"]
