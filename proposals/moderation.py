"""Staff moderation beyond single decisions: reason templates, dismissing reports, bulk
actions and appeals.

Single decisions (publish, reject, hide, restore) are `proposals.services`; everything here
goes through them or follows the same pattern: keyword-only, atomic, checks that the person
moderates this consultation, changes state with a guarded update, writes the append-only
`ModerationDecision` (which also lands in Wagtail's audit log) and notifies the author.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import (
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from civic.text import clean_text, has_visible

from . import rules, services
from .exceptions import AlreadyDone, InvalidInput, JourneyError, NotAllowed, NotVisible, WrongState
from .models import (
    Appeal,
    AppealState,
    Comment,
    ModerationDecision,
    ModerationReason,
    ModerationState,
    Notification,
    Proposal,
    ReasonCode,
    Report,
)
from .models.appeals import APPEAL_TEXT_MAX, LOG_ACTION_PREFIX, item_title
from .notify import notify, proposal_link

State = ModerationState

PROPOSAL, COMMENT = "proposal", "comment"
ACTIONS = ("publish", "reject", "hide", "restore", "dismiss")


def _item_consultation(item):
    proposal = item if isinstance(item, Proposal) else item.proposal
    return proposal, proposal.consultation


def load_item(kind: str, pk: int):
    """The proposal or comment `kind`/`pk` with what moderation needs (NotVisible if absent)."""
    model = {PROPOSAL: Proposal, COMMENT: Comment}.get(kind)
    if model is None:
        raise InvalidInput(_("Unknown kind of item."))
    related = ["consultation"] if model is Proposal else ["proposal__consultation"]
    item = model.objects.select_related(*related).filter(pk=pk).first()
    if item is None:
        raise NotVisible(_("This item does not exist."))
    return item


def reason_from_template(
    template: ModerationReason | None, *, code: str = "", extra: str = ""
) -> tuple[str, str]:
    """The (reason code, public text) of a decision: a template's text plus optional words."""
    extra = (extra or "").strip()
    if template is None:
        return code, extra[:500]
    base = template.display_text
    text = base if not extra else f"{base} {extra}"
    return template.code, text[:500]


# --- reports ----------------------------------------------------------------------------


@transaction.atomic
def reports_dismiss(
    *, item: Proposal | Comment, moderator, text: str = "", now: datetime | None = None
) -> ModerationDecision:
    """A moderator finds the reports on a published item unfounded: they are closed, the item
    stays published, and the decision is recorded."""
    proposal, consultation = _item_consultation(item)
    rules.check_can_moderate(moderator, consultation)
    model = type(item)
    current = model.objects.select_for_update().get(pk=item.pk)
    if current.state != State.PUBLISHED:
        raise WrongState(_("Only reports on published items can be dismissed."))
    target = {"proposal": current} if model is Proposal else {"comment": current}
    closed = Report.objects.filter(resolved_at__isnull=True, **target).update(
        resolved_at=now or timezone.now()
    )
    if not closed:
        raise WrongState(_("There are no open reports on this item."))
    decision = ModerationDecision.objects.create(
        moderator=moderator,
        consultation_id=consultation.pk,
        from_state=State.PUBLISHED,
        to_state=State.PUBLISHED,
        reason=ReasonCode.NONE,
        public_text=(text or "").strip()[:500],
        **target,
    )
    if current.author_id:
        notify(
            recipients=[current.author],
            kind=Notification.Kind.DECISION,
            params={
                "title": proposal.title,
                "state": State.PUBLISHED,
                "reason": str(_("Reports about it were reviewed and dismissed.")),
            },
            link=proposal_link(proposal),
        )
    return decision


# --- single actions by name (what bulk actions and the admin queue call) -----------------


