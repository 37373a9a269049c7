"""Property tests of the ballot rule checker (budgets.ballots.rules.check_choice).

A knapsack ballot is accepted exactly when its costs add up to at most the heading's amount
and to at least its minimum share; an approval ballot exactly when it holds at most
`max_choices` projects. A refusal says which limit was crossed, with the sum in words.
"""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from budgets.ballots import rules
from budgets.money import format_money

cents = st.integers(min_value=1, max_value=50_000_000).map(lambda n: Decimal(n) / 100)
costs_lists = st.lists(cents, min_size=1, max_size=12)


@given(
    costs=costs_lists,
    amount=st.integers(min_value=1, max_value=2_000_000).map(Decimal),
    share=st.integers(min_value=0, max_value=100),
)
def test_knapsack_accepts_exactly_what_fits(costs, amount, share):
    rule = rules.BallotRule(kind="knapsack", amount=amount, currency="EUR", min_share=share)
    total = sum(costs, start=Decimal(0))
    fits = total <= amount and total * 100 >= amount * share
    try:
        rules.check_choice(rule, costs)
    except rules.OverAmount as refused:
        assert total > amount
        assert format_money(total, "EUR") in str(refused)
    except rules.UnderMinimum as refused:
        assert total <= amount and total * 100 < amount * share
        assert format_money(total, "EUR") in str(refused)
    else:
        assert fits
    assert rules.choice_fits(rule, costs) == fits


@given(costs=costs_lists, amount=cents)
def test_a_knapsack_set_that_fits_still_fits_without_any_one_project(costs, amount):
    rule = rules.BallotRule(kind="knapsack", amount=amount, currency="EUR")
    if rules.choice_fits(rule, costs) and len(costs) > 1:
        for index in range(len(costs)):
            assert rules.choice_fits(rule, costs[:index] + costs[index + 1 :])


@given(costs=costs_lists, limit=st.integers(min_value=1, max_value=10))
def test_approval_counts_projects_not_money(costs, limit):
    rule = rules.BallotRule(kind="approval", amount=Decimal(1), currency="EUR", max_choices=limit)
    assert rules.choice_fits(rule, costs) == (len(costs) <= limit)


@given(amount=cents)
def test_the_empty_set_is_never_a_cast(amount):
    for kind in ("knapsack", "approval"):
        rule = rules.BallotRule(kind=kind, amount=amount, currency="EUR", max_choices=3)
        assert not rules.choice_fits(rule, [])
