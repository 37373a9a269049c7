"""The two allocation rules on instances worked out by hand, and their properties."""

import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgets.allocation import Project, Reason, Rule, Stage, Utility, allocate
from budgets.pabulib import instance_from_pb, read_pb, write_pb


def projects(*costs):
    """Projects numbered 1, 2, 3... with these costs."""
    return [Project(number, cost) for number, cost in enumerate(costs, start=1)]


def reasons(outcome):
    return {pid: result.reason for pid, result in outcome.results.items()}


# --- greedy ---------------------------------------------------------------------------------


def test_greedy_skips_a_project_that_no_longer_fits_and_funds_a_cheaper_one_below():
    # Amount 100. Votes: 1 (cost 60) 5 votes, 2 (cost 50) 4, 3 (cost 30) 3, 4 (cost 20) none.
    # 1 fits (100 -> 40 left); 2 costs 50 > 40: skipped; 3 costs 30 <= 40: funded (10 left);
    # 4 had no votes, so it is not funded although 20 > 10 would not fit anyway.
    ballots = [{1, 2, 3}] * 3 + [{1, 2}] + [{1}]
    outcome = allocate(Rule.GREEDY, 100, projects(60, 50, 30, 20), ballots)
    assert outcome.selected == (1, 3)
    assert outcome.spent == 90
    assert reasons(outcome) == {
        1: Reason.SELECTED,
        2: Reason.DID_NOT_FIT,
        3: Reason.SELECTED,
        4: Reason.FEWER_VOTES,
    }
    assert outcome.results[2].money_left_at_turn == 40
    assert outcome.money_line.rank == 2
    assert outcome.money_line.votes == 4
    assert outcome.money_line.money_left == 40


def test_greedy_once_the_money_is_spent_to_the_last_unit_a_loser_had_fewer_votes():
    # Amount 100: 1 (60, 3 votes) then 2 (40, 2 votes) spend it all; 3 (10, 1 vote) finds 0.
    ballots = [{1, 2, 3}, {1, 2}, {1}]
    outcome = allocate(Rule.GREEDY, 100, projects(60, 40, 10), ballots)
    assert outcome.selected == (1, 2)
    assert outcome.results[3].reason is Reason.FEWER_VOTES
    assert outcome.results[3].money_left_at_turn == 0


def test_greedy_ties_go_to_the_lower_cost_then_the_lower_project_number():
    # Each project has 2 votes; amount 50 buys only one. 2 and 3 cost 40, 1 costs 45:
    # the cheaper ones come first, and of those the lower number, 2.
    ballots = [{1, 2, 3}, {1, 2, 3}]
    outcome = allocate(Rule.GREEDY, 50, projects(45, 40, 40), ballots)
    assert outcome.selected == (2,)
    assert [r.project_id for r in outcome.in_vote_order()] == [2, 3, 1]
    assert outcome.results[3].reason is Reason.DID_NOT_FIT


def test_a_project_nobody_chose_is_not_funded_even_when_money_is_left():
    for rule in Rule:
        outcome = allocate(rule, 1000, projects(10, 10), [{1}])
        assert outcome.selected == (1,)
        assert outcome.results[2].reason is Reason.FEWER_VOTES
        assert outcome.results[2].votes == 0


def test_no_ballots_funds_nothing():
    for rule in Rule:
        outcome = allocate(rule, 100, projects(10), [])
        assert outcome.selected == ()
        assert outcome.num_voters == 0
        assert outcome.results[1].reason is Reason.FEWER_VOTES


# --- equal shares ---------------------------------------------------------------------------


def test_equal_shares_gives_the_minority_its_project_where_greedy_gives_all_to_the_majority():
    # Amount 100, five voters: three choose 1 (cost 60) and 2 (cost 40), two choose 3 (cost 40).
    # Greedy: 1 and 2 both have 3 votes, 2 is cheaper: 2 (60 left), then 1 (0 left); 3 loses.
    # Equal shares: each voter has 20. With cost utility, 1 and 2 both cost their supporters
    # 1/3 per unit (20 each for 60, 40/3 each for 40); the tie goes to the cheaper, 2. The three
    # pay 40/3 each and keep 20/3 each: 20 together, not enough for 1 (60). The two supporters
    # of 3 pay 20 each (1/2 per unit): 3 is funded. 80 spent, and 1 (60) does not fit the 20
    # left, so the completion adds nothing.
    ballots = [{1, 2}] * 3 + [{3}] * 2
    greedy = allocate(Rule.GREEDY, 100, projects(60, 40, 40), ballots)
    shares = allocate(Rule.EQUAL_SHARES, 100, projects(60, 40, 40), ballots)
    assert greedy.selected == (2, 1)
    assert greedy.results[3].reason is Reason.FEWER_VOTES
    assert shares.selected == (2, 3)
    assert shares.spent == 80
    assert shares.voter_share == 20
    assert shares.share_raised_by == 0
    lost = shares.results[1]
    assert lost.reason is Reason.SUPPORTERS_COULD_NOT_AFFORD
    assert lost.supporters_money == 20
    assert lost.money_left_at_turn == 20
    assert shares.results[2].price_per_supporter == Fraction(40, 3)
    assert shares.results[3].price_per_supporter == 20
    assert shares.results[3].stage is Stage.EQUAL_SHARES


