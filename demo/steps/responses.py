"""Demo official responses: every outcome, on time and late, one awaiting approval, one sent
back with the approver's comment, a live response with a revision under review, and open
assignments due soon and overdue.

Dates follow the rule the pages state (proposals/responses/queries.py, opendata/queries.py):
a response is on time when it was first published on or before its assignment's due date.
Each published response is dated in the past, within its consultation's timeline: assigned
before voting closed, due at most on the consultation's "responses due" date, and published
`late_by` days after that due date (negative: before it). The publication's date is written
everywhere it is read (the response, its log entries and revisions, the assignment's answer
time), so "published on" and "on time" never disagree.

Runs after the proposals' seed step; finds the demo official's consultations and their most
supported proposals at run time (and writes a few proposals itself if there are none). It goes
through the same services and workflow as the admin. Running it again changes nothing.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from consultations.models import ConsultationPage
from consultations.roles import APPROVERS_GROUP, answered_ids
from proposals.models import (
    ModerationState,
    OfficialResponse,
    Outcome,
    Proposal,
    ResponseAssignment,
)
from proposals.responses import services as responses

from ..recount import recount

OFFICIAL_EMAIL = "official@example.org"
APPROVER_EMAIL = "approver@example.org"


@dataclass(frozen=True)
class Plan:
    outcome: str | None  # None: an assignment without a response yet
    finish: str  # "publish", "review", "reject", "revise", "open"
    # Unpublished plans: the due date relative to today (negative: it has passed).
    # Published plans: days from the due date to the first publication (negative: early).
    days: int
    timeline: str = ""
    cost: int | None = None

    @property
    def published(self) -> bool:
        return self.finish in {"publish", "revise"}


PLANS = [
    Plan(Outcome.IMPLEMENTED, "publish", -9, "Done in 2026", 48000),
    Plan(Outcome.ACCEPTED, "publish", -3, "Spring 2027", 120000),
    Plan(Outcome.PARTIALLY_ACCEPTED, "publish", 6, "Autumn 2027", 35000),
    Plan(Outcome.UNDER_REVIEW, "publish", -14),
    Plan(Outcome.REJECTED, "publish", 2),
    Plan(Outcome.MERGED, "publish", -1),
    Plan(Outcome.ACCEPTED, "revise", -5, "Summer 2027", 9000),
    Plan(Outcome.ACCEPTED, "review", 6, "2027", 15000),
    Plan(Outcome.REJECTED, "reject", 9),
    Plan(None, "open", 2),
    Plan(None, "open", -5),
]
ASSIGNED_BEFORE_CLOSE = timedelta(days=4)

TEXTS = {
    Outcome.IMPLEMENTED: (
        "This is done: the work was finished last month and the site is open again.",
        "این کار انجام شد: کار ماه گذشته تمام شد و محل دوباره باز است.",
    ),
    Outcome.ACCEPTED: (
        "We accept this proposal. The department will carry it out within the timeline below.",
        "این پیشنهاد را می‌پذیریم. اداره آن را در زمان‌بندی زیر اجرا می‌کند.",
    ),
    Outcome.PARTIALLY_ACCEPTED: (
        "We accept part of this proposal: the first stage fits this year's budget, the rest "
        "will be reconsidered next year.",
        "بخشی از این پیشنهاد را می‌پذیریم: مرحله اول در بودجه امسال می‌گنجد و بقیه سال آینده "
        "دوباره بررسی می‌شود.",
    ),
    Outcome.UNDER_REVIEW: (
        "Our engineers are studying this proposal; we will publish their findings here.",
        "مهندسان ما این پیشنهاد را بررسی می‌کنند و نتیجه را همین‌جا منتشر می‌کنیم.",
    ),
    Outcome.REJECTED: (
        "We cannot carry this out: the land belongs to another authority, which declined.",
        "نمی‌توانیم این را اجرا کنیم: زمین متعلق به نهاد دیگری است که موافقت نکرد.",
    ),
    Outcome.MERGED: (
        "This proposal asks for the same as a more supported one; we answer both there.",
        "این پیشنهاد همان را می‌خواهد که پیشنهاد پرطرفدارتری؛ پاسخ هر دو را آنجا می‌دهیم.",
    ),
}
REVISED_TEXT = (
    "Update: the contractor is chosen and work starts in June.",
    "به‌روزرسانی: پیمانکار انتخاب شد و کار از خرداد آغاز می‌شود.",
)
REJECT_COMMENT = "Please explain which authority owns the land and what residents can do."


def _persian(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


def _text(outcome: str, proposal: Proposal, texts=None) -> str:
    english, persian = texts or TEXTS[outcome]
    return persian if _persian(proposal.title) else english


def _people(ctx):
    users = get_user_model().objects
    official = ctx.accounts.get("official") or users.filter(email=OFFICIAL_EMAIL).first()
    approver = ctx.accounts.get("approver") or users.filter(email=APPROVER_EMAIL).first()
    if approver is not None and not approver.groups.filter(name=APPROVERS_GROUP).exists():
        approver = users.filter(is_active=True, is_superuser=True).order_by("pk").first()
    return official, approver


def _candidates(consultation_ids: set[int], needed: int) -> list[Proposal]:
    return list(
        Proposal.objects.filter(
            consultation_id__in=consultation_ids,
            state=ModerationState.PUBLISHED,
            official_response__isnull=True,
        )
        .exclude(response_assignments__isnull=False)
        .select_related("consultation")
        .order_by("-support_count", "pk")[:needed]
    )


def _write_proposals(consultation: ConsultationPage, author, count: int) -> None:
    """A few proposals when the proposals' seed step left none to answer."""
    from proposals.models import ProposalVersion

    now = timezone.now()
    for n in range(count):
        proposal = Proposal.objects.create(
            consultation=consultation,
            author=author,
            title=f"Demo proposal {n + 1} for an official response",
            body="Residents ask the city to act on this.",
            state=ModerationState.PUBLISHED,
            published_at=now,
        )
        ProposalVersion.objects.create(
            proposal=proposal,
            number=1,
            title=proposal.title,
            body=proposal.body,
            edited_by=author,
            edited_at=now,
        )
    recount(consultation.pk)


