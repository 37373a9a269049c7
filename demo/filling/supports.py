"""Supports, drawn heavy-tailed (a few proposals and a few people do a lot), inserted in bulk.

The rules are asked, not restated: `proposals.rules` decides who may support which proposal
when (verified residents where required, the voting window, published proposals, one's own
proposal only where allowed), and `proposals.services.supports_left` how many supports each
citizen still has in the consultation (its `max_supports_per_citizen`; None: unlimited).
"Not twice" is the set of pairs drawn, with the database's `support_once` constraint behind
it. Stored counts and budgets come from `demo.recount` afterwards.
"""

from bisect import bisect_right
from collections import defaultdict
from datetime import datetime
from itertools import accumulate

from proposals import rules, services
from proposals.exceptions import JourneyError
from proposals.models import SupportBudget
from proposals.tokens import voter_token

from ..bulk import BATCH, between, insert_supports
from .scope import Drafted, Scope


def _may(check, *args, **kwargs) -> bool:
    try:
        check(*args, **kwargs)
    except JourneyError:
        return False
    return True


def _targets(scope: Scope, drafted: list[Drafted]) -> list[tuple]:
    """(proposal, from, until): proposals published during voting, while they were."""
    vote_start, vote_end = scope.window["voting"]
    targets = []
    for d in drafted:
        p = d.proposal
        if p.published_at is None:
            continue
        start = max(vote_start, p.published_at, p.edited_at or p.published_at)
        end = d.active_until(vote_end)
        if end > start:
            targets.append((p, start, end))
    return targets


def make_supports(scope: Scope, drafted: list[Drafted]) -> None:
    rng, c = scope.rng, scope.consultation
    if not scope.n_supports:
        return
    targets = _targets(scope, drafted)
    if not targets:
        return
    # Who may support at all here (role, residence, phase): asked once per citizen.
    sample, sample_start, _end = targets[0]
    voters = [u for u in scope.citizens if _may(rules.check_can_vote, u, sample, now=sample_start)]
    if not voters:
        return
    if SupportBudget.objects.filter(consultation_id=c.pk).exists():
        left = [services.supports_left(u, c) for u in voters]
    else:
        # Nobody has used any support here yet: everyone has what the first one has.
        left = [services.supports_left(voters[0], c)] * len(voters)
    popularity = list(accumulate(rng.paretovariate(1.2) for _ in targets))
    activity = list(accumulate(rng.paretovariate(1.5) for _ in voters))
    top_p, top_a = popularity[-1], activity[-1]
    n_targets = len(targets)
    pairs: set[int] = set()
    used = [0] * len(voters)
    tokens: dict[int, str] = {}
    times: dict[int, list[datetime]] = defaultdict(list)
    rows: list[tuple] = []
    wanted = scope.n_supports
    attempts = 0
    max_attempts = 8 * wanted + 1000
    while len(pairs) < wanted and attempts < max_attempts:
        attempts += 1
        vi = bisect_right(activity, rng.random() * top_a)
        # Mostly by popularity, partly at random: the popular ones saturate otherwise.
        if rng.random() < 0.7:
            ti = bisect_right(popularity, rng.random() * top_p)
        else:
            ti = rng.randrange(n_targets)
        vi, ti = min(vi, len(voters) - 1), min(ti, n_targets - 1)
        if left[vi] is not None and used[vi] >= left[vi]:
            continue
        key = ti * len(voters) + vi
        if key in pairs:
            continue
        voter = voters[vi]
        proposal, start, end = targets[ti]
        if not rules.can_support(voter, proposal, now=start):
            continue
        pairs.add(key)
        used[vi] += 1
        token = tokens.get(voter.pk)
        if token is None:
            token = tokens[voter.pk] = voter_token(citizen_id=voter.pk, consultation_id=c.pk)
        at = between(rng, start, end, skew=1.6)
        times[ti].append(at)
        rows.append((proposal.pk, voter.pk, token, at))
        if len(rows) >= BATCH * 5:
            insert_supports(rows)
            rows = []
    insert_supports(rows)
    scope.support_times = {targets[ti][0].pk: sorted(ts) for ti, ts in times.items()}
    scope.counts["supports"] += len(pairs)