def test_equal_shares_completion_raises_each_share_by_one_unit_while_it_fits():
    # Amount 10, four voters: v1 and v2 choose a (6) and b (4), v3 chooses a and c (4),
    # v4 chooses c. Shares of 10/4 = 2.5: a costs its three supporters 2 each (1/3 per unit),
    # then b's supporters have 0.5 + 0.5 and c's 0.5 + 2.5: neither can pay 4. Only 6 spent and
    # b (4) would fit the 4 left, so each share is raised by 1, to 3.5: a again (2 each),
    # then c: v3 pays its 1.5 and v4 the other 2.5. 10 spent, nothing else fits: stop.
    # Greedy by votes funds a (3 votes) and b (2 votes, ties with c on votes and cost,
    # lower number).
    ballots = [{1, 2}, {1, 2}, {1, 3}, {3}]
    shares = allocate(Rule.EQUAL_SHARES, 10, projects(6, 4, 4), ballots)
    assert shares.selected == (1, 3)
    assert shares.voter_share == Fraction(7, 2)
    assert shares.share_raised_by == 1
    assert shares.results[3].price_per_supporter == Fraction(5, 2)
    assert shares.results[2].reason is Reason.SUPPORTERS_COULD_NOT_AFFORD
    assert shares.results[2].supporters_money == 3  # v1 and v2 kept 1.5 each
    assert allocate(Rule.GREEDY, 10, projects(6, 4, 4), ballots).selected == (1, 2)


def test_equal_shares_raises_the_shares_until_a_lone_supporter_can_pay():
    # Amount 100, two voters with 50 each: v1 chooses 1 (cost 80) and 3 (cost 20), v2 chooses
    # 2 (cost 10) and 4 (cost 60). Every project costs its single supporter 1 per unit, so the
    # vote order decides (1 vote each, cheaper first): 2 (v2 pays 10), 3 (v1 pays 20); v2's 40
    # cannot pay 4 (60) nor v1's 30 pay 1 (80). 30 spent, and 4 (60) would fit the 70 left, so
    # the shares rise: 51 ... 69 buy the same 2 and 3. At 70, v2 has 60 after 2 and buys 4:
    # 90 spent, within the amount, and 1 (80) does not fit the 10 left: stop, raised by 20.
    ballots = [{1, 3}, {2, 4}]
    shares = allocate(Rule.EQUAL_SHARES, 100, projects(80, 10, 20, 60), ballots)
    assert shares.selected == (2, 3, 4)
    assert shares.voter_share == 70
    assert shares.share_raised_by == 20
    assert shares.results[4].stage is Stage.EQUAL_SHARES
    assert shares.results[4].supporters_money == 60
    assert shares.results[4].price_per_supporter == 60
    assert shares.results[4].money_left_at_turn == 70
    lost = shares.results[1]
    assert lost.reason is Reason.SUPPORTERS_COULD_NOT_AFFORD
    assert lost.supporters_money == 50  # v1's 70 less the 20 paid for 3
    assert lost.money_left_at_turn == 10


def test_equal_shares_funds_everything_chosen_when_the_amount_covers_it():
    # 70 + 10 + 20 = 100 fits the amount: v1's share of 50 cannot pay 1 (70) after 3, but the
    # completion funds it with the 70 left, without raising the shares.
    shares = allocate(Rule.EQUAL_SHARES, 100, projects(70, 10, 20), [{1, 3}, {2}])
    assert shares.selected == (2, 3, 1)
    assert shares.results[1].stage is Stage.COMPLETION
    assert shares.share_raised_by == 0


def test_equal_shares_completion_by_votes_when_shares_cannot_help():
    # Amount 30, three voters with 10 each. v1 and v2 choose 1 (cost 25); v3 chooses 2 (cost 5).
    # 1 costs its supporters 12.5 each > 10: not affordable; 2 costs v3 5: funded. The amount
    # covers 1 and 2 together (30), so the shares are not raised: the completion funds 1 with
    # the 25 left.
    ballots = [{1}, {1}, {2}]
    shares = allocate(Rule.EQUAL_SHARES, 30, projects(25, 5), ballots)
    assert shares.selected == (2, 1)
    assert shares.results[1].stage is Stage.COMPLETION
    assert shares.results[1].money_left_at_turn == 25
    assert shares.share_raised_by == 0


