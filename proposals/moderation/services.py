"""Every change of a proposal's or comment's moderation state, through one mechanism.

`ACTIONS` is the table: for each action the states it starts from, the state it leads to,
who takes it, whether it needs a public reason, what it does to open reports and what the
author is told. `_decide()` is the only writer of `ModerationDecision`: it locks the item,
checks the table's row, applies the guarded update, keeps the stored counts exact, writes
the decision and the Wagtail audit-log entry, and notifies the author. Moderators' actions
(`moderate`, `bulk_moderate`), the author's withdrawal, the automatic hiding after reports
and appeal decisions all pick a row and call it. Proposals and comments share the path.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from accounts.models import Suspension, User
from civic.text import clean_text, has_visible
from consultations.models import ConsultationPage
from proposals import rules
from proposals.counts import published_changed
from proposals.exceptions import (
    AlreadyDone,
    InvalidInput,
    JourneyError,
    NotAllowed,
    NotVisible,
    WrongState,
)
from proposals.models import (
    Appeal,
    Comment,
    ModerationDecision,
    ModerationReason,
    ModerationState,
    Proposal,
    ReasonCode,
    Report,
)
from proposals.moderation.models import (
    APPEAL_TEXT_MAX,
    LOG_ACTION_PREFIX,
    LOG_APPEAL,
    DecisionAction,
    item_title,
)
from proposals.notifications.services import notify_decision, notify_pending, proposal_link

State = ModerationState
Item = Proposal | Comment
PROPOSAL, COMMENT = "proposal", "comment"
KINDS = (PROPOSAL, COMMENT)
PUBLIC_TEXT_MAX = 500

MODERATOR, AUTHOR, SYSTEM = "moderator", "author", "system"
CHANGED_MEANWHILE = _("This item has changed meanwhile: reload the page.")


@dataclass(frozen=True)
class Action:
    """One row of the table: what an action may start from and what it does."""

    name: str
    label: Promise  # what staff menus and the audit log call it
    log_message: Promise  # the Wagtail audit-log sentence
    from_states: frozenset[str]
    to_state: str | None  # None: the item keeps its state
    actor: str  # MODERATOR, AUTHOR or SYSTEM
    needs_reason: bool = False  # a public reason code (and text for "other")
    fixed_reason: str | None = None  # the reason recorded whatever is given
    resolves_reports: bool = False  # open reports on the item are closed
    needs_open_reports: bool = False  # refused when there is no open report
    notify_author: bool = True
    author_message: Promise | None = None  # told when the decision has no public text
    kinds: frozenset[str] = frozenset(KINDS)
    offered: bool = False  # moderators pick it from the queue and the item page
    wrong_state: Promise = CHANGED_MEANWHILE


def _row(name: str, **kwargs) -> tuple[str, Action]:
    return name, Action(name=name, **kwargs)


ACTIONS: dict[str, Action] = dict(
    [
        _row(
            DecisionAction.PUBLISH,
            label=_("Publish"),
            log_message=_("Published by a moderator"),
            from_states=frozenset({State.PENDING}),
            to_state=State.PUBLISHED,
            actor=MODERATOR,
            offered=True,
        ),
        _row(
            DecisionAction.REJECT,
            label=_("Reject"),
            log_message=_("Rejected by a moderator"),
            from_states=frozenset({State.PENDING}),
            to_state=State.REJECTED,
            actor=MODERATOR,
            needs_reason=True,
            offered=True,
        ),
        _row(
            DecisionAction.HIDE,
            label=_("Hide"),
            log_message=_("Hidden by a moderator"),
            from_states=frozenset({State.PUBLISHED}),
            to_state=State.HIDDEN,
            actor=MODERATOR,
            needs_reason=True,
            offered=True,
        ),
        _row(
            DecisionAction.RESTORE,
            label=_("Restore (publish again)"),
            log_message=_("Restored by a moderator"),
            from_states=frozenset({State.HIDDEN}),
            to_state=State.PUBLISHED,
            actor=MODERATOR,
            resolves_reports=True,
            offered=True,
        ),
        _row(
            DecisionAction.DISMISS,
            label=_("Dismiss reports (keep published)"),
            log_message=_("Reports dismissed by a moderator"),
            from_states=frozenset({State.PUBLISHED}),
            to_state=None,
            actor=MODERATOR,
            fixed_reason=ReasonCode.NONE,
            resolves_reports=True,
            needs_open_reports=True,
            author_message=_("Reports about it were reviewed and dismissed."),
            offered=True,
            wrong_state=_("Only reports on published items can be dismissed."),
        ),
        _row(
            DecisionAction.AUTO_HIDE,
            label=_("Moderation: hidden after reports"),
            log_message=_("Hidden automatically after reports"),
            from_states=frozenset({State.PUBLISHED}),
            to_state=State.HIDDEN,
            actor=SYSTEM,
            fixed_reason=ReasonCode.AUTO_HIDDEN,
        ),
        _row(
            DecisionAction.WITHDRAW,
            label=_("Withdraw"),
            log_message=_("Withdrawn by the author"),
            from_states=frozenset({State.PENDING, State.PUBLISHED}),
            to_state=State.WITHDRAWN,
            actor=AUTHOR,
            fixed_reason=ReasonCode.WITHDRAWN,
            notify_author=False,  # the author did it
            kinds=frozenset({PROPOSAL}),
            wrong_state=_("Only pending or published proposals can be withdrawn."),
        ),
        _row(
            DecisionAction.APPEAL_OVERTURNED,
            label=_("Moderation: appeal overturned"),
            log_message=_("Appeal decided: decision overturned"),
            from_states=frozenset({State.REJECTED, State.HIDDEN}),
            to_state=State.PUBLISHED,
            actor=MODERATOR,
            fixed_reason=ReasonCode.NONE,
            resolves_reports=True,
            author_message=_("Your appeal was accepted."),
        ),
        _row(
            DecisionAction.APPEAL_UPHELD,
            label=_("Moderation: appeal upheld"),
            log_message=_("Appeal decided: decision upheld"),
            from_states=frozenset({State.REJECTED, State.HIDDEN}),
            to_state=None,
            actor=MODERATOR,
            author_message=_("Your appeal was rejected."),
        ),
    ]
)
# What a moderator may pick from a menu, in menu order.
OFFERED = tuple(name for name, action in ACTIONS.items() if action.offered)


def offered_actions(state: str) -> list[Action]:
    """The actions a moderator is offered for an item in `state` (queue and item page)."""
    return [ACTIONS[name] for name in OFFERED if state in ACTIONS[name].from_states]


def _parts(item: Item) -> tuple[Proposal, int]:
    proposal = item.parent_proposal
    return proposal, proposal.consultation_id


def _decide(
    action: Action,
    *,
    item: Item,
    actor: User | None,
    reason: str = "",
    text: str = "",
    now: datetime | None = None,
    campaign: str = "",
) -> ModerationDecision:
    """Apply one row of the table to one item. Callers have checked who may take it.

    `campaign` names the possible campaign the item was decided with (audit log data only).
    """
    now = now or timezone.now()
    model = type(item)
    if item.content_kind not in action.kinds:
        raise InvalidInput(_("This action does not apply to this kind of item."))
    current = model.objects.select_for_update().get(pk=item.pk)
    from_state = current.state
    if from_state not in action.from_states:
        raise WrongState(action.wrong_state)
    proposal, consultation_id = _parts(current)
    reason = action.fixed_reason if action.fixed_reason is not None else reason
    to_state = action.to_state or from_state
    if action.to_state is not None:
        updates = {"state": to_state, "public_reason": text}
        if to_state == State.PUBLISHED:
            updates["public_reason"] = ""
            if current.published_at is None:
                updates["published_at"] = now
        if not model.objects.filter(pk=current.pk, state=from_state).update(**updates):
            raise WrongState(action.wrong_state)
        for name, value in updates.items():
            setattr(item, name, value)
            setattr(current, name, value)
        was, is_now = from_state == State.PUBLISHED, to_state == State.PUBLISHED
        if was != is_now:
            published_changed(current, 1 if is_now else -1)
    if action.resolves_reports:
        closed = Report.objects.filter(resolved_at__isnull=True, **current.as_target()).update(
            resolved_at=now
        )
        if action.needs_open_reports and not closed:
            raise WrongState(_("There are no open reports on this item."))
    decision = ModerationDecision.objects.create(
        action=action.name,
        moderator=actor if action.actor == MODERATOR else None,
        consultation_id=consultation_id,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        public_text=text,
        **current.as_target(),
    )
    log(
        instance=current,
        action=LOG_ACTION_PREFIX + action.name,
        user=actor,
        title=item_title(current),
        data={
            "decision": decision.pk,
            "consultation": consultation_id,
            "from": from_state,
            "to": to_state,
            "reason": reason,
            "public_text": text,
            **({"campaign": campaign} if campaign else {}),
        },
    )
    if action.notify_author and current.author_id:
        notify_decision(
            current.author,
            title=proposal.title,
            state=to_state,
            reason=text or str(action.author_message or reason),
            link=proposal_link(proposal),
        )
    return decision


# --- reasons ----------------------------------------------------------------------------


def reason_from_template(
    template: ModerationReason | None, *, code: str = "", extra: str = ""
) -> tuple[str, str]:
    """The (reason code, public text) of a decision: a template's text plus optional words."""
    extra = (extra or "").strip()
    if template is None:
        return code, extra[:PUBLIC_TEXT_MAX]
    base = template.display_text
    text = base if not extra else f"{base} {extra}"
    return template.code, text[:PUBLIC_TEXT_MAX]


