"""Pre-moderation's trail: a moderator's decision behind each published proposal and each
published citizen's comment, and the moderators' inbox notices for what still waits."""

from datetime import datetime, timedelta

from proposals.models import Comment, ModerationDecision, ModerationState, Notification
from proposals.moderation.models import DecisionAction
from proposals.notifications.services import proposal_link

from ..bulk import insert
from .scope import Drafted, Scope

State = ModerationState


def pending_notes(scope: Scope, title: str, link: str, at: datetime, author_id) -> list:
    """The notice each moderator (but the author) gets when something waits for them."""
    return [
        Notification(
            recipient=moderator,
            kind=Notification.Kind.PENDING,
            params={"title": title, "consultation": scope.consultation.title},
            link=link,
            created_at=at,
            read_at=at + timedelta(hours=3) if scope.rng.random() < 0.5 else None,
        )
        for moderator in scope.moderators
        if moderator.pk != author_id
    ]


def _decision(scope: Scope, at: datetime, **item) -> ModerationDecision:
    return ModerationDecision(
        moderator=scope.moderators[0] if scope.moderators else None,
        consultation=scope.consultation,
        from_state=State.PENDING,
        to_state=State.PUBLISHED,
        action=DecisionAction.PUBLISH,
        created_at=at,
        **item,
    )


def proposals_trail(scope: Scope, drafted: list[Drafted]) -> None:
    if not scope.pre:
        return
    decisions, notes = [], []
    for d in drafted:
        p = d.proposal
        if p.published_at is not None:
            decisions.append(_decision(scope, p.published_at, proposal=p))
        elif p.state == State.PENDING:
            notes += pending_notes(scope, p.title, proposal_link(p), p.created_at, p.author_id)
    insert(ModerationDecision, decisions)
    insert(Notification, notes)
    scope.counts["notifications"] += len(notes)


def comments_trail(scope: Scope, comments: list[Comment]) -> None:
    if not scope.pre:
        return
    staff_ids = scope.moderator_ids | {u.pk for u in scope.officials}
    decisions, notes = [], []
    for comment in comments:
        if comment.state == State.PENDING:
            notes += pending_notes(
                scope,
                comment.proposal.title,
                proposal_link(comment.proposal),
                comment.created_at,
                comment.author_id,
            )
        elif comment.author_id not in staff_ids:
            decisions.append(_decision(scope, comment.published_at, comment=comment))
    insert(ModerationDecision, decisions)
    insert(Notification, notes)
    scope.counts["notifications"] += len(notes)