def test_cost_and_approval_utility_can_choose_differently():
    # Amount 100, four voters with 25 each; all choose 1 (cost 80), v1 and v2 also 2 (cost 30).
    # Cost utility: 1 costs 20 each for 80 (1/4 per unit), 2 costs 15 each for 30 (1/2): 1 first;
    # then v1 and v2 have 5 each, too little for 2; 20 left < 30. Approval utility: 2 costs 15
    # per supporter, 1 costs 20: 2 first; then 10 + 10 + 25 + 25 = 70 < 80, and 70 left < 80.
    ballots = [{1, 2}, {1, 2}, {1}, {1}]
    by_cost = allocate(Rule.EQUAL_SHARES, 100, projects(80, 30), ballots, utility=Utility.COST)
    by_count = allocate(Rule.EQUAL_SHARES, 100, projects(80, 30), ballots, utility="approval")
    assert by_cost.selected == (1,)
    assert by_count.selected == (2,)
    assert by_count.utility is Utility.APPROVAL


def test_empty_ballots_count_as_voters_and_their_shares_go_to_the_completion():
    # The minority example above with five empty ballots more: ten voters with 10 each. No
    # project's supporters can pay for it (30 < 40, 20 < 40). Raising each share unit by unit:
    # at 14 the three can pay 2 (40/3 each) but nothing else fits the 20... at share 20 the
    # minority pays 3 too, as without the empty ballots: 80 spent, 1 (60) does not fit 20.
    ballots = [{1, 2}] * 3 + [{3}] * 2 + [set()] * 5
    shares = allocate(Rule.EQUAL_SHARES, 100, projects(60, 40, 40), ballots)
    assert shares.num_voters == 10
    assert shares.selected == (2, 3)
    assert shares.voter_share == 20
    assert shares.share_raised_by == 10
    assert allocate(Rule.GREEDY, 100, projects(60, 40, 40), ballots).selected == (2, 1)


# --- input ----------------------------------------------------------------------------------


def test_costs_may_be_decimals_and_stay_exact():
    outcome = allocate(
        Rule.GREEDY,
        Decimal("0.30"),
        [Project(1, Decimal("0.10")), Project(2, Decimal("0.20"))],
        [{1, 2}],
    )
    assert outcome.selected == (1, 2)
    assert outcome.left == 0


def test_floats_unknown_projects_and_repeated_projects_are_refused():
    with pytest.raises(TypeError):
        Project(1, 0.1)
    with pytest.raises(ValueError, match="above zero"):
        Project(1, 0)
    with pytest.raises(ValueError, match="unknown projects"):
        allocate(Rule.GREEDY, 10, projects(5), [{1, 7}])
    with pytest.raises(ValueError, match="twice"):
        allocate(Rule.GREEDY, 10, [Project(1, 5), Project(1, 6)], [])


# --- properties -------------------------------------------------------------------------------


@st.composite
def instances(draw, max_projects=6, max_ballots=9):
    count = draw(st.integers(1, max_projects))
    costs = draw(st.lists(st.integers(1, 20), min_size=count, max_size=count))
    amount = draw(st.integers(0, 60))
    ballots = draw(st.lists(st.sets(st.integers(1, count), max_size=count), max_size=max_ballots))
    return amount, projects(*costs), ballots


rules = st.sampled_from(list(Rule))
utilities = st.sampled_from(list(Utility))


@settings(max_examples=300)
@given(instance=instances(), rule=rules, utility=utilities)
def test_never_spends_more_than_the_amount(instance, rule, utility):
    amount, items, ballots = instance
    outcome = allocate(rule, amount, items, ballots, utility=utility)
    costs = {p.id: p.cost for p in items}
    assert sum(costs[pid] for pid in outcome.selected) == outcome.spent <= amount
    assert {pid for pid, r in outcome.results.items() if r.selected} == set(outcome.selected)


@settings(max_examples=300)
@given(instance=instances(), data=st.data())
def test_greedy_a_winner_still_wins_with_more_votes(instance, data):
    amount, items, ballots = instance
    outcome = allocate(Rule.GREEDY, amount, items, ballots)
    if not outcome.selected:
        return
    winner = data.draw(st.sampled_from(outcome.selected))
    more = [set(b) | {winner} for b in ballots] + [{winner}] * data.draw(st.integers(0, 3))
    assert winner in allocate(Rule.GREEDY, amount, items, more).selected


