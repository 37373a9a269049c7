"""Response assignments: which proposals must be answered, by whom, by when.

A proposal gets exactly one assignment, when it crosses its consultation's response threshold
(`services.support_cast` calls `assign_on_threshold` inside the transaction that first sets
`threshold_reached_at`) or when staff pick it. The database's unique constraint makes the
"exactly one" hold even for concurrent supports; creation is an insert that ignores the
conflict, then a read. Reminders go out three days before the due date and on the due day.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import rules
from .exceptions import NotAllowed, WrongState
from .models import ModerationState, Proposal, ResponseAssignment
from .notify import absolute, proposal_link

REMIND_DAYS_BEFORE = 3


def _default_official(consultation):
    return rules.staff_of(consultation, rules.RESPOND).order_by("pk").first()


def _ensure(
    *, proposal: Proposal, consultation, reason: str, at: datetime, assigned_by=None, official=None
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


def assign_on_threshold(*, proposal: Proposal, consultation, at: datetime) -> ResponseAssignment:
    """Called once, by the support that makes the proposal cross the threshold."""
    return _ensure(
        proposal=proposal,
        consultation=consultation,
        reason=ResponseAssignment.Reason.THRESHOLD,
        at=at,
    )


@transaction.atomic
def assignment_pick(
    *, proposal: Proposal, staff, official=None, now: datetime | None = None
) -> ResponseAssignment:
    """An official of the consultation picks a proposal for a response (idempotent)."""
    consultation = proposal.consultation
    if not rules.is_official(staff, consultation):
        raise NotAllowed(_("Only officials of this consultation can assign responses."))
    if proposal.state != ModerationState.PUBLISHED:
        raise WrongState(_("Only published proposals get an official response."))
    if official is not None and not rules.is_official(official, consultation):
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
    return [u for u in rules.staff_of(assignment.consultation, rules.RESPOND) if u.is_active]


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


# --- reads ------------------------------------------------------------------------------------


def overdue(user, *, now: datetime | None = None):
    """Open assignments past due in the consultations `user` answers (all for superusers)."""
    from .permissions import respond_ids

    rows = ResponseAssignment.objects.overdue(now).select_related(
        "proposal", "consultation", "official", "department"
    )
    if not user.is_superuser:
        rows = rows.for_consultations(respond_ids(user))
    return rows.order_by("due_at", "id")


def on_time_counts(consultation_ids) -> dict[int, dict[str, int]]:
    """Per consultation: answered on time, answered late, open and overdue. One query."""
    now = timezone.now()
    rows = (
        ResponseAssignment.objects.filter(consultation_id__in=list(consultation_ids))
        .values("consultation_id")
        .annotate(
            on_time=Count("pk", filter=Q(answered_at__isnull=False, answered_at__lte=F("due_at"))),
            late=Count("pk", filter=Q(answered_at__isnull=False, answered_at__gt=F("due_at"))),
            overdue=Count("pk", filter=Q(answered_at__isnull=True, due_at__lt=now)),
            waiting=Count("pk", filter=Q(answered_at__isnull=True, due_at__gte=now)),
        )
        .order_by()
    )
    return {row.pop("consultation_id"): row for row in rows}
