"""What waits for a consultation's staff: the figures of the staff dashboard and of its
Wagtail panel, read in a fixed number of queries whatever the number of items.

A moderator sees the moderation queues (waiting for review, reported, hidden after reports,
appeals) with their oldest items; an official sees the response assignments that are overdue
or due within a week. Someone with both roles sees both.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, Min, OuterRef, Q
from django.utils import timezone

from consultations import roles
from consultations.models import ConsultationPage
from proposals.models import Appeal, AppealState, ResponseAssignment
from proposals.moderation import queries as moderation
from proposals.queries import pages_in_language

DUE_SOON_DAYS = 7
OLDEST_SHOWN = 10


@dataclass
class Waiting:
    """One item of a list on the dashboard and how long it has waited (or how late it is)."""

    kind: str  # "proposal", "comment", "appeal", "assignment"
    pk: int
    title: str
    since: datetime
    item: object = None


@dataclass
class ConsultationFigures:
    consultation: ConsultationPage
    title: str
    moderates: bool
    answers: bool
    counts: dict[str, int] = field(default_factory=dict)  # the moderation queues
    oldest_since: datetime | None = None  # oldest item waiting for a moderator
    overdue: int = 0
    due_soon: int = 0
    oldest_due: datetime | None = None  # the most overdue response's due date

    @property
    def waiting(self) -> int:
        return waiting_total(self.counts)

    @property
    def total(self) -> int:
        return self.waiting + self.overdue + self.due_soon


# The queues whose items wait for a moderator ("hidden by moderators" is decided work).
WAITING_QUEUES = ("pending", "reported", "auto_hidden", "appeals")


def waiting_total(counts: dict[str, int]) -> int:
    return sum(counts.get(queue, 0) for queue in WAITING_QUEUES)


def staff_consultations(user) -> tuple[list[ConsultationPage], set[int], set[int]]:
    """The (canonical) consultations where `user` moderates or answers, and which of each."""
    moderated, answered = roles.moderated_ids(user), roles.answered_ids(user)
    # Roles sit on canonical pages; a superuser holds them on translations too: keep a
    # translation only where no page of its set is in the default language.
    in_default = ConsultationPage.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=settings.LANGUAGE_CODE,
    ).exclude(pk=OuterRef("pk"))
    pages = list(
        ConsultationPage.objects.filter(pk__in=moderated | answered)
        .exclude(Exists(in_default))
        .order_by("-voting_close", "title")
    )
    return pages, moderated, answered


def figures(user, *, now: datetime | None = None) -> list[ConsultationFigures]:
    """One row per consultation of `user`'s roles, busiest first."""
    now = now or timezone.now()
    consultations, moderated, answered = staff_consultations(user)
    if not consultations:
        return []
    titles = pages_in_language(consultations)
    ids = [c.pk for c in consultations]
    mod_ids = [pk for pk in ids if pk in moderated]
    counts = moderation.queue_counts(mod_ids) if mod_ids else {}
    oldest = _oldest_waiting(mod_ids)
    deadlines = _deadlines([pk for pk in ids if pk in answered], now)
    rows = []
    for consultation in consultations:
        pk = consultation.pk
        row = ConsultationFigures(
            consultation=consultation,
            title=titles[pk].title,
            moderates=pk in moderated,
            answers=pk in answered,
            counts=counts.get(pk, {}),
            oldest_since=oldest.get(pk),
        )
        if pk in deadlines:
            row.overdue, row.due_soon, row.oldest_due = deadlines[pk]
        rows.append(row)
    rows.sort(key=lambda r: (-r.total, r.title))
    return rows


def _oldest_waiting(consultation_ids) -> dict[int, datetime]:
    """When the oldest item waiting for a moderator (any queue, appeals included) arrived."""
    if not consultation_ids:
        return {}
    oldest: dict[int, datetime] = {}
    for queue in ("pending", "reported", "auto_hidden"):
        for model in (moderation.Proposal, moderation.Comment):
            rows = (
                moderation._queue_queryset(model, consultation_ids, queue)
                .values(cid=F(_consultation_field(model)))
                .annotate(first=Min("since"))
            )
            for row in rows:
                if row["cid"] not in oldest or row["first"] < oldest[row["cid"]]:
                    oldest[row["cid"]] = row["first"]
    appeals = (
        Appeal.objects.filter(consultation_id__in=consultation_ids, state=AppealState.PENDING)
        .values("consultation_id")
        .annotate(first=Min("created_at"))
    )
    for row in appeals:
        cid = row["consultation_id"]
        if cid not in oldest or row["first"] < oldest[cid]:
            oldest[cid] = row["first"]
    return oldest


def _consultation_field(model) -> str:
    return "consultation_id" if model is moderation.Proposal else "proposal__consultation_id"


def _deadlines(consultation_ids, now: datetime) -> dict[int, tuple[int, int, datetime | None]]:
    if not consultation_ids:
        return {}
    soon = now + timedelta(days=DUE_SOON_DAYS)
    rows = (
        ResponseAssignment.objects.open()
        .for_consultations(consultation_ids)
        .values("consultation_id")
        .annotate(
            overdue=Count("pk", filter=Q(due_at__lt=now)),
            due_soon=Count("pk", filter=Q(due_at__gte=now, due_at__lt=soon)),
            oldest_due=Min("due_at", filter=Q(due_at__lt=now)),
        )
    )
    return {r["consultation_id"]: (r["overdue"], r["due_soon"], r["oldest_due"]) for r in rows}


def oldest_items(consultation: ConsultationPage, *, limit: int = OLDEST_SHOWN) -> list[Waiting]:
    """The items waiting longest for a moderator of `consultation`, oldest first, any queue."""
    rows = []
    for queue in ("pending", "reported", "auto_hidden"):
        rows.extend(
            {**row, "queue": queue}
            for row in moderation.queue_entries(consultation, queue=queue)[:limit]
        )
    rows.sort(key=lambda r: (r["since"], r["pk"]))
    rows = rows[:limit]
    items = moderation.hydrate(rows)
    queues = {(r["kind"], r["pk"]): r["queue"] for r in rows}
    return [
        Waiting(
            kind=entry.kind,
            pk=entry.item.pk,
            title=entry.item.title if entry.kind == moderation.PROPOSAL else entry.item.body,
            since=entry.since,
            item=queues[(entry.kind, entry.item.pk)],
        )
        for entry in items
    ]


def pending_appeals(consultation: ConsultationPage, *, limit: int = OLDEST_SHOWN) -> list[Waiting]:
    appeals = moderation.queue_entries(consultation, queue="appeals")[:limit]
    return [
        Waiting(
            kind="appeal",
            pk=appeal.pk,
            title=appeal.proposal.title if appeal.proposal_id else appeal.comment.body,
            since=appeal.created_at,
        )
        for appeal in appeals
    ]


def response_deadlines(
    consultation: ConsultationPage, *, now: datetime | None = None, limit: int = OLDEST_SHOWN
) -> dict[str, list]:
    """Open assignments of `consultation`: overdue (most late first) and due within a week."""
    now = now or timezone.now()
    open_rows = (
        ResponseAssignment.objects.open()
        .for_consultations([consultation.pk])
        .select_related("proposal", "official")
        .order_by("due_at", "pk")
    )
    overdue = open_rows.filter(due_at__lt=now)
    soon = open_rows.filter(due_at__gte=now, due_at__lt=now + timedelta(days=DUE_SOON_DAYS))
    return {
        "overdue": list(overdue[:limit]),
        "overdue_count": overdue.count(),
        "soon": list(soon[:limit]),
        "soon_count": soon.count(),
    }