def moderate(
    *,
    item: Proposal | Comment,
    moderator,
    action: str,
    reason: str = "",
    text: str = "",
    template: ModerationReason | None = None,
) -> ModerationDecision:
    """Apply one named action to one item through its single-item service.

    Rejecting and hiding need a public reason: a reason template (its text, in the
    moderator's language, plus `text` if given) or a reason code with `text`.
    """
    is_proposal = isinstance(item, Proposal)
    if template is not None and action in {"reject", "hide"}:
        reason, text = reason_from_template(template, extra=text)
    if action == "dismiss":
        return reports_dismiss(item=item, moderator=moderator, text=text)
    if action == "publish":
        if is_proposal:
            return services.proposal_publish(proposal=item, moderator=moderator)
        return services.comment_publish(comment=item, moderator=moderator)
    if action == "restore":
        if is_proposal:
            return services.proposal_restore(proposal=item, moderator=moderator, text=text)
        return services.comment_restore(comment=item, moderator=moderator, text=text)
    if action in {"reject", "hide"}:
        name = f"{'proposal' if is_proposal else 'comment'}_{action}"
        target = {"proposal": item} if is_proposal else {"comment": item}
        return getattr(services, name)(moderator=moderator, reason=reason, text=text, **target)
    raise InvalidInput(_("Unknown moderation action."), field="action")


@dataclass
class BulkResult:
    done: list[ModerationDecision] = field(default_factory=list)
    refused: list[tuple[str, int, str]] = field(default_factory=list)


def bulk_moderate(
    *,
    consultation,
    moderator,
    action: str,
    items: Iterable[tuple[str, int]],
    reason: str = "",
    text: str = "",
    template: ModerationReason | None = None,
) -> BulkResult:
    """One action on many items of ONE consultation, each through the single-item service in
    its own transaction: one refusal does not undo the others, and is reported back.

    Items of another consultation are refused, whatever the moderator's other roles.
    """
    consultation = services.canonical(consultation)
    rules.check_can_moderate(moderator, consultation)
    if action not in ACTIONS:
        raise InvalidInput(_("Unknown moderation action."), field="action")
    result = BulkResult()
    for kind, pk in items:
        try:
            item = load_item(kind, pk)
            _proposal, item_consultation = _item_consultation(item)
            if item_consultation.pk != consultation.pk:
                raise NotVisible(_("This item does not exist."))
            result.done.append(
                moderate(
                    item=item,
                    moderator=moderator,
                    action=action,
                    reason=reason,
                    text=text,
                    template=template,
                )
            )
        except JourneyError as exc:
            result.refused.append((kind, pk, str(exc.message)))
    return result


# --- appeals ----------------------------------------------------------------------------


def _last_decision(item) -> ModerationDecision | None:
    target = {"proposal": item} if isinstance(item, Proposal) else {"comment": item}
    return (
        ModerationDecision.objects.filter(to_state=item.state, **target)
        .order_by("-created_at", "-id")
        .first()
    )


def can_appeal(user, item) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and item.author_id == user.pk
        and item.state in {State.REJECTED, State.HIDDEN}
        and not Appeal.objects.filter(
            **({"proposal": item} if isinstance(item, Proposal) else {"comment": item})
        ).exists()
    )


@transaction.atomic
def appeal_file(*, author, item: Proposal | Comment, text: str) -> Appeal:
    """The author of a rejected or hidden proposal/comment appeals, once, with a text."""
    proposal, consultation = _item_consultation(item)
    rules.check_citizen(author)
    current = type(item).objects.select_for_update().get(pk=item.pk)
    if current.author_id != author.pk:
        raise NotAllowed(_("Only the author can appeal this decision."))
    if current.state not in {State.REJECTED, State.HIDDEN}:
        raise WrongState(_("Only rejected or hidden contributions can be appealed."))
    text = clean_text(text, multiline=True)
    if not has_visible(text):
        raise InvalidInput(_("Tell the moderators why the decision should change."), field="text")
    if len(text) > APPEAL_TEXT_MAX:
        raise InvalidInput(
            _("The appeal can have at most %(max)d characters.") % {"max": APPEAL_TEXT_MAX},
            field="text",
        )
    decision = _last_decision(current)
    if decision is None:
        raise WrongState(_("There is no decision to appeal."))
    is_proposal = isinstance(current, Proposal)
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                author=author,
                consultation_id=consultation.pk,
                proposal=current if is_proposal else None,
                comment=None if is_proposal else current,
                appealed_decision=decision,
                text=text,
            )
    except IntegrityError as exc:
        raise AlreadyDone(_("This decision has already been appealed.")) from exc
    log(
        instance=current,
        action=LOG_ACTION_PREFIX + "appeal",
        user=author,
        title=item_title(current),
        data={"appeal": appeal.pk, "decision": decision.pk, "consultation": consultation.pk},
    )
    services._notify_pending(
        consultation, title=proposal.title, link=proposal_link(proposal), exclude=[author]
    )
    return appeal


