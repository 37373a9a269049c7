"""Staff roles: who moderates and who answers which consultation, and who approves.

The one place that answers "is this person staff of that consultation?". Moderators and
officials are granted on ONE consultation each, as django-guardian object permissions on the
canonical ConsultationPage (the page in the default language), so every language version
shares them; group object permissions count too, and superusers hold every role. Approvers are
a site-wide group. Grants and revocations go through ``grant_role``/``revoke_role`` only,
which write Wagtail's audit log.

Lists of consultation ids are cached on the user object, so a request asks once however many
times a page, a menu item and a permission policy need them.
"""

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm
from wagtail.log_actions import log

from .models import ConsultationPage

if TYPE_CHECKING:
    from accounts.models import User


class Role(models.TextChoices):
    MODERATOR = "moderator", _("Moderator")
    OFFICIAL = "official", _("Official")


PERMISSION_OF_ROLE = {
    Role.MODERATOR: "moderate_consultation",
    Role.OFFICIAL: "respond_consultation",
}
ROLE_OF_PERMISSION = {codename: role for role, codename in PERMISSION_OF_ROLE.items()}
# The full names `user.has_perm` takes; the codenames above are the only spelling.
MODERATE = f"consultations.{PERMISSION_OF_ROLE[Role.MODERATOR]}"
RESPOND = f"consultations.{PERMISSION_OF_ROLE[Role.OFFICIAL]}"
APPROVERS_GROUP = "Approvers"
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


def _active(user: "User | None") -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _permission_rows(codenames) -> QuerySet[UserObjectPermission]:
    content_type = ContentType.objects.get_for_model(ConsultationPage)
    return UserObjectPermission.objects.filter(
        content_type=content_type,
        permission__content_type=content_type,
        permission__codename__in=list(codenames),
    )


@transaction.atomic
def grant_role(
    *,
    consultation: ConsultationPage,
    user: "User",
    role: Role | str,
    granted_by: "User | None" = None,
) -> bool:
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
def revoke_role(
    *,
    consultation: ConsultationPage,
    user: "User",
    role: Role | str,
    revoked_by: "User | None" = None,
) -> bool:
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


# Is this person staff of that consultation? ------------------------------------------------


def has_role(user: "User | None", consultation: ConsultationPage, role: Role | str) -> bool:
    """Whether `user` holds `role` on `consultation` (any language version of it)."""
    return _active(user) and user.has_perm(_perm_name(_role(role)), consultation.canonical)


def is_moderator(user: "User | None", consultation: ConsultationPage) -> bool:
    """Moderator of this (canonical) consultation, as proposals hold it; superusers too."""
    return _active(user) and user.has_perm(MODERATE, consultation)


def is_official(user: "User | None", consultation: ConsultationPage) -> bool:
    """Official of this (canonical) consultation, as proposals hold it; superusers too."""
    return _active(user) and user.has_perm(RESPOND, consultation)


def is_approver(user: "User | None") -> bool:
    """Member of the Approvers group (approves official responses), or a superuser."""
    if not _active(user):
        return False
    cached = getattr(user, "_civic_approver", None)
    if cached is None:
        cached = user.is_superuser or user.groups.filter(name=APPROVERS_GROUP).exists()
        user._civic_approver = cached
    return cached


# Which consultations: one query each, whatever the number of consultations. ----------------


def consultation_ids_of(user: "User | None", role: Role | str) -> set[int]:
    """Ids of the consultations on which `user` holds `role`: one query, not cached.

    Direct and group object permissions; a superuser holds every role everywhere.
    """
    if not _active(user):
        return set()
    if user.is_superuser:
        return set(ConsultationPage.objects.values_list("pk", flat=True))
    content_type = ContentType.objects.get_for_model(ConsultationPage)  # cached
    codename = PERMISSION_OF_ROLE[_role(role)]
    direct = UserObjectPermission.objects.filter(
        user=user, content_type=content_type, permission__codename=codename
    ).values_list("object_pk", flat=True)
    through_groups = GroupObjectPermission.objects.filter(
        group__user=user, content_type=content_type, permission__codename=codename
    ).values_list("object_pk", flat=True)
    return {int(pk) for pk in direct.union(through_groups)}


def _cached_ids(user: "User | None", role: Role) -> set[int]:
    if user is None:
        return set()
    attribute = f"_civic_{role.value}_ids"
    cached = getattr(user, attribute, None)
    if cached is None:
        cached = consultation_ids_of(user, role)
        setattr(user, attribute, cached)
    return cached


def moderated_ids(user: "User | None") -> set[int]:
    """Consultations `user` moderates: one query, then cached on the user object."""
    return _cached_ids(user, Role.MODERATOR)


def answered_ids(user: "User | None") -> set[int]:
    """Consultations where `user` is an official: one query, then cached on the user object."""
    return _cached_ids(user, Role.OFFICIAL)


def consultations_moderated_by(user: "User | None") -> QuerySet[ConsultationPage]:
    """The consultations `user` moderates (canonical pages), by title."""
    return ConsultationPage.objects.filter(pk__in=moderated_ids(user)).order_by("title")


# Who: the people holding a role on one consultation. --------------------------------------


def _holders(consultation: ConsultationPage, role: Role) -> QuerySet:
    """Directly or through a group; superusers are not listed (they are not assigned)."""
    return get_users_with_perms(
        consultation,
        only_with_perms_in=[PERMISSION_OF_ROLE[role]],
        with_group_users=True,
        with_superusers=False,
    ).order_by("pk")


def moderators_of(consultation: ConsultationPage) -> QuerySet:
    """The moderators of this (canonical) consultation, by account age."""
    return _holders(consultation, Role.MODERATOR)


def officials_of(consultation: ConsultationPage) -> QuerySet:
    """The officials of this (canonical) consultation, by account age."""
    return _holders(consultation, Role.OFFICIAL)


def staff_roles(consultation: ConsultationPage) -> list[tuple[object, Role]]:
    """Every (user, role) held directly on the consultation, by e-mail then role: two queries."""
    rows = list(
        _permission_rows(PERMISSION_OF_ROLE.values())
        .filter(object_pk=str(consultation.canonical.pk))
        .select_related("user", "permission")
        .order_by("user__email", "permission__codename")
    )
    return [(row.user, ROLE_OF_PERMISSION[row.permission.codename]) for row in rows]
