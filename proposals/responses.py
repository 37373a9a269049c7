"""Official responses: drafting, review through the "Response approval" workflow, and what
publishing does.

The Wagtail admin is the usual way in (the snippet's edit view saves revisions and starts the
workflow; the approver approves or rejects with a comment). These service functions do the
same steps for the seed, commands and tests, with the same permission rules. Whatever path
publishes a revision, `response_published` runs from Wagtail's `published` signal: it sets
the proposal's outcome, counts the response, closes the assignment and tells the author and
the followers.
"""

from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    GroupApprovalTask,
    ModelLogEntry,
    Workflow,
    WorkflowContentType,
    WorkflowState,
    WorkflowTask,
)

from . import rules, services
from .exceptions import InvalidInput, NotAllowed, WrongState
from .models import (
    Notification,
    OfficialResponse,
    Outcome,
    Proposal,
    ResponseAssignment,
)
from .notify import notify, proposal_link
from .permissions import APPROVERS_GROUP, is_approver

WORKFLOW_NAME = "Response approval"
TASK_NAME = "Response approval by Approvers"
LOG_PUBLISH = "wagtail.publish"


# --- the workflow -------------------------------------------------------------------------


@transaction.atomic
def ensure_response_workflow() -> Workflow:
    """The "Response approval" workflow on official responses (idempotent)."""
    approvers = Group.objects.get_or_create(name=APPROVERS_GROUP)[0]
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.add(approvers)
    workflow = Workflow.objects.get_or_create(name=WORKFLOW_NAME)[0]
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    content_type = ContentType.objects.get_for_model(OfficialResponse, for_concrete_model=False)
    WorkflowContentType.objects.get_or_create(
        content_type=content_type, defaults={"workflow": workflow}
    )
    return workflow


# --- drafting and review ------------------------------------------------------------------


def _check_official(user, proposal: Proposal) -> None:
    if not rules.is_official(user, proposal.consultation):
        raise NotAllowed(_("Only officials of this consultation can draft its responses."))


@transaction.atomic
def response_draft(
    *,
    proposal: Proposal,
    official,
    outcome: str,
    text: str,
    cost_estimate: Decimal | None = None,
    timeline: str = "",
    department=None,
    merged_into: Proposal | None = None,
) -> OfficialResponse:
    """An official writes (or revises) the response to a proposal: a new draft revision.

    A live response keeps showing its published revision until the new one is approved.
    """
    _check_official(official, proposal)
    if proposal.state != services.State.PUBLISHED:
        raise WrongState(_("Only published proposals get an official response."))
    response = OfficialResponse.objects.filter(proposal=proposal).first()
    is_new = response is None
    if is_new:
        response = OfficialResponse(proposal=proposal, live=False)
    else:
        response = response.get_latest_revision_as_object()
    response.outcome = outcome
    response.text = (text or "").strip()
    response.cost_estimate = cost_estimate
    response.timeline = (timeline or "").strip()
    response.department = department if department is not None else response.department
    response.responsible_official = official
    response.merged_into = merged_into
    try:
        response.full_clean(exclude=["proposal"] if not is_new else None)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise InvalidInput(messages[0], field=field) from exc
    if is_new or not response.live:
        response.save()
    response.save_revision(user=official, log_action=True)
    return OfficialResponse.objects.get(pk=response.pk)


@transaction.atomic
def response_submit(*, response: OfficialResponse, official) -> WorkflowState:
    """Send the latest revision to the approvers."""
    _check_official(official, response.proposal)
    if response.workflow_in_progress:
        raise WrongState(_("This response is already waiting for approval."))
    workflow = response.get_workflow()
    if workflow is None:
        raise WrongState(_("The response approval workflow is missing."))
    return workflow.start(response, official)


def _task_state(response: OfficialResponse, approver):
    response = OfficialResponse.objects.get(pk=response.pk)
    task_state = response.current_workflow_task_state
    if task_state is None:
        raise WrongState(_("This response is not waiting for approval."))
    task = task_state.task.specific
    actions = {name for name, _label, _modal in task.get_actions(response, approver)}
    if "approve" not in actions or not is_approver(approver):
        raise NotAllowed(_("Only approvers can approve or reject official responses."))
    return task, task_state


@transaction.atomic
def response_approve(*, response: OfficialResponse, approver, comment: str = "") -> None:
    """An approver approves the revision under review, which publishes it."""
    task, task_state = _task_state(response, approver)
    task.on_action(task_state, approver, "approve", comment=comment)


@transaction.atomic
def response_reject(*, response: OfficialResponse, approver, comment: str) -> None:
    """An approver sends the revision back to the official with a comment."""
    if not (comment or "").strip():
        raise InvalidInput(_("Tell the official what to change."), field="comment")
    task, task_state = _task_state(response, approver)
    task.on_action(task_state, approver, "reject", comment=comment.strip())


# --- what publishing does -----------------------------------------------------------------


@transaction.atomic
def response_published(*, response: OfficialResponse, now: datetime | None = None) -> None:
    """A revision went live: outcome, counts, assignment and notifications follow."""
    now = now or timezone.now()
    proposal = Proposal.objects.select_for_update().get(pk=response.proposal_id)
    old_outcome = proposal.outcome
    Proposal.objects.filter(pk=proposal.pk).update(
        outcome=response.outcome,
        merged_into_id=response.merged_into_id if response.outcome == Outcome.MERGED else None,
    )
    proposal.outcome = response.outcome
    first = not ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(OfficialResponse),
        object_id=str(response.pk),
        action=LOG_PUBLISH,
    ).exists()
    if first:
        services.bump_tally(proposal.consultation_id, responses=1)
        ResponseAssignment.objects.filter(proposal=proposal, answered_at__isnull=True).update(
            answered_at=now
        )
    params = {"outcome": proposal.outcome}
    services.notify_followers(proposal=proposal, kind=Notification.Kind.RESPONSE, params=params)
    if proposal.author_id and not proposal.follows.filter(follower_id=proposal.author_id).exists():
        notify(
            recipients=[proposal.author],
            kind=Notification.Kind.RESPONSE,
            params={"title": proposal.title, **params},
            link=proposal_link(proposal),
        )
    if old_outcome != proposal.outcome and old_outcome != Outcome.NONE:
        services.notify_followers(proposal=proposal, kind=Notification.Kind.OUTCOME, params=params)


def on_published(sender, instance, revision=None, **kwargs) -> None:
    """Receiver of Wagtail's `published` signal for official responses."""
    response_published(response=instance)


def publication_dates(response: OfficialResponse) -> list[datetime]:
    """When each revision of the response went live, newest first (one query)."""
    return list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(OfficialResponse),
            object_id=str(response.pk),
            action=LOG_PUBLISH,
        )
        .order_by("-timestamp", "-id")
        .values_list("timestamp", flat=True)
    )