def _chosen_reason(action: Action, reason: str, text: str) -> tuple[str, str]:
    """Validate what a moderator gave as the public reason of `action`."""
    text = (text or "").strip()[:PUBLIC_TEXT_MAX]
    if action.fixed_reason is not None:
        return action.fixed_reason, text
    if reason not in ReasonCode.values or reason in {ReasonCode.AUTO_HIDDEN, ReasonCode.WITHDRAWN}:
        raise InvalidInput(_("Choose a reason."), field="reason")
    if action.needs_reason and not reason:
        raise InvalidInput(_("Give a public reason."), field="reason")
    if reason == ReasonCode.OTHER and not text:
        raise InvalidInput(_("Explain the reason."), field="text")
    return reason, text


# --- moderators -------------------------------------------------------------------------


def load_item(kind: str, pk: int) -> Item:
    """The proposal or comment `kind`/`pk` with what moderation needs (NotVisible if absent)."""
    model = {PROPOSAL: Proposal, COMMENT: Comment}.get(kind)
    if model is None:
        raise InvalidInput(_("Unknown kind of item."))
    related = ["consultation"] if model is Proposal else ["proposal__consultation"]
    item = model.objects.select_related(*related).filter(pk=pk).first()
    if item is None:
        raise NotVisible(_("This item does not exist."))
    return item