@settings(max_examples=200)
@given(instance=instances(), rule=rules, utility=utilities, seed=st.integers(0, 2**32))
def test_the_outcome_does_not_depend_on_the_order_of_projects_or_ballots(
    instance, rule, utility, seed
):
    amount, items, ballots = instance
    rng = random.Random(seed)
    shuffled_items = rng.sample(items, len(items))
    shuffled_ballots = [rng.sample(sorted(b), len(b)) for b in rng.sample(ballots, len(ballots))]
    first = allocate(rule, amount, items, ballots, utility=utility)
    again = allocate(rule, amount, shuffled_items, shuffled_ballots, utility=utility)
    assert again == first


@settings(max_examples=150)
@given(instance=instances(), rule=rules)
def test_the_same_outcome_after_a_round_trip_through_a_pb_file(instance, rule):
    amount, items, ballots = instance
    outcome = allocate(rule, amount, items, ballots)
    text = write_pb(
        meta={
            "description": "Round trip; with a semicolon",
            "budget": amount,
            "vote_type": "approval",
            "rule": {"greedy": "greedy", "equal_shares": "equalshares/add1"}[rule],
            "currency": "EUR",
        },
        projects=[
            (p.id, p.cost, outcome.results[p.id].votes, f"Project {p.id}", p.id in outcome.selected)
            for p in items
        ],
        votes=[(f"voter-{n}", sorted(b)) for n, b in enumerate(ballots)],
        num_votes=len(ballots),
    )
    again_amount, again_items, again_ballots, again_rule = instance_from_pb(read_pb(text))
    assert again_rule is rule
    assert allocate(again_rule, again_amount, again_items, again_ballots) == outcome


def reference_equal_shares(amount, items, ballots, utility):
    """Equal shares the slow, literal way: voter by voter, every price every round, shares
    raised one unit at a time. Returns (funded in order, the kept share)."""
    amount = Fraction(amount)
    cost = {p.id: p.cost for p in items}
    votes = {p.id: sum(p.id in b for b in ballots) for p in items}
    order = sorted(cost, key=lambda pid: (-votes[pid], cost[pid], pid))
    supported = [pid for pid in order if votes[pid]]

    def rounds(share):
        budget = [share] * len(ballots)
        funded = []
        while True:
            best = None
            for pid in supported:
                if pid in funded:
                    continue
                payers = [i for i, b in enumerate(ballots) if pid in b]
                if sum(budget[i] for i in payers) < cost[pid]:
                    continue
                remaining, left = cost[pid], len(payers)
                for b in sorted(budget[i] for i in payers):
                    if b * left >= remaining:
                        price = remaining / left
                        break
                    remaining -= b
                    left -= 1
                rho = price / cost[pid] if utility is Utility.COST else price
                key = (rho, -votes[pid], cost[pid], pid)
                if best is None or key < best[0]:
                    best = (key, pid, price, payers)
            if best is None:
                return funded
            _key, pid, price, payers = best
            for i in payers:
                budget[i] -= min(budget[i], price)
            funded.append(pid)

    def spent(funded):
        return sum((cost[pid] for pid in funded), Fraction(0))

    if not ballots:
        return [], None
    share = amount / len(ballots)
    funded = rounds(share)
    if spent(supported) > amount:
        while any(pid not in funded and cost[pid] <= amount - spent(funded) for pid in supported):
            wider = rounds(share + 1)
            if spent(wider) > amount:
                break
            share, funded = share + 1, wider
    for pid in supported:
        if pid not in funded and cost[pid] <= amount - spent(funded):
            funded.append(pid)
    return funded, share


@settings(max_examples=300)
@given(instance=instances(), utility=utilities)
def test_equal_shares_agrees_with_the_literal_method(instance, utility):
    amount, items, ballots = instance
    funded, share = reference_equal_shares(amount, items, ballots, utility)
    outcome = allocate(Rule.EQUAL_SHARES, amount, items, ballots, utility=utility)
    assert list(outcome.selected) == funded
    assert outcome.voter_share == share


@settings(max_examples=40)
@given(instance=instances(max_projects=8, max_ballots=30), utility=utilities)
def test_equal_shares_agrees_with_the_literal_method_on_larger_electorates(instance, utility):
    amount, items, ballots = instance
    funded, share = reference_equal_shares(amount * 5, items, ballots, utility)
    outcome = allocate(Rule.EQUAL_SHARES, amount * 5, items, ballots, utility=utility)
    assert list(outcome.selected) == funded
    assert outcome.voter_share == share
