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
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import rules, services
from .exceptions import AlreadyDone, InvalidInput, JourneyError, NotAllowed, NotVisible, WrongState
from .models import (
    Appeal,
    Comment,
    ModerationDecision,
    ModerationReason,
    ModerationState,
    Notification,
    Proposal,
    ReasonCode,
    Report,
)
from .models.appeals import APPEAL_TEXT_MAX
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
    text = template.text if not extra else f"{template.text} {extra}"
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
    *, item: Proposal | Comment, moderator, action: str, reason: str = "", text: str = ""
) -> ModerationDecision:
    """Apply one named action to one item through its single-item service."""
    is_proposal = isinstance(item, Proposal)
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
                moderate(item=item, moderator=moderator, action=action, reason=reason, text=text)
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
    text = (text or "").strip()
    if not text:
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
    decision = ModerationDecision.objects.create(
        moderator=moderator,
        consultation_id=consultation.pk,
        proposal=current if model is Proposal else None,
        comment=None if model is Proposal else current,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        public_text=text,
    )
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