@transaction.atomic
def appeal_decide(
    *, appeal: Appeal, moderator, overturn: bool, text: str = "", now: datetime | None = None
) -> ModerationDecision:
    """A moderator of the consultation, not the one who decided first, decides an appeal.

    Overturned: the item is published again. Upheld: it stays as it is. Either way the outcome
    is a ModerationDecision (and an audit-log entry) and the author is told.
    """
    now = now or timezone.now()
    appeal = (
        Appeal.objects.select_for_update().select_related("appealed_decision").get(pk=appeal.pk)
    )
    item = appeal.proposal if appeal.proposal_id else appeal.comment
    proposal, consultation = _item_consultation(item)
    rules.check_can_moderate(moderator, consultation)
    if appeal.state != Appeal.State.PENDING:
        raise AlreadyDone(_("This appeal has already been decided."))
    if appeal.appealed_decision.moderator_id == moderator.pk:
        raise NotAllowed(
            _("Another moderator must decide this appeal: you made the first decision.")
        )
    text = (text or "").strip()[:500]
    model = type(item)
    current = model.objects.select_for_update().get(pk=item.pk)
    from_state = current.state
    if overturn:
        if from_state not in {State.REJECTED, State.HIDDEN}:
            raise WrongState()
        updates = {"state": State.PUBLISHED, "public_reason": ""}
        if current.published_at is None:
            updates["published_at"] = now
        model.objects.filter(pk=current.pk, state=from_state).update(**updates)
        services._counts_for(current, 1)
        target = {"proposal": current} if model is Proposal else {"comment": current}
        Report.objects.filter(resolved_at__isnull=True, **target).update(resolved_at=now)
        to_state, reason = State.PUBLISHED, ReasonCode.NONE
    else:
        to_state, reason = from_state, appeal.appealed_decision.reason
    decision = ModerationDecision(
        moderator=moderator,
        consultation_id=consultation.pk,
        proposal=current if model is Proposal else None,
        comment=None if model is Proposal else current,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        public_text=text,
    )
    decision._log_action = "appeal_overturned" if overturn else "appeal_upheld"
    decision.save()
    Appeal.objects.filter(pk=appeal.pk, state=Appeal.State.PENDING).update(
        state=Appeal.State.OVERTURNED if overturn else Appeal.State.UPHELD,
        decided_by=moderator,
        decided_at=now,
        decision=decision,
    )
    appeal.refresh_from_db()
    if current.author_id:
        notify(
            recipients=[current.author],
            kind=Notification.Kind.DECISION,
            params={
                "title": proposal.title,
                "state": to_state,
                "reason": text
                or str(
                    _("Your appeal was accepted.") if overturn else _("Your appeal was rejected.")
                ),
            },
            link=proposal_link(proposal),
        )
    return decision


# --- reads: the moderation queue ---------------------------------------------------------

QUEUES = ("pending", "reported", "auto_hidden", "hidden", "appeals")
QUEUE_LABELS = {
    "pending": _("Waiting for review"),
    "reported": _("Reported"),
    "auto_hidden": _("Hidden after reports"),
    "hidden": _("Hidden by moderators"),
    "appeals": _("Appeals"),
}
# Which actions make sense in each queue (the services still check every state).
QUEUE_ACTIONS = {
    "pending": ("publish", "reject"),
    "reported": ("dismiss", "hide"),
    "auto_hidden": ("restore",),
    "hidden": ("restore",),
    "appeals": (),
}
ACTION_LABELS = {
    "publish": _("Publish"),
    "reject": _("Reject"),
    "hide": _("Hide"),
    "restore": _("Restore (publish again)"),
    "dismiss": _("Dismiss reports (keep published)"),
}
NEEDS_REASON = {"reject", "hide"}
# Actions offered for an item in each state (rejected items change only through an appeal).
STATE_ACTIONS = {
    State.PENDING: ("publish", "reject"),
    State.PUBLISHED: ("hide", "dismiss"),
    State.HIDDEN: ("restore",),
}
KINDS = (PROPOSAL, COMMENT)


