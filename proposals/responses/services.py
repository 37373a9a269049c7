"""Official responses: drafting, review through the "Response approval" workflow, and what
publishing does.

The Wagtail admin is the usual way in (the snippet's edit view saves revisions and starts the
workflow; the approver approves or rejects with a comment). These service functions do the
same steps for the seed, commands and tests, with the same permission rules. Whatever path
publishes a revision, `response_published` runs from Wagtail's `published` signal: it sets
the proposal's outcome, counts the response, closes the assignment and tells the author and
the followers.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    GroupApprovalTask,
    ModelLogEntry,
    Workflow,
    WorkflowContentType,
    WorkflowState,
    WorkflowTask,
)

from accounts.models import User
from consultations import roles
from consultations.models import ConsultationPage
from consultations.roles import APPROVERS_GROUP, is_approver
from proposals import services
from proposals.exceptions import InvalidInput, NotAllowed, WrongState
from proposals.models import (
    ModerationState,
    Notification,
    OfficialResponse,
    Outcome,
    Proposal,
    ResponseAssignment,
)
from proposals.notifications.services import absolute, notify, proposal_link
from proposals.responses import feasibility
from proposals.responses.queries import LOG_PUBLISH

WORKFLOW_NAME = "Response approval"
TASK_NAME = "Response approval by Approvers"


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


def _check_official(user: User, proposal: Proposal) -> None:
    if not roles.is_official(user, proposal.consultation):
        raise NotAllowed(_("Only officials of this consultation can draft its responses."))


@transaction.atomic
def response_draft(
    *,
    proposal: Proposal,
    official: User,
    outcome: str = "",
    text: str,
    cost_estimate: Decimal | None = None,
    timeline: str = "",
    department=None,
    merged_into: Proposal | None = None,
    feasible: bool | None = None,
) -> OfficialResponse:
    """An official writes (or revises) the response to a proposal: a new draft revision.

    A live response keeps showing its published revision until the new one is approved.
    For a budget's proposal it is the feasibility review: `feasible` decides the outcome
    (responses/feasibility.py) and `outcome` is not used.
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
    if feasibility.is_review(proposal):
        response.feasible = feasible
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
def response_submit(*, response: OfficialResponse, official: User) -> WorkflowState:
    """Send the latest revision to the approvers."""
    _check_official(official, response.proposal)
    if response.workflow_in_progress:
        raise WrongState(_("This response is already waiting for approval."))
    workflow = response.get_workflow()
    if workflow is None:
        raise WrongState(_("The response approval workflow is missing."))
    return workflow.start(response, official)


def _task_state(response: OfficialResponse, approver: User):
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
def response_approve(*, response: OfficialResponse, approver: User, comment: str = "") -> None:
    """An approver approves the revision under review, which publishes it."""
    task, task_state = _task_state(response, approver)
    refusal = feasibility.publish_refusal(OfficialResponse.objects.get(pk=response.pk))
    if refusal:
        raise WrongState(refusal)
    task.on_action(task_state, approver, "approve", comment=comment)


@transaction.atomic
def response_reject(*, response: OfficialResponse, approver: User, comment: str) -> None:
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
    review = feasibility.is_review(proposal)
    if review:
        # What the review does to the ballot (budgets.Project) is decided by its listener.
        feasibility.review_published.send(sender=OfficialResponse, response=response)
        params.update(feasibility.notification_params(response))
    services.notify_followers(
        proposal=proposal,
        kind=Notification.Kind.RESPONSE,
        params=params,
        exclude=[proposal.author] if review else (),
    )
    if proposal.author_id and (
        review or not proposal.follows.filter(follower_id=proposal.author_id).exists()
    ):
        # A review tells its author in the author's words ("Your proposal ..."), follower or not.
        notify(
            recipients=[proposal.author],
            kind=Notification.Kind.RESPONSE,
            params={"title": proposal.title, **params, **({"yours": True} if review else {})},
            link=proposal_link(proposal),
        )
    if old_outcome != proposal.outcome and old_outcome != Outcome.NONE:
        services.notify_followers(proposal=proposal, kind=Notification.Kind.OUTCOME, params=params)


def on_published(sender, instance, revision=None, **kwargs) -> None:
    """Receiver of Wagtail's `published` signal for official responses."""
    response_published(response=instance)


# --- assignments: which proposals must be answered, by whom, by when.
#
# A proposal gets exactly one assignment, when it crosses its consultation's response threshold
# (`services.support_cast` calls `assign_on_threshold` inside the transaction that first sets
# `threshold_reached_at`) or when staff pick it. The database's unique constraint makes the
# "exactly one" hold even for concurrent supports; creation is an insert that ignores the
# conflict, then a read. Reminders go out three days before the due date and on the due day.

REMIND_DAYS_BEFORE = 3


def _default_official(consultation: ConsultationPage):
    return roles.officials_of(consultation).first()


