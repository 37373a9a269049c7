"""Who may do what with official responses in the Wagtail admin, per consultation.

Officials of a consultation (their role is in consultations/roles.py) add,
edit, lock and view the responses to its proposals, and submit them for approval; they never
publish. Approvers (the "Approvers" group) view every response and approve through the
workflow's task, which publishes (as them, hence their "publish"); they do not draft, but
while a response waits for review they may open it in the editor (its "change"), where they
approve or ask for changes. Superusers may do everything.

Also: a backend that lets per-consultation staff into the Wagtail admin, so granting a role
is enough to reach the moderation queue or the responses. Who holds which role is answered by
consultations/roles.py only.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from consultations.roles import (
    APPROVERS_GROUP,
    PERMISSION_OF_ROLE,
    Role,
    answered_ids,
    is_approver,
    moderated_ids,
)

OFFICIAL_ACTIONS = {"add", "change", "view", "lock", "unlock"}
# Approvers publish only through the workflow's approval (Wagtail publishes as the approver);
# they reach the editor only while a response waits for them.
APPROVER_ACTIONS = {"view", "publish"}
RESPOND_CODENAME = PERMISSION_OF_ROLE[Role.OFFICIAL]


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _waiting_for_review(instance) -> bool:
    """Whether the response's workflow is in progress (prefetched `workflow_states` are used)."""
    from wagtail.models import WorkflowState

    if instance.pk is None:
        return False
    return any(
        state.status == WorkflowState.STATUS_IN_PROGRESS for state in instance.workflow_states.all()
    )


class OfficialResponsePermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action: str) -> bool:
        if not _active(user):
            return False
        if user.is_superuser:
            return True
        if action in OFFICIAL_ACTIONS and answered_ids(user):
            return True
        return action in APPROVER_ACTIONS and is_approver(user)

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        if not _active(user):
            return False
        if user.is_superuser:
            return True
        if action in OFFICIAL_ACTIONS and instance.proposal.consultation_id in answered_ids(user):
            return True
        if action == "change" and is_approver(user):
            return _waiting_for_review(instance)
        return action in APPROVER_ACTIONS and is_approver(user)

    def instances_user_has_any_permission_for(self, user, actions):
        responses = self.model._default_manager.all()
        if not _active(user):
            return responses.none()
        if user.is_superuser or (set(actions) & APPROVER_ACTIONS and is_approver(user)):
            return responses
        if set(actions) & OFFICIAL_ACTIONS:
            return responses.filter(proposal__consultation_id__in=answered_ids(user))
        return responses.none()

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        condition = Q(is_superuser=True)
        if set(actions) & OFFICIAL_ACTIONS:
            condition |= Q(
                userobjectpermission__permission__codename=RESPOND_CODENAME,
            )
        if set(actions) & APPROVER_ACTIONS:
            condition |= Q(groups__name=APPROVERS_GROUP)
        return users.filter(condition).distinct()

    def users_with_any_permission_for_instance(self, actions, instance):
        users = get_user_model().objects.filter(is_active=True)
        condition = Q(is_superuser=True)
        if set(actions) & OFFICIAL_ACTIONS:
            condition |= Q(
                userobjectpermission__permission__codename=RESPOND_CODENAME,
                userobjectpermission__object_pk=str(instance.proposal.consultation_id),
            )
        if set(actions) & APPROVER_ACTIONS:
            condition |= Q(groups__name=APPROVERS_GROUP)
        return users.filter(condition).distinct()


class ConsultationStaffBackend:
    """Grants `wagtailadmin.access_admin` to moderators and officials of any consultation."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if perm != "wagtailadmin.access_admin" or obj is not None or not _active(user_obj):
            return False
        return bool(moderated_ids(user_obj) or answered_ids(user_obj))