def moderated_consultations(user):
    """The consultations `user` moderates (canonical pages), by title: one query."""
    from consultations.models import ConsultationPage

    from .permissions import moderate_ids

    return ConsultationPage.objects.filter(pk__in=moderate_ids(user)).order_by("title")


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


def queue_entries(consultation, *, queue: str, kind: str = "", reason: str = ""):
    """The queue as light rows (kind, pk, since), oldest first; slice it to paginate."""
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
        .order_by()
        .values("kind", "pk", "since")
        for model, name in ((Proposal, PROPOSAL), (Comment, COMMENT))
        if not kind or kind == name
    ]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return rows.order_by("since", "pk")


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

RECORD_KINDS = {
    "publish": _("Published after review"),
    "reject": _("Rejected"),
    "hide": _("Hidden by a moderator"),
    "auto_hide": _("Hidden after reports"),
    "restore": _("Restored"),
    "dismiss": _("Reports dismissed"),
}


@dataclass
class ModerationRecord:
    rows: list[dict]
    total: int
    by_reason: list[dict]
    appeals: dict[str, int]
    median_seconds: float | None
    decided_count: int


def moderation_record(consultation) -> ModerationRecord:
    """Counts of decisions by kind and reason, appeal outcomes and the median time from a
    contribution's submission to a moderator's first decision on it. Never any content.

    A fixed number of queries, whatever the number of decisions.
    """
    from .models.appeals import decision_log_action

    decisions = ModerationDecision.objects.filter(consultation_id=consultation.pk).exclude(
        to_state=State.WITHDRAWN
    )
    grouped = (
        decisions.annotate(by_moderator=Q(moderator__isnull=False))
        .values("from_state", "to_state", "reason", "by_moderator")
        .annotate(n=Count("id"))
        .order_by()
    )
    kinds: dict[str, int] = {}
    reasons: dict[str, int] = {}
    labels = dict(ReasonCode.choices)
    for row in grouped:
        probe = ModerationDecision(
            from_state=row["from_state"],
            to_state=row["to_state"],
            moderator_id=1 if row["by_moderator"] else None,
        )
        kind = decision_log_action(probe)
        if kind not in RECORD_KINDS:
            continue
        kinds[kind] = kinds.get(kind, 0) + row["n"]
        if row["reason"] and row["to_state"] in {State.REJECTED, State.HIDDEN}:
            reasons[row["reason"]] = reasons.get(row["reason"], 0) + row["n"]
    rows = [
        {"kind": kind, "label": label, "count": kinds[kind]}
        for kind, label in RECORD_KINDS.items()
        if kinds.get(kind)
    ]
    by_reason = [
        {"reason": code, "label": labels.get(code, code), "count": n}
        for code, n in sorted(reasons.items(), key=lambda pair: (-pair[1], pair[0]))
    ]
    appeals = dict.fromkeys(AppealState.values, 0)
    for state, n in (
        Appeal.objects.filter(consultation_id=consultation.pk)
        .values("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
        .order_by()
    ):
        appeals[state] = n
    waited = (
        decisions.filter(from_state=State.PENDING, moderator__isnull=False)
        .annotate(
            waited=ExpressionWrapper(
                F("created_at") - Coalesce("proposal__created_at", "comment__created_at"),
                output_field=DurationField(),
            )
        )
        .order_by("waited", "id")
    )
    count = waited.count()
    median = None
    if count:
        middle = list(waited.values_list("waited", flat=True)[(count - 1) // 2 : count // 2 + 1])
        median = sum(d.total_seconds() for d in middle) / len(middle)
    return ModerationRecord(
        rows=rows,
        total=sum(kinds.values()),
        by_reason=by_reason,
        appeals=appeals,
        median_seconds=median,
        decided_count=count,
    )
