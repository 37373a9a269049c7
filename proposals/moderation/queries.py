"""Reads of moderation, free of HTTP: the queues, an item's history and the public record."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext_lazy as _

from proposals.exceptions import InvalidInput
from proposals.models import (
    Appeal,
    AppealState,
    Comment,
    ModerationDecision,
    ModerationState,
    Proposal,
    ReasonCode,
    Report,
)
from proposals.moderation.models import DecisionAction

State = ModerationState
PROPOSAL, COMMENT = "proposal", "comment"


# --- reads: the moderation queue ---------------------------------------------------------

QUEUES = ("pending", "reported", "auto_hidden", "hidden", "appeals")
QUEUE_LABELS = {
    "pending": _("Waiting for review"),
    "reported": _("Reported"),
    "auto_hidden": _("Hidden after reports"),
    "hidden": _("Hidden by moderators"),
    "appeals": _("Appeals"),
}
# The state of the items each queue lists: its actions are the table's for that state.
QUEUE_STATES = {
    "pending": State.PENDING,
    "reported": State.PUBLISHED,
    "auto_hidden": State.HIDDEN,
    "hidden": State.HIDDEN,
}
KINDS = (PROPOSAL, COMMENT)


def queue_actions(queue: str) -> list:
    """The actions offered on the items of one queue (none on the appeals queue)."""
    from proposals.moderation.services import offered_actions

    state = QUEUE_STATES.get(queue)
    return offered_actions(state) if state else []


def _last_decision_value(target: str, attribute: str):
    return Subquery(
        ModerationDecision.objects.filter(**{target: OuterRef("pk")})
        .order_by("-created_at", "-id")
        .values(attribute)[:1]
    )


def _open_reports(target: str, reason: str = ""):
    reports = Report.objects.filter(**{target: OuterRef("pk")}, resolved_at__isnull=True)
    return reports.filter(reason=reason) if reason else reports


def _queue_queryset(model, consultation_ids, queue: str, reason: str = ""):
    """Proposals or comments in one queue, annotated with `kind` and `since` (waiting since)."""
    target = "proposal" if model is Proposal else "comment"
    scope = (
        {"consultation_id__in": consultation_ids}
        if model is Proposal
        else {"proposal__consultation_id__in": consultation_ids}
    )
    rows = model.objects.filter(**scope).annotate(kind=Value(target, output_field=CharField()))
    if queue == "pending":
        rows = rows.filter(state=State.PENDING).annotate(since=F("created_at"))
    elif queue == "reported":
        first_report = Subquery(
            _open_reports(target).order_by("created_at").values("created_at")[:1]
        )
        rows = rows.filter(Exists(_open_reports(target, reason)), state=State.PUBLISHED)
        rows = rows.annotate(since=first_report)
    elif queue in {"auto_hidden", "hidden"}:
        rows = rows.filter(state=State.HIDDEN).annotate(
            since=_last_decision_value(target, "created_at"),
            last_by=_last_decision_value(target, "moderator_id"),
            last_reason=_last_decision_value(target, "reason"),
        )
        if queue == "auto_hidden":
            rows = rows.filter(last_by__isnull=True)
            if reason:
                rows = rows.filter(Exists(_open_reports(target, reason)))
        else:
            rows = rows.filter(last_by__isnull=False)
            if reason:
                rows = rows.filter(last_reason=reason)
    else:
        raise InvalidInput(_("Unknown queue."), field="queue")
    return rows


def queue_entries(
    consultation,
    *,
    queue: str,
    kind: str = "",
    reason: str = "",
    only: dict[str, list[int]] | None = None,
):
    """The queue as light rows (kind, pk, since), oldest first; slice it to paginate.

    `only` keeps the items whose ids it lists by kind (one possible campaign's members).
    """
    if queue == "appeals":
        appeals = Appeal.objects.filter(consultation_id=consultation.pk, state=AppealState.PENDING)
        if kind:
            appeals = appeals.filter(proposal__isnull=kind != PROPOSAL)
        if reason:
            appeals = appeals.filter(appealed_decision__reason=reason)
        return appeals.select_related(
            "author", "proposal", "comment__proposal", "appealed_decision__moderator"
        ).order_by("created_at", "id")
    parts = [
        _queue_queryset(model, [consultation.pk], queue, reason)
        .filter(**({} if only is None else {"pk__in": only.get(name, [])}))
        .order_by()
        .values("kind", "pk", "since")
        for model, name in ((Proposal, PROPOSAL), (Comment, COMMENT))
        if (not kind or kind == name) and (only is None or only.get(name))
    ]
    if not parts:
        return Proposal.objects.none().values("pk")
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return rows.order_by("since", "pk")


def consultation_rows(consultations) -> list[dict]:
    """One row per moderated consultation: its title in the reader's language and what waits
    in each queue (the index page and the Wagtail dashboard panel)."""
    from proposals.queries import pages_in_language

    consultations = list(consultations)
    counts = queue_counts([c.pk for c in consultations])
    titles = pages_in_language(consultations)
    return [
        {
            "consultation": c,
            "title": titles[c.pk].title,
            "counts": counts[c.pk],
            "waiting": sum(counts[c.pk].values()),
        }
        for c in consultations
    ]


def next_waiting(consultation, *, after: tuple[str, int] | None = None) -> tuple[str, int] | None:
    """The oldest item still waiting for a moderator (waiting for review first, then reported,
    then hidden after reports), other than `after`: where a moderator goes on to."""
    for queue in ("pending", "reported", "auto_hidden"):
        for row in queue_entries(consultation, queue=queue)[:2]:
            key = (row["kind"], row["pk"])
            if key != after:
                return key
    return None


def queue_counts(consultation_ids) -> dict[int, dict[str, int]]:
    """How many items wait in each queue of each consultation: a fixed number of queries."""
    consultation_ids = list(consultation_ids)
    counts = {cid: dict.fromkeys(QUEUES, 0) for cid in consultation_ids}
    for queue in QUEUES:
        if queue == "appeals":
            grouped = (
                Appeal.objects.filter(
                    consultation_id__in=consultation_ids, state=AppealState.PENDING
                )
                .values("consultation_id")
                .annotate(n=Count("id"))
                .values_list("consultation_id", "n")
            )
            for cid, n in grouped:
                counts[cid][queue] += n
            continue
        for model in (Proposal, Comment):
            key = "consultation_id" if model is Proposal else "proposal__consultation_id"
            grouped = (
                _queue_queryset(model, consultation_ids, queue)
                .order_by()
                .values(key)
                .annotate(n=Count("id", distinct=True))
                .values_list(key, "n")
            )
            for cid, n in grouped:
                counts[cid][queue] += n
    return counts


@dataclass
class QueueItem:
    """One proposal or comment as the queue shows it: its open reports grouped by reason."""

    kind: str
    item: Proposal | Comment
    since: datetime | None
    reports: list[dict] = field(default_factory=list)
    report_count: int = 0
    last_decision: ModerationDecision | None = None
    appeal: Appeal | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.item.pk}"

    @property
    def proposal(self) -> Proposal:
        return self.item if self.kind == PROPOSAL else self.item.proposal


def hydrate(rows) -> list[QueueItem]:
    """Full objects for one page of queue rows, in the same order: five queries at most."""
    rows = list(rows)
    ids = {PROPOSAL: [r["pk"] for r in rows if r["kind"] == PROPOSAL]}
    ids[COMMENT] = [r["pk"] for r in rows if r["kind"] == COMMENT]
    objects = {
        (PROPOSAL, p.pk): p
        for p in Proposal.objects.filter(pk__in=ids[PROPOSAL]).select_related("author")
    }
    objects.update(
        {
            (COMMENT, c.pk): c
            for c in Comment.objects.filter(pk__in=ids[COMMENT]).select_related(
                "author", "proposal"
            )
        }
    )
    entries = {
        (r["kind"], r["pk"]): QueueItem(r["kind"], objects[(r["kind"], r["pk"])], r["since"])
        for r in rows
        if (r["kind"], r["pk"]) in objects
    }
    if not entries:
        return []
    about = Q(proposal_id__in=ids[PROPOSAL]) | Q(comment_id__in=ids[COMMENT])

    def key_of(row) -> tuple[str, int]:
        return (PROPOSAL, row.proposal_id) if row.proposal_id else (COMMENT, row.comment_id)

    grouped: dict[tuple[str, int], dict[str, dict]] = {}
    for report in Report.objects.filter(about, resolved_at__isnull=True).order_by("created_at"):
        by_reason = grouped.setdefault(key_of(report), {})
        group = by_reason.setdefault(
            report.reason,
            {"reason": report.get_reason_display(), "count": 0, "texts": []},
        )
        group["count"] += 1
        if report.text:
            group["texts"].append(report.text)
    for key, by_reason in grouped.items():
        if key in entries:
            entries[key].reports = sorted(by_reason.values(), key=lambda g: -g["count"])
            entries[key].report_count = sum(g["count"] for g in by_reason.values())
    for decision in (
        ModerationDecision.objects.filter(about).select_related("moderator").order_by("created_at")
    ):
        if key_of(decision) in entries:
            entries[key_of(decision)].last_decision = decision
    for appeal in Appeal.objects.filter(about, state=AppealState.PENDING):
        if key_of(appeal) in entries:
            entries[key_of(appeal)].appeal = appeal
    return [entries[(r["kind"], r["pk"])] for r in rows if (r["kind"], r["pk"]) in entries]


def item_history(item) -> dict:
    """What a moderator sees about one item: every decision, report and appeal."""
    target = {"proposal": item} if isinstance(item, Proposal) else {"comment": item}
    return {
        "decisions": list(
            ModerationDecision.objects.filter(**target)
            .select_related("moderator")
            .order_by("created_at", "id")
        ),
        "reports": list(Report.objects.filter(**target).order_by("created_at", "id")),
        "appeals": list(
            Appeal.objects.filter(**target).select_related("decided_by").order_by("created_at")
        ),
    }


# --- reads: the public moderation record -------------------------------------------------

# The decisions the public record counts, in its order (appeals are counted on their own).
RECORD_KINDS = {
    action: DecisionAction(action).label
    for action in (
        DecisionAction.PUBLISH,
        DecisionAction.REJECT,
        DecisionAction.HIDE,
        DecisionAction.AUTO_HIDE,
        DecisionAction.RESTORE,
        DecisionAction.DISMISS,
    )
}
REASONED = {DecisionAction.REJECT, DecisionAction.HIDE, DecisionAction.AUTO_HIDE}
# Codes that describe how an item came to its state, not why: the automatic hiding after
# reports and the author's withdrawal. They are states of the record, never reasons.
STATE_CODES = {ReasonCode.AUTO_HIDDEN, ReasonCode.WITHDRAWN}
# The states the public record counts, in its order: what is hidden after reports (waiting
# for a moderator) is told apart from what a moderator hid.
RECORD_STATES = {
    "pending": QUEUE_LABELS["pending"],
    "auto_hidden": _("Hidden after reports, waiting for a moderator"),
    "hidden": _("Hidden by a moderator"),
    State.REJECTED.value: State.REJECTED.label,
    State.WITHDRAWN.value: State.WITHDRAWN.label,
}


@dataclass
class ModerationRecord:
    rows: list[dict]
    total: int
    by_reason: list[dict]
    appeals: dict[str, int]
    median_seconds: float | None
    decided_count: int
    states: list[dict] = field(default_factory=list)


def _record_counts(consultation_ids):
    """Every count of the public record in one query (a UNION ALL of grouped counts): rows of
    (part, key, reason, n, automatic) for decisions by kind and reason, appeals by state, and
    proposals and comments by non-public state (`automatic`: hidden ones whose last decision
    no moderator made)."""

    def tagged(queryset, part: str, key: str, reason=None, automatic=None):
        return (
            queryset.values(
                record_part=Value(part, output_field=CharField()),
                record_key=F(key),
                record_reason=F(reason) if reason else Value("", output_field=CharField()),
            )
            .annotate(
                n=Count("id"),
                automatic=automatic if automatic is not None else Value(0),
            )
            .order_by()
            .values_list("record_part", "record_key", "record_reason", "n", "automatic")
        )

    shown = [State.PENDING, State.REJECTED, State.WITHDRAWN, State.HIDDEN]
    parts = [
        tagged(
            ModerationDecision.objects.filter(
                consultation_id__in=consultation_ids, action__in=RECORD_KINDS
            ),
            "decision",
            "action",
            reason="reason",
        ),
        tagged(Appeal.objects.filter(consultation_id__in=consultation_ids), "appeal", "state"),
    ]
    for model in (Proposal, Comment):
        target = "proposal" if model is Proposal else "comment"
        key = "consultation_id__in" if model is Proposal else "proposal__consultation_id__in"
        parts.append(
            tagged(
                model.objects.filter(**{key: consultation_ids}, state__in=shown).annotate(
                    last_by=_last_decision_value(target, "moderator_id")
                ),
                "state",
                "state",
                automatic=Count("id", filter=Q(last_by__isnull=True)),
            )
        )
    return parts[0].union(*parts[1:], all=True)


def _states_from(counts: dict[str, int]) -> list[dict]:
    return [
        {"state": state, "label": label, "count": counts[state]}
        for state, label in RECORD_STATES.items()
        if counts[state]
    ]


def _median_wait(consultation_ids) -> tuple[float | None, int]:
    """The median time from a contribution's submission to a moderator's first decision on
    it, and how many such decisions there are: one query (the one or two middle rows, each
    carrying the count)."""
    waited = (
        ModerationDecision.objects.filter(
            consultation_id__in=consultation_ids,
            from_state=State.PENDING,
            moderator__isnull=False,
        )
        .annotate(
            waited=ExpressionWrapper(
                F("created_at") - Coalesce("proposal__created_at", "comment__created_at"),
                output_field=DurationField(),
            )
        )
        .annotate(
            position=Window(RowNumber(), order_by=[F("waited").asc(), F("id").asc()]),
            decided=Window(Count("id")),
        )
    )
    middle = list(
        waited.filter(
            position__gte=(F("decided") + 1) / 2, position__lte=F("decided") / 2 + 1
        ).values_list("waited", "decided")
    )
    if not middle:
        return None, 0
    return sum(d.total_seconds() for d, _count in middle) / len(middle), middle[0][1]


def moderation_record(consultation) -> ModerationRecord:
    """The public record of one consultation (see `moderation_record_of`)."""
    return moderation_record_of([consultation.pk])


def moderation_record_of(consultation_ids) -> ModerationRecord:
    """Counts of decisions by kind and reason, of items by state, appeal outcomes and the
    median time from a contribution's submission to a moderator's first decision on it,
    over some consultations. Never any content.

    Two queries, whatever the number of decisions or consultations: every count in one, the
    median in the other.
    """
    consultation_ids = list(consultation_ids)
    kinds: dict[str, int] = {}
    reasons: dict[str, int] = {}
    appeals = dict.fromkeys(AppealState.values, 0)
    states = dict.fromkeys(RECORD_STATES, 0)
    labels = dict(ReasonCode.choices)
    for part, key, reason, n, automatic in _record_counts(consultation_ids):
        if part == "decision":
            kinds[key] = kinds.get(key, 0) + n
            if reason and key in REASONED and reason not in STATE_CODES:
                reasons[reason] = reasons.get(reason, 0) + n
        elif part == "appeal":
            appeals[key] = n
        elif key == State.HIDDEN:
            states["auto_hidden"] += automatic
            states["hidden"] += n - automatic
        else:
            states[key] += n
    rows = [
        {"kind": kind, "label": label, "count": kinds[kind]}
        for kind, label in RECORD_KINDS.items()
        if kinds.get(kind)
    ]
    by_reason = [
        {"reason": code, "label": labels.get(code, code), "count": n}
        for code, n in sorted(reasons.items(), key=lambda pair: (-pair[1], pair[0]))
    ]
    median, count = _median_wait(consultation_ids)
    return ModerationRecord(
        rows=rows,
        total=sum(kinds.values()),
        by_reason=by_reason,
        appeals=appeals,
        median_seconds=median,
        decided_count=count,
        states=_states_from(states),
    )


# --- open data: the moderation record as rows ------------------------------------------------

EXPORT_DECISION_FIELDS = (
    "id",
    "consultation_id",
    "proposal_id",
    "comment_id",
    "comment__proposal_id",
    "action",
    "from_state",
    "to_state",
    "reason",
    "created_at",
)


def _public_decisions(consultation_ids=None):
    """Decisions about items the public pages list: proposals in a listable state, and
    comments of those proposals. Never who decided, never the item's content."""
    from proposals.queries import EXPORT_STATES

    rows = ModerationDecision.objects.filter(
        Q(proposal__state__in=EXPORT_STATES) | Q(comment__proposal__state__in=EXPORT_STATES)
    )
    if consultation_ids is None:
        return rows.filter(consultation__live=True)
    return rows.filter(consultation_id__in=list(consultation_ids))


def export_decisions(consultation_id: int | None = None):
    """Rows of moderation.csv, by id: one query, to be streamed."""
    scope = None if consultation_id is None else [consultation_id]
    return _public_decisions(scope).order_by("id").values_list(*EXPORT_DECISION_FIELDS)


def export_decision_counts(consultation_ids) -> dict[int, int]:
    """Rows of moderation.csv per consultation: one grouped query."""
    ids = list(consultation_ids)
    counts = dict.fromkeys(ids, 0)
    counts.update(
        _public_decisions(ids)
        .values("consultation_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("consultation_id", "n")
    )
    return counts


def export_decisions_stamp(consultation_id: int | None = None) -> dict:
    """Count, highest id and latest time of the decisions: one query (append-only rows)."""
    rows = ModerationDecision.objects.all()
    if consultation_id is not None:
        rows = rows.filter(consultation_id=consultation_id)
    return rows.aggregate(decisions=Count("id"), decisions_max=Max("id"), decided=Max("created_at"))