@transaction.atomic
def moderate(
    *,
    item: Item,
    moderator: User,
    action: str,
    reason: str = "",
    text: str = "",
    template: ModerationReason | None = None,
    now: datetime | None = None,
    campaign: str = "",
) -> ModerationDecision:
    """A moderator of the item's consultation takes one offered action on it.

    Rejecting and hiding need a public reason: a reason template (its text, in the
    moderator's language, plus `text` if given) or a reason code with `text`.
    """
    row = ACTIONS.get(action)
    if row is None or not row.offered:
        raise InvalidInput(_("Unknown moderation action."), field="action")
    rules.check_can_moderate(moderator, item.parent_proposal.consultation)
    if template is not None and row.needs_reason:
        reason, text = reason_from_template(template, extra=text)
    reason, text = _chosen_reason(row, reason, text)
    return _decide(
        row, item=item, actor=moderator, reason=reason, text=text, now=now, campaign=campaign
    )


@dataclass
class BulkResult:
    done: list[ModerationDecision] = field(default_factory=list)
    refused: list[tuple[str, int, str]] = field(default_factory=list)


def bulk_moderate(
    *,
    consultation: ConsultationPage,
    moderator: User,
    action: str,
    items: Iterable[tuple[str, int]],
    reason: str = "",
    text: str = "",
    template: ModerationReason | None = None,
    campaign: str = "",
) -> BulkResult:
    """One action on many items of ONE consultation, each in its own transaction: one
    refusal does not undo the others, and is reported back.

    `campaign`: the key of the possible campaign acted on as a whole, kept in each
    decision's audit-log data.

    Items of another consultation are refused, whatever the moderator's other roles.
    """
    consultation = consultation.canonical
    rules.check_can_moderate(moderator, consultation)
    if action not in OFFERED:
        raise InvalidInput(_("Unknown moderation action."), field="action")
    result = BulkResult()
    for kind, pk in items:
        try:
            item = load_item(kind, pk)
            if item.parent_proposal.consultation_id != consultation.pk:
                raise NotVisible(_("This item does not exist."))
            result.done.append(
                moderate(
                    item=item,
                    moderator=moderator,
                    action=action,
                    reason=reason,
                    text=text,
                    template=template,
                    campaign=campaign,
                )
            )
        except JourneyError as exc:
            result.refused.append((kind, pk, str(exc.message)))
    return result


