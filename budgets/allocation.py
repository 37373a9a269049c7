"""How a budget's money is shared out among its projects: the two allocation rules.

This module is plain Python (no Django): it takes the amount, the projects with their costs and
the ballots (each the set of project ids one voter chose) and returns who wins and, for every
project that lost, why. All money is exact (`fractions.Fraction`): a share of 1/3 stays 1/3, so
ties and shares never drift and the same input always gives the same outcome.

The vote order
    Projects are ranked by votes, most first. Equal votes are broken by the lower cost, then by
    the lower project number (`TIE_BREAK_TEXT`). The same order breaks every tie below.

Greedy by votes (`Rule.GREEDY`)
    Take the projects in the vote order. A project is funded when its cost fits the money still
    left; otherwise it is skipped and the next one is tried, so a cheaper project further down
    can still be funded after a dearer one did not fit. A project nobody voted for is never
    funded, even when money is left.

Method of Equal Shares (`Rule.EQUAL_SHARES`)
    Every ballot, an empty one included, gives its voter an equal share of the amount
    (amount / number of ballots). A project can only be bought with the shares of the voters who
    chose it: they split its cost as equally as they can, and a voter whose share is smaller than
    the equal part pays all they have left while the others cover the rest. Round by round, the
    project whose supporters pay the least per unit of what they gain is bought (`Utility.COST`,
    the default: a voter gains the project's cost, so the cheapest price per unit of cost wins;
    `Utility.APPROVAL`: a voter gains 1 for each chosen project, so the lowest payment per
    supporter wins), ties in the vote order. The rounds end when no remaining project can be
    paid for by its own supporters' money.

    Completion (`COMPLETION_TEXT`, the "Add1" method followed by greedy): the equal shares
    usually leave money unspent, so the count is run again from the start with every voter's
    share raised by one currency unit, then by two, and so on, as long as the projects it buys
    still cost no more than the real amount; it stops as soon as no remaining project would fit
    the money left. The last run that stayed within the amount is kept, and any money still left
    goes to the remaining projects in the vote order, each funded when it fits. When the amount
    covers every project that received a vote, the shares are not raised: all of them are funded.

Why a project lost (`Reason`)
    - `did_not_fit` (greedy): it had votes, but when its turn came in the vote order some money
      was left and less than its cost (`money_left_at_turn` holds what was left).
    - `fewer_votes`: no one voted for it; or (greedy) by its turn the money was spent to the
      last unit, so it lost only to projects ahead of it in the vote order, the last winner
      included (more votes, or as many votes and the tie-break).
    - `supporters_could_not_afford` (equal shares): the voters who chose it did not have enough
      of their shares left to pay for it (`supporters_money` holds what they had together at the
      end of the rounds), and the money left over afterwards did not cover it either
      (`money_left_at_turn`).

The money line (`Outcome.money_line`)
    The first project in the vote order that lost although it had votes: where the money first
    ran short. With greedy, cheaper projects below it may still be funded.

How it is computed (the result is the one described above, only reached faster)
    Voters who chose the same projects are counted together, and voters who have paid for the
    same projects so far share one budget. A run also works out how far every share could rise
    before any comparison it made would turn out differently; up to there, a run at a higher
    share buys the same projects in the same order, so the completion goes straight to the first
    whole unit where the outcome may change instead of repeating identical runs. The tests check
    this against a literal voter-by-voter implementation that raises the shares one unit at a
    time.

`CODE_VERSION` changes whenever a rule changes; it is stored with each published allocation so
that a published result can be recomputed with the code that produced it.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

CODE_VERSION = "1"


def _(text: str) -> str:
    """Marks a text for translation without translating it here (the page translates it)."""
    return text


TIE_BREAK_TEXT = _(
    "Ties are broken by the number of votes (more first), then by the cost (lower first), "
    "then by the project number (lower first)."
)
COMPLETION_TEXT = _(
    "Completion: each voter's share is raised by one currency unit at a time as long as the "
    "chosen projects still fit the amount; the money still left then goes to the remaining "
    "projects in the order of their votes."
)


class Rule(StrEnum):
    GREEDY = "greedy"
    EQUAL_SHARES = "equal_shares"


class Utility(StrEnum):
    """What a voter gains from a chosen project, for the Method of Equal Shares."""

    COST = "cost"
    APPROVAL = "approval"


class Reason(StrEnum):
    SELECTED = "selected"
    DID_NOT_FIT = "did_not_fit"
    FEWER_VOTES = "fewer_votes"
    SUPPORTERS_COULD_NOT_AFFORD = "supporters_could_not_afford"


class Stage(StrEnum):
    """Which part of the count funded a project."""

    GREEDY = "greedy"
    EQUAL_SHARES = "equal_shares"
    COMPLETION = "completion"


# What a results page says for each losing reason (the page translates the text).
REASON_TEXT = {
    Reason.DID_NOT_FIT: _("Did not fit the money left when its turn came"),
    Reason.FEWER_VOTES: _("Fewer votes than the last funded project"),
    Reason.SUPPORTERS_COULD_NOT_AFFORD: _("Its supporters' remaining shares could not pay for it"),
}


def as_money(value: int | Decimal | Fraction | str) -> Fraction:
    """An exact amount; floats are refused because they are not exact."""
    if isinstance(value, bool | float):
        raise TypeError(f"money must be exact (int, Decimal, Fraction or str), not {value!r}")
    return Fraction(value)


@dataclass(frozen=True)
class Project:
    id: int
    cost: Fraction

    def __post_init__(self) -> None:
        object.__setattr__(self, "cost", as_money(self.cost))
        if self.cost <= 0:
            raise ValueError(f"project {self.id}: the cost must be above zero")


@dataclass(frozen=True)
class ProjectResult:
    project_id: int
    cost: Fraction
    votes: int
    selected: bool
    reason: Reason
    rank: int  # 1-based position in the vote order
    round: int | None  # 1-based order in which it was funded, None when it lost
    stage: Stage | None  # which part of the count funded it
    money_left_at_turn: Fraction  # real money left just before it was funded or turned down
    supporters_money: Fraction | None = None  # equal shares: its supporters' money, see above
    price_per_supporter: Fraction | None = None  # equal shares: the most one supporter paid


@dataclass(frozen=True)
class MoneyLine:
    """The first project in the vote order that lost although it had votes."""

    rank: int
    votes: int
    money_left: Fraction


@dataclass(frozen=True)
class Outcome:
    rule: Rule
    amount: Fraction
    selected: tuple[int, ...]  # in the order they were funded
    results: dict[int, ProjectResult]
    spent: Fraction
    money_line: MoneyLine | None
    num_voters: int
    utility: Utility | None = None  # equal shares only
    voter_share: Fraction | None = None  # equal shares: each voter's share in the kept run
    share_raised_by: int = 0  # equal shares: currency units added to each share by completion
    code_version: str = field(default=CODE_VERSION)

    @property
    def left(self) -> Fraction:
        return self.amount - self.spent

    def in_vote_order(self) -> list[ProjectResult]:
        return sorted(self.results.values(), key=lambda result: result.rank)


# --- the count ---------------------------------------------------------------------------------


def allocate(
    rule: Rule | str,
    amount: int | Decimal | Fraction | str,
    projects: Iterable[Project],
    ballots: Iterable[Collection[int]],
    *,
    utility: Utility | str = Utility.COST,
) -> Outcome:
    """Count the ballots with the rule; see the module docstring for the rules in words."""
    rule = Rule(rule)
    utility = Utility(utility)
    amount = as_money(amount)
    if amount < 0:
        raise ValueError("the amount cannot be negative")
    by_id: dict[int, Project] = {}
    for project in projects:
        if project.id in by_id:
            raise ValueError(f"project {project.id} is listed twice")
        by_id[project.id] = project
    known = frozenset(by_id)
    kinds: Counter[frozenset[int]] = Counter(frozenset(ballot) for ballot in ballots)
    for chosen in kinds:
        if not chosen <= known:
            raise ValueError(f"a ballot chose unknown projects: {sorted(chosen - known)}")
    votes = dict.fromkeys(by_id, 0)
    for chosen, count in kinds.items():
        for project_id in chosen:
            votes[project_id] += count
    order = sorted(by_id.values(), key=lambda p: (-votes[p.id], p.cost, p.id))
    rank = {project.id: position for position, project in enumerate(order, start=1)}
    num_voters = sum(kinds.values())
    if rule is Rule.GREEDY:
        return _greedy(amount, order, votes, rank, num_voters)
    return _equal_shares(amount, order, votes, rank, kinds, utility)


def _greedy(amount, order, votes, rank, num_voters) -> Outcome:
    left = amount
    results: dict[int, ProjectResult] = {}
    selected: list[int] = []
    for project in order:
        at_turn = left
        funded = votes[project.id] > 0 and project.cost <= left
        if funded:
            selected.append(project.id)
            left -= project.cost
            reason = Reason.SELECTED
        elif votes[project.id] == 0 or left == 0:
            reason = Reason.FEWER_VOTES
        else:
            reason = Reason.DID_NOT_FIT
        results[project.id] = ProjectResult(
            project_id=project.id,
            cost=project.cost,
            votes=votes[project.id],
            selected=funded,
            reason=reason,
            rank=rank[project.id],
            round=len(selected) if funded else None,
            stage=Stage.GREEDY if funded else None,
            money_left_at_turn=at_turn,
        )
    return Outcome(
        rule=Rule.GREEDY,
        amount=amount,
        selected=tuple(selected),
        results=results,
        spent=amount - left,
        money_line=_money_line(order, results),
        num_voters=num_voters,
    )


def _money_line(order, results: dict[int, ProjectResult]) -> MoneyLine | None:
    for project in order:
        result = results[project.id]
        if not result.selected and result.votes > 0:
            return MoneyLine(result.rank, result.votes, result.money_left_at_turn)
    return None


def _until(gap: Fraction, drift: Fraction) -> Fraction | None:
    """How far the shares can rise before a comparison that holds now (gap >= 0) turns.

    gap is the current margin, drift how fast it changes as every share rises by one unit.
    None: it never turns.
    """
    if drift >= 0:
        return None
    return gap / -drift


def _earliest(*candidates: Fraction | None) -> Fraction | None:
    present = [c for c in candidates if c is not None]
    return min(present) if present else None


@dataclass
class _Run:
    """One run of the equal-shares rounds at one voter share.

    Every figure is kept as value + slope: how it changes when every share rises by t. While t
    stays below `until`, every comparison the run made keeps its result, so a run at share + t
    buys the same projects in the same order; its figures are then value + slope * t.
    """

    share: Fraction
    winners: list[tuple[int, Fraction, Fraction, Fraction, Fraction]]
    # (project id, price per supporter and its slope, the supporters' money and its slope)
    cost: Fraction
    exceeded: bool
    class_of: list[int]  # per kind of ballot: its budget class
    values: list[Fraction]  # per budget class: what each of its voters has left
    slopes: list[Fraction]
    until: Fraction | None


class _Shares:
    """The equal-shares rounds on ballots grouped by kind.

    Voters who chose the same projects among those funded so far have always paid the same, so
    they share a budget class; a class splits when a project some of its voters chose is funded.
    A project's price is computed over its supporters' classes, not over single voters, and
    the rounds look only at the projects whose price may have risen (a price never falls as
    budgets shrink).
    """

    def __init__(self, order, votes, kinds: Counter[frozenset[int]], utility: Utility) -> None:
        self.order = [p for p in order if votes[p.id] > 0]
        self.votes = votes
        self.utility = utility
        self.weights = list(kinds.values())
        self.supporters: dict[int, list[int]] = {p.id: [] for p in self.order}
        for kind, chosen in enumerate(kinds):
            for project_id in chosen:
                if project_id in self.supporters:
                    self.supporters[project_id].append(kind)
        self.cost = {p.id: p.cost for p in self.order}

    def price(self, project_id: int, class_of, values, slopes, floats):
        """(price, its slope, money, its slope, until); price None when they cannot pay."""
        weights = self.weights
        per_class: dict[int, int] = {}
        for kind in self.supporters[project_id]:
            klass = class_of[kind]
            per_class[klass] = per_class.get(klass, 0) + weights[kind]
        # float() of a fraction is correctly rounded, hence monotone: sorting on it first gives
        # the exact order while comparing fractions only where the floats are equal.
        groups = [
            (value, slope, count)
            for _f, value, slope, count in sorted(
                (floats[k], values[k], slopes[k], count) for k, count in per_class.items()
            )
        ]
        money = sum((value * count for value, _slope, count in groups), Fraction(0))
        money_slope = sum((slope * count for _value, slope, count in groups), Fraction(0))
        cost = self.cost[project_id]
        if money < cost:
            return None, None, money, money_slope, _until(cost - money, -money_slope)
        until = _until(money - cost, money_slope)
        for (value, slope, _count), (after, after_slope, _c) in itertools.pairwise(groups):
            until = _earliest(until, _until(after - value, after_slope - slope))
        remaining, remaining_slope, payers = cost, Fraction(0), self.votes[project_id]
        for value, slope, count in groups:
            if value * payers >= remaining:
                until = _earliest(
                    until, _until(value * payers - remaining, slope * payers - remaining_slope)
                )
                price, price_slope = remaining / payers, remaining_slope / payers
                return price, price_slope, money, money_slope, until
            until = _earliest(
                until, _until(remaining - value * payers, remaining_slope - slope * payers)
            )
            remaining -= value * count
            remaining_slope -= slope * count
            payers -= count
        raise AssertionError("unreachable: the supporters' money covers the cost")

    def run(self, share: Fraction, limit: Fraction | None = None) -> _Run:
        """The rounds at this share; with a limit, stop once the projects bought cost more."""
        class_of = [0] * len(self.weights)
        values = [share, Fraction(0)]  # class 0: untouched shares, class 1: spent to nothing
        slopes = [Fraction(1), Fraction(0)]
        floats = [float(share), 0.0]
        cost_utility = self.utility is Utility.COST
        until: Fraction | None = None
        heap = []
        for project in self.order:
            votes = self.votes[project.id]
            if share * votes < project.cost:  # even untouched shares cannot pay for it
                until = _earliest(until, _until(project.cost - share * votes, -votes))
                continue
            payment = project.cost / votes
            heap.append(
                (
                    payment / project.cost if cost_utility else payment,
                    -votes,
                    project.cost,
                    project.id,
                )
            )
        heapq.heapify(heap)
        stale_slope: dict[int, Fraction] = {}  # slope of a re-priced project's key in the heap
        winners = []
        spent = Fraction(0)
        while heap:
            _rho, minus_votes, cost, project_id = heapq.heappop(heap)
            stale_slope.pop(project_id, None)
            payment, payment_slope, money, money_slope, turns = self.price(
                project_id, class_of, values, slopes, floats
            )
            until = _earliest(until, turns)
            if payment is None:
                continue  # budgets only shrink: it will not be affordable again in this run
            if cost_utility:
                rho, rho_slope = payment / cost, payment_slope / cost
            else:
                rho, rho_slope = payment, payment_slope
            key = (rho, minus_votes, cost, project_id)
            if heap and key > heap[0]:
                heapq.heappush(heap, key)  # its price rose; another may be cheaper now
                stale_slope[project_id] = rho_slope
                continue
            for other_rho, _v, _c, other_id in heap:  # it stays the cheapest until...
                until = _earliest(
                    until, _until(other_rho - rho, stale_slope.get(other_id, 0) - rho_slope)
                )
            winners.append((project_id, payment, payment_slope, money, money_slope))
            spent += cost
            moved: dict[int, int] = {}
            for kind in self.supporters[project_id]:
                old = class_of[kind]
                new = moved.get(old)
                if new is None:
                    if values[old] < payment:
                        new = 1  # pays all it has left
                    else:
                        left, left_slope = values[old] - payment, slopes[old] - payment_slope
                        if left == 0 and left_slope == 0:
                            new = 1
                        else:
                            new = len(values)
                            values.append(left)
                            slopes.append(left_slope)
                            floats.append(float(left))
                    moved[old] = new
                class_of[kind] = new
            if limit is not None and spent > limit:
                return _Run(share, winners, spent, True, class_of, values, slopes, until)
        return _Run(share, winners, spent, False, class_of, values, slopes, until)

    def supporters_money(self, project_id: int, run: _Run, offset: Fraction) -> Fraction:
        return sum(
            (
                (run.values[run.class_of[kind]] + run.slopes[run.class_of[kind]] * offset)
                * self.weights[kind]
                for kind in self.supporters[project_id]
            ),
            Fraction(0),
        )


def _equal_shares(amount, order, votes, rank, kinds, utility) -> Outcome:
    num_voters = sum(kinds.values())
    shares = _Shares(order, votes, kinds, utility)
    raised = 0  # the kept run is `run` with every share raised by `offset` more units
    offset = Fraction(0)
    run = None
    if num_voters:
        base = amount / num_voters
        run = shares.run(base)
        if sum((p.cost for p in shares.order), Fraction(0)) > amount:
            while not _exhaustive(shares.order, run, amount):
                if run.until is None:
                    break  # cannot happen: raised far enough, every project becomes affordable
                # Every share between here and `until` buys the same projects: skip to the
                # first whole unit where the run may differ, as raising one unit at a time would.
                step = max(1, math.ceil(run.until))
                wider = shares.run(base + raised + step, limit=amount)
                if wider.exceeded or wider.cost > amount:
                    offset = Fraction(step - 1)
                    raised += step - 1
                    break
                run, raised = wider, raised + step

    results: dict[int, ProjectResult] = {}
    selected: list[int] = []
    left = amount
    for project_id, payment, payment_slope, money, money_slope in run.winners if run else []:
        cost = shares.cost[project_id]
        results[project_id] = ProjectResult(
            project_id=project_id,
            cost=cost,
            votes=votes[project_id],
            selected=True,
            reason=Reason.SELECTED,
            rank=rank[project_id],
            round=len(selected) + 1,
            stage=Stage.EQUAL_SHARES,
            money_left_at_turn=left,
            supporters_money=money + money_slope * offset,
            price_per_supporter=payment + payment_slope * offset,
        )
        selected.append(project_id)
        left -= cost
    for project in order:  # completion, then the projects that lost
        if project.id in results:
            continue
        at_turn = left
        if votes[project.id] == 0:
            reason, stage = Reason.FEWER_VOTES, None
        elif project.cost <= left:
            reason, stage = Reason.SELECTED, Stage.COMPLETION
            selected.append(project.id)
            left -= project.cost
        else:
            reason, stage = Reason.SUPPORTERS_COULD_NOT_AFFORD, None
        funded = reason is Reason.SELECTED
        results[project.id] = ProjectResult(
            project_id=project.id,
            cost=project.cost,
            votes=votes[project.id],
            selected=funded,
            reason=reason,
            rank=rank[project.id],
            round=len(selected) if funded else None,
            stage=stage,
            money_left_at_turn=at_turn,
            supporters_money=(
                shares.supporters_money(project.id, run, offset)
                if run is not None and votes[project.id] > 0
                else None
            ),
        )
    return Outcome(
        rule=Rule.EQUAL_SHARES,
        amount=amount,
        selected=tuple(selected),
        results=results,
        spent=amount - left,
        money_line=_money_line(order, results),
        num_voters=num_voters,
        utility=utility,
        voter_share=run.share + offset if run else None,
        share_raised_by=raised,
    )


def _exhaustive(candidates, run: _Run, amount: Fraction) -> bool:
    """No project with votes outside the run fits the money it leaves."""
    left = amount - run.cost
    chosen = {winner[0] for winner in run.winners}
    return all(p.id in chosen or p.cost > left for p in candidates)
