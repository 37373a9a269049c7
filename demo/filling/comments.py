"""Comments and one level of replies, some by the consultation's officials, while a proposal
is published and comments are open (asked of `proposals.rules.can_comment` at the moment of
each comment). In pre-moderation, citizens' comments wait for a moderator first (some still
do); officials' and moderators' are published at once, as `services.comment_post` does."""

from datetime import datetime, timedelta

from proposals import rules
from proposals.models import Comment, ModerationState, Proposal

from ..bulk import between, insert
from .scope import Drafted, Scope
from .trail import comments_trail
from .words import comment_text

State = ModerationState


def make_comments(scope: Scope, drafted: list[Drafted]) -> None:
    rng = scope.rng
    end = scope.window["comments"][1]
    threads: list[tuple[Comment, bool, datetime]] = []
    for d in drafted:
        p = d.proposal
        if p.published_at is None or p.published_at >= end:
            continue
        until = d.active_until(end)
        for _n in range(min(int(rng.paretovariate(1.3)) - 1, 12)):
            comment = _comment(
                scope, p, d.persian, p.published_at, until, None, official_share=0.08
            )
            if comment is not None:
                threads.append((comment, d.persian, until))
    parents = [thread[0] for thread in threads]
    insert(Comment, parents)
    replies = []
    for parent, persian, until in threads:
        if parent.state != State.PUBLISHED:
            continue  # one can only reply to a published comment
        for _r in range(rng.choice((0, 0, 0, 1, 1, 2))):
            reply = _comment(
                scope, parent.proposal, persian, parent.published_at, until, parent,
                official_share=0.25,
            )  # fmt: skip
            if reply is not None:
                replies.append(reply)
    insert(Comment, replies)
    every = parents + replies
    scope.counts["comments"] += len(every)
    comments_trail(scope, every)


def _comment(
    scope: Scope,
    proposal: Proposal,
    persian: bool,
    since: datetime,
    until: datetime,
    parent: Comment | None,
    *,
    official_share: float,
) -> Comment | None:
    """A comment (or reply) at a moment in [since, until), or None if the rules refuse it."""
    rng = scope.rng
    official = bool(scope.officials) and rng.random() < official_share
    author = rng.choice(scope.officials) if official else rng.choice(scope.citizens)
    at = between(rng, since, max(until, since), skew=1.5)
    if not rules.can_comment(author, proposal, now=at):
        return None
    text = comment_text(rng, persian, reply=parent is not None, official=official)
    staff = official or author.pk in scope.moderator_ids
    pending = scope.pre and not staff and rng.random() < 0.15
    published_at = None
    if not pending:
        delay = timedelta(hours=rng.uniform(1, 20)) if scope.pre and not staff else timedelta(0)
        published_at = min(at + delay, scope.now)
    return Comment(
        proposal=proposal,
        parent=parent,
        author=author,
        body=text,
        is_official=official,
        state=State.PENDING if pending else State.PUBLISHED,
        created_at=at,
        published_at=published_at,
    )