# --- the author and the crowd -----------------------------------------------------------


@transaction.atomic
def withdraw(*, proposal: Proposal, author: User, now: datetime | None = None) -> Proposal:
    """The author withdraws a pending or published proposal; its supports stay, frozen."""
    rules.check_can_withdraw(author, proposal)
    _decide(ACTIONS[DecisionAction.WITHDRAW], item=proposal, actor=author, now=now)
    return proposal


def auto_hide(*, item: Item, now: datetime | None = None) -> ModerationDecision:
    """Enough distinct citizens reported a published item: it is hidden and waits for a
    moderator. Called by `report_file` inside its transaction, the item locked."""
    decision = _decide(ACTIONS[DecisionAction.AUTO_HIDE], item=item, actor=None, now=now)
    proposal = item.parent_proposal
    notify_pending(proposal.consultation, title=proposal.title)
    return decision


# --- appeals ----------------------------------------------------------------------------


def _last_decision(item: Item) -> ModerationDecision | None:
    return (
        ModerationDecision.objects.filter(to_state=item.state, **item.as_target())
        .order_by("-created_at", "-id")
        .first()
    )


def can_appeal(user: User, item: Item) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and item.author_id == user.pk
        and item.state in {State.REJECTED, State.HIDDEN}
        and not Appeal.objects.filter(**item.as_target()).exists()
    )


@transaction.atomic
def appeal_file(*, author: User, item: Item, text: str) -> Appeal:
    """The author of a rejected or hidden proposal/comment appeals, once, with a text."""
    proposal, consultation_id = _parts(item)
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
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                author=author,
                consultation_id=consultation_id,
                appealed_decision=decision,
                text=text,
                **current.as_target(),
            )
    except IntegrityError as exc:
        raise AlreadyDone(_("This decision has already been appealed.")) from exc
    log(
        instance=current,
        action=LOG_ACTION_PREFIX + LOG_APPEAL,
        user=author,
        title=item_title(current),
        data={"appeal": appeal.pk, "decision": decision.pk, "consultation": consultation_id},
    )
    notify_pending(proposal.consultation, title=proposal.title, exclude=[author])
    return appeal