def _ensure(
    *,
    proposal: Proposal,
    consultation: ConsultationPage,
    reason: str,
    at: datetime,
    assigned_by: User | None = None,
    official: User | None = None,
) -> ResponseAssignment:
    ResponseAssignment.objects.bulk_create(
        [
            ResponseAssignment(
                proposal_id=proposal.pk,
                consultation_id=consultation.pk,
                reason=reason,
                department_id=consultation.department_id,
                official=official or _default_official(consultation),
                assigned_by=assigned_by,
                assigned_at=at,
                due_at=at + timedelta(days=consultation.response_due_days),
            )
        ],
        ignore_conflicts=True,
    )
    return ResponseAssignment.objects.get(proposal_id=proposal.pk)


def assign_on_threshold(
    *, proposal: Proposal, consultation: ConsultationPage, at: datetime
) -> ResponseAssignment:
    """Called once, by the support that makes the proposal cross the threshold."""
    return _ensure(
        proposal=proposal,
        consultation=consultation,
        reason=ResponseAssignment.Reason.THRESHOLD,
        at=at,
    )


def assign_many_on_threshold(
    *, consultation: ConsultationPage, crossed: dict[int, datetime]
) -> None:
    """`assign_on_threshold` for many proposals of one consultation at once ({proposal id:
    the moment it crossed}), as seeding a city replays them: one read of the official, one
    insert that leaves alone any proposal already assigned."""
    official = _default_official(consultation)
    due = timedelta(days=consultation.response_due_days)
    ResponseAssignment.objects.bulk_create(
        [
            ResponseAssignment(
                proposal_id=pk,
                consultation_id=consultation.pk,
                reason=ResponseAssignment.Reason.THRESHOLD,
                department_id=consultation.department_id,
                official=official,
                assigned_at=at,
                due_at=at + due,
            )
            for pk, at in sorted(crossed.items())
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )


@transaction.atomic
def assignment_pick(
    *, proposal: Proposal, staff: User, official: User | None = None, now: datetime | None = None
) -> ResponseAssignment:
    """An official of the consultation picks a proposal for a response (idempotent)."""
    consultation = proposal.consultation
    if not roles.is_official(staff, consultation):
        raise NotAllowed(_("Only officials of this consultation can assign responses."))
    if proposal.state != ModerationState.PUBLISHED:
        raise WrongState(_("Only published proposals get an official response."))
    if official is not None and not roles.is_official(official, consultation):
        raise NotAllowed(_("The responsible official must be an official of this consultation."))
    return _ensure(
        proposal=proposal,
        consultation=consultation,
        reason=ResponseAssignment.Reason.PICKED,
        at=now or timezone.now(),
        assigned_by=staff,
        official=official,
    )


# --- reminders ------------------------------------------------------------------------------

SUBJECTS = {
    "before": gettext_lazy("An official response is due in %(days)d days"),
    "due": gettext_lazy("An official response is due today"),
}


def _recipients(assignment: ResponseAssignment) -> list:
    if assignment.official_id and assignment.official.is_active:
        return [assignment.official]
    return [u for u in roles.officials_of(assignment.consultation) if u.is_active]


def _send(assignment: ResponseAssignment, which: str) -> int:
    link = absolute(proposal_link(assignment.proposal))
    sent = 0
    for user in _recipients(assignment):
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = str(SUBJECTS[which]) % {"days": REMIND_DAYS_BEFORE}
            body = "\n\n".join(
                [
                    _("“%(title)s” in “%(consultation)s” needs an official response by %(due)s.")
                    % {
                        "title": assignment.proposal.title,
                        "consultation": assignment.consultation.title,
                        "due": timezone.localtime(assignment.due_at).strftime("%Y-%m-%d %H:%M"),
                    },
                    link,
                ]
            )
        EmailMessage(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body=body, to=[user.email]
        ).send()
        sent += 1
    return sent


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind officials of open assignments due in three days, and of those due today.

    Each reminder is claimed with a guarded update before it is sent, so a task that runs
    twice a day (or is retried) never reminds twice.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    tz = timezone.get_current_timezone()
    start_of = lambda day: datetime.combine(day, datetime.min.time(), tzinfo=tz)  # noqa: E731
    tomorrow = start_of(today + timedelta(days=1))
    before_end = start_of(today + timedelta(days=REMIND_DAYS_BEFORE + 1))
    open_rows = ResponseAssignment.objects.open().select_related(
        "proposal", "consultation", "official"
    )
    sent = 0
    windows = {
        "before": (
            Q(due_at__gte=start_of(today + timedelta(days=REMIND_DAYS_BEFORE)))
            & Q(due_at__lt=before_end)
            & Q(reminded_before_at__isnull=True),
            "reminded_before_at",
        ),
        "due": (
            Q(due_at__gte=start_of(today))
            & Q(due_at__lt=tomorrow)
            & Q(reminded_due_at__isnull=True),
            "reminded_due_at",
        ),
    }
    for which, (condition, stamp) in windows.items():
        for assignment in open_rows.filter(condition):
            claimed = ResponseAssignment.objects.filter(
                pk=assignment.pk, **{f"{stamp}__isnull": True}
            ).update(**{stamp: now})
            if claimed:
                sent += _send(assignment, which)
    return sent