def _dates(proposal: Proposal, plan: Plan, now) -> tuple:
    """(assigned, due, first published or None) of one plan, all consistent with the rule."""
    consultation = proposal.consultation
    answer_time = timedelta(days=consultation.response_due_days or 30)
    if not plan.published:
        due = now + timedelta(days=plan.days)
        return due - answer_time, due, None
    assigned = consultation.voting_close - ASSIGNED_BEFORE_CLOSE
    due = min(assigned + answer_time, consultation.responses_due)
    published = due + timedelta(days=plan.days, hours=3)
    # A consultation still deliberating: move the story back so it is all in the past.
    overshoot = published - (now - timedelta(days=1))
    if overshoot > timedelta(0):
        assigned, due, published = assigned - overshoot, due - overshoot, published - overshoot
    return assigned, due, published


def _assign(proposal: Proposal, official, assigned, due, now) -> ResponseAssignment:
    assignment = responses.assignment_pick(
        proposal=proposal, staff=official, official=official, now=min(assigned, now)
    )
    ResponseAssignment.objects.filter(pk=assignment.pk).update(assigned_at=assigned, due_at=due)
    return assignment


def _date_publication(response: OfficialResponse, published) -> None:
    """Write the first publication's date wherever it is read: the response, the log of its
    revisions and workflow, and the assignment's answer time (what "on time" compares)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry, Revision, TaskState, WorkflowState

    kind = ContentType.objects.get_for_model(OfficialResponse)
    key = str(response.pk)
    OfficialResponse.objects.filter(pk=response.pk).update(
        first_published_at=published, last_published_at=published
    )
    ModelLogEntry.objects.filter(content_type=kind, object_id=key).update(timestamp=published)
    Revision.objects.filter(base_content_type=kind, object_id=key).update(created_at=published)
    states = WorkflowState.objects.filter(base_content_type=kind, object_id=key)
    TaskState.objects.filter(workflow_state__in=states).update(
        started_at=published, finished_at=published
    )
    states.update(created_at=published)
    ResponseAssignment.objects.filter(proposal_id=response.proposal_id).update(
        answered_at=published
    )


def _respond(proposal, official, approver, plan: Plan, merge_target) -> OfficialResponse:
    draft = responses.response_draft(
        proposal=proposal,
        official=official,
        outcome=plan.outcome,
        text=_text(plan.outcome, proposal),
        cost_estimate=Decimal(plan.cost) if plan.cost is not None else None,
        timeline=plan.timeline,
        department=proposal.consultation.department,
        merged_into=merge_target if plan.outcome == Outcome.MERGED else None,
    )
    responses.response_submit(response=draft, official=official)
    if plan.finish == "review":
        return draft
    if plan.finish == "reject":
        responses.response_reject(response=draft, approver=approver, comment=REJECT_COMMENT)
        return draft
    responses.response_approve(response=draft, approver=approver, comment="Approved.")
    return draft


def _revise(proposal, official, plan: Plan) -> None:
    """A revision of a live response, waiting for approval now."""
    revised = responses.response_draft(
        proposal=proposal,
        official=official,
        outcome=Outcome.IMPLEMENTED,
        text=_text(plan.outcome, proposal, REVISED_TEXT),
        timeline=plan.timeline,
        cost_estimate=Decimal(plan.cost) if plan.cost is not None else None,
        department=proposal.consultation.department,
    )
    responses.response_submit(response=revised, official=official)


@transaction.atomic
def seed(ctx) -> None:
    responses.ensure_response_workflow()
    official, approver = _people(ctx)
    if official is None or approver is None:
        ctx.log("responses: skipped (no demo official or approver)")
        return
    if OfficialResponse.objects.filter(responsible_official=official).exists():
        ctx.log("responses: already seeded")
        return
    consultation_ids = answered_ids(official)
    consultations = list(
        ConsultationPage.objects.filter(pk__in=consultation_ids).order_by("voting_close", "pk")
    )
    if not consultations:
        ctx.log("responses: skipped (the demo official answers for no consultation)")
        return
    # Answer the consultations whose voting closed first; spread over two of them.
    chosen = consultations[:2]
    chosen_ids = {c.pk for c in chosen}
    proposals = _candidates(chosen_ids, len(PLANS) + 1)
    if len(proposals) < len(PLANS) + 1:
        _write_proposals(chosen[0], official, len(PLANS) + 1 - len(proposals))
        proposals = _candidates(chosen_ids, len(PLANS) + 1)
    now = timezone.now()
    # The most supported proposal of each consultation survives a merge.
    survivors = {}
    published = 0
    for plan, proposal in zip(PLANS, proposals, strict=False):
        assigned, due, published_at = _dates(proposal, plan, now)
        _assign(proposal, official, assigned, due, now)
        if plan.outcome is None:
            continue
        if plan.outcome == Outcome.MERGED:
            target = survivors.get(proposal.consultation_id) or (
                Proposal.objects.filter(
                    consultation_id=proposal.consultation_id, state=ModerationState.PUBLISHED
                )
                .exclude(pk=proposal.pk)
                .order_by("-support_count", "pk")
                .first()
            )
            if target is None:
                continue
        else:
            target = None
            survivors.setdefault(proposal.consultation_id, proposal)
        response = _respond(proposal, official, approver, plan, target)
        if published_at is not None:
            _date_publication(response, published_at)
            published += 1
        if plan.finish == "revise":
            _revise(proposal, official, plan)
    ctx.log(
        f"responses: {published} published (every outcome, on time and late), one awaiting "
        "approval, one sent back, one revision under review, assignments due soon and overdue"
    )