@transaction.atomic
def appeal_decide(
    *, appeal: Appeal, moderator: User, overturn: bool, text: str = "", now: datetime | None = None
) -> ModerationDecision:
    """A moderator of the consultation, not the one who decided first, decides an appeal.

    Overturned: the item is published again. Upheld: it stays as it is, with the first
    decision's reason. Either way the outcome is a decision like any other.
    """
    now = now or timezone.now()
    appeal = (
        Appeal.objects.select_for_update().select_related("appealed_decision").get(pk=appeal.pk)
    )
    item = appeal.item
    rules.check_can_moderate(moderator, item.parent_proposal.consultation)
    if appeal.state != Appeal.State.PENDING:
        raise AlreadyDone(_("This appeal has already been decided."))
    if appeal.appealed_decision.moderator_id == moderator.pk:
        raise NotAllowed(
            _("Another moderator must decide this appeal: you made the first decision.")
        )
    name = DecisionAction.APPEAL_OVERTURNED if overturn else DecisionAction.APPEAL_UPHELD
    decision = _decide(
        ACTIONS[name],
        item=item,
        actor=moderator,
        reason=appeal.appealed_decision.reason,
        text=(text or "").strip()[:PUBLIC_TEXT_MAX],
        now=now,
    )
    Appeal.objects.filter(pk=appeal.pk, state=Appeal.State.PENDING).update(
        state=Appeal.State.OVERTURNED if overturn else Appeal.State.UPHELD,
        decided_by=moderator,
        decided_at=now,
        decision=decision,
    )
    appeal.refresh_from_db()
    return decision


# --- suspending an author who keeps posting abuse -----------------------------------------


def authored_here(author: User, consultation: ConsultationPage) -> dict[str, list[int]]:
    """Ids of `author`'s published proposals and comments in `consultation`, by kind."""
    return {
        PROPOSAL: list(
            Proposal.objects.filter(
                consultation_id=consultation.pk, author=author, state=State.PUBLISHED
            ).values_list("pk", flat=True)
        ),
        COMMENT: list(
            Comment.objects.filter(
                proposal__consultation_id=consultation.pk, author=author, state=State.PUBLISHED
            ).values_list("pk", flat=True)
        ),
    }


def has_contributed(author: User, consultation: ConsultationPage) -> bool:
    return (
        Proposal.objects.filter(consultation_id=consultation.pk, author=author).exists()
        or Comment.objects.filter(proposal__consultation_id=consultation.pk, author=author).exists()
    )


def suspend_author(
    *,
    consultation: ConsultationPage,
    moderator: User,
    author: User,
    reason: str,
    hide: bool = False,
    template: ModerationReason | None = None,
) -> tuple[Suspension, BulkResult | None]:
    """A moderator of `consultation` suspends an account that posted there (site-wide: it
    can no longer contribute anywhere) and, if asked, hides its published proposals and
    comments of this consultation in the same step, each as a logged "hide" decision."""
    from accounts.services import AccountError, suspend_account

    consultation = consultation.canonical
    rules.check_can_moderate(moderator, consultation)
    if not has_contributed(author, consultation):
        raise NotVisible(_("This person has not contributed to this consultation."))
    if hide and template is None:
        raise InvalidInput(
            _("Choose the public reason shown on the contributions you hide."), field="template"
        )
    try:
        suspension = suspend_account(
            user=author, by=moderator, reason=reason, consultation_id=consultation.pk
        )
    except AccountError as exc:
        raise InvalidInput(exc.message, field=exc.field or "reason") from exc
    result = None
    if hide:
        ids = authored_here(author, consultation)
        result = bulk_moderate(
            consultation=consultation,
            moderator=moderator,
            action=DecisionAction.HIDE,
            items=[(kind, pk) for kind in (PROPOSAL, COMMENT) for pk in ids[kind]],
            template=template,
        )
    return suspension, result
