"""Follows: authors follow their proposals (as on submission); some readers follow others'
proposals or the whole consultation."""

from proposals.models import Follow

from ..bulk import between, insert
from .scope import Drafted, Scope


def make_follows(scope: Scope, drafted: list[Drafted]) -> None:
    rng, c = scope.rng, scope.consultation
    rows = []
    for d in drafted:
        p = d.proposal
        rows.append(Follow(follower_id=p.author_id, proposal=p, created_at=p.created_at))
        if p.published_at is None:
            continue
        for follower in {rng.choice(scope.citizens) for _n in range(rng.choice((0, 0, 1, 2)))}:
            if follower.pk != p.author_id:
                at = between(rng, p.published_at, max(scope.now, p.published_at))
                rows.append(Follow(follower=follower, proposal=p, created_at=at))
    fans = rng.sample(scope.citizens, k=max(1, len(scope.citizens) // 8))
    rows += [Follow(follower=u, consultation=c, created_at=c.proposals_open) for u in fans]
    insert(Follow, rows, ignore_conflicts=True)
    scope.counts["follows"] += len(rows)
