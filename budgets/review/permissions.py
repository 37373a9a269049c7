"""Who may see and move a budget's projects in the Wagtail admin: the officials of its
consultation (consultations/roles.py), and superusers. Projects are made and removed by
published reviews only (budgets/review/services.py), so no one adds or deletes them here."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from consultations.roles import PERMISSION_OF_ROLE, Role, answered_ids

PROJECT_ACTIONS = {"change", "view"}
RESPOND_CODENAME = PERMISSION_OF_ROLE[Role.OFFICIAL]


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def may_manage_project(user, consultation_id: int) -> bool:
    return _active(user) and (user.is_superuser or consultation_id in answered_ids(user))


class ProjectPermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action: str) -> bool:
        if action not in PROJECT_ACTIONS or not _active(user):
            return False
        return user.is_superuser or bool(answered_ids(user))

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        return action in PROJECT_ACTIONS and may_manage_project(
            user, instance.heading.consultation_id
        )

    def instances_user_has_any_permission_for(self, user, actions):
        projects = self.model._default_manager.all()
        if not (set(actions) & PROJECT_ACTIONS) or not _active(user):
            return projects.none()
        if user.is_superuser:
            return projects
        return projects.filter(heading__consultation_id__in=answered_ids(user))

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not set(actions) & PROJECT_ACTIONS:
            return users.none()
        condition = Q(is_superuser=True) | Q(
            userobjectpermission__permission__codename=RESPOND_CODENAME
        )
        return users.filter(condition).distinct()

    def users_with_any_permission_for_instance(self, actions, instance):
        users = get_user_model().objects.filter(is_active=True)
        if not set(actions) & PROJECT_ACTIONS:
            return users.none()
        condition = Q(is_superuser=True) | Q(
            userobjectpermission__permission__codename=RESPOND_CODENAME,
            userobjectpermission__object_pk=str(instance.heading.consultation_id),
        )
        return users.filter(condition).distinct()
