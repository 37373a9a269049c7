"""Per-consultation staff: moderators and officials, granted on ONE consultation each.

Roles are django-guardian object permissions on the canonical ConsultationPage (the page in
the default language), so every language version shares them. Other apps check them with
``user.has_perm("consultations.moderate_consultation", consultation)``. Grants and
revocations go through ``grant_role``/``revoke_role`` only, which write Wagtail's audit log.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import BigIntegerField, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm
from wagtail.log_actions import log

from .models import ConsultationPage


class Role(models.TextChoices):
    MODERATOR = "moderator", _("Moderator")
    OFFICIAL = "official", _("Official")


PERMISSION_OF_ROLE = {
    Role.MODERATOR: "moderate_consultation",
    Role.OFFICIAL: "respond_consultation",
}
ROLE_OF_PERMISSION = {codename: role for role, codename in PERMISSION_OF_ROLE.items()}
LOG_GRANT = "consultations.role.grant"
LOG_REVOKE = "consultations.role.revoke"


class RoleError(Exception):
    """A role change that cannot happen; the message is for the person who asked."""


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise RoleError(
            _("Unknown role “%(role)s”: use moderator or official.") % {"role": role}
        ) from None


def _perm_name(role: Role) -> str:
    return f"consultations.{PERMISSION_OF_ROLE[role]}"


def _permission_rows(codenames) -> QuerySet[UserObjectPermission]:
    content_type = ContentType.objects.get_for_model(ConsultationPage)
    return UserObjectPermission.objects.filter(
        content_type=content_type,
        permission__content_type=content_type,
        permission__codename__in=list(codenames),
    )


@transaction.atomic
def grant_role(*, consultation: ConsultationPage, user, role: Role | str, granted_by=None) -> bool:
    """Make `user` a moderator or official of `consultation` (its canonical page).

    Returns False (and logs nothing) when they already hold the role.
    """
    role = _role(role)
    consultation = consultation.canonical
    if not user.is_active:
        raise RoleError(_("%(user)s's account is not active.") % {"user": user.email})
    if (
        _permission_rows([PERMISSION_OF_ROLE[role]])
        .filter(user=user, object_pk=str(consultation.pk))
        .exists()
    ):
        return False
    assign_perm(_perm_name(role), user, consultation)
    log(
        instance=consultation,
        action=LOG_GRANT,
        user=granted_by,
        data={"role": role.value, "user_id": user.pk, "user": user.email},
    )
    return True


@transaction.atomic
def revoke_role(*, consultation: ConsultationPage, user, role: Role | str, revoked_by=None) -> bool:
    """Take the role away. Returns False (and logs nothing) when they did not hold it."""
    role = _role(role)
    consultation = consultation.canonical
    held = _permission_rows([PERMISSION_OF_ROLE[role]]).filter(
        user=user, object_pk=str(consultation.pk)
    )
    if not held.exists():
        return False
    remove_perm(_perm_name(role), user, consultation)
    log(
        instance=consultation,
        action=LOG_REVOKE,
        user=revoked_by,
        data={"role": role.value, "user_id": user.pk, "user": user.email},
    )
    return True


# Selectors: one query each, whatever the number of consultations or people. ---------------


def _holders(consultation: ConsultationPage, role: Role) -> QuerySet:
    rows = _permission_rows([PERMISSION_OF_ROLE[role]]).filter(
        object_pk=str(consultation.canonical.pk)
    )
    return get_user_model().objects.filter(pk__in=rows.values("user_id")).order_by("email")


def moderators_of(consultation: ConsultationPage) -> QuerySet:
    return _holders(consultation, Role.MODERATOR)


def officials_of(consultation: ConsultationPage) -> QuerySet:
    return _holders(consultation, Role.OFFICIAL)


def _consultations_of(user, role: Role) -> QuerySet[ConsultationPage]:
    rows = (
        _permission_rows([PERMISSION_OF_ROLE[role]])
        .filter(user=user)
        .annotate(page_id=Cast("object_pk", BigIntegerField()))
        .values("page_id")
    )
    return ConsultationPage.objects.filter(pk__in=rows).order_by("title")


def consultations_moderated_by(user) -> QuerySet[ConsultationPage]:
    return _consultations_of(user, Role.MODERATOR)


def consultations_answered_by(user) -> QuerySet[ConsultationPage]:
    """Consultations where `user` is an official (drafts official responses)."""
    return _consultations_of(user, Role.OFFICIAL)


def staff_roles(consultation: ConsultationPage) -> list[tuple[object, Role]]:
    """Every (user, role) held on the consultation, by e-mail then role: two queries."""
    rows = list(
        _permission_rows(PERMISSION_OF_ROLE.values())
        .filter(object_pk=str(consultation.canonical.pk))
        .select_related("user", "permission")
        .order_by("user__email", "permission__codename")
    )
    return [(row.user, ROLE_OF_PERMISSION[row.permission.codename]) for row in rows]


def has_role(user, consultation: ConsultationPage, role: Role | str) -> bool:
    return bool(user.is_active) and user.has_perm(_perm_name(_role(role)), consultation.canonical)
