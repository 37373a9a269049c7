"""Counting a budget: what is stored, when counting is refused, the task and the audit trail.

The worked example used throughout (greedy, one heading of 100,000):
  projects  A 60,000   B 50,000   C 30,000   D 20,000
  ballots   5 x {A, C}   4 x {B}   3 x {B, C}   (12 ballots)
  votes     C 8, B 7, A 5, D 0  -> the vote order C, B, A, D
  C fits (100,000 -> 70,000 left), B fits (-> 20,000 left), A costs 60,000 > 20,000: did not
  fit with 20,000 left; D has no votes: fewer_votes. Spent 80,000.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from budgets import allocation
from budgets.models import Allocation, AllocationResult
from budgets.results import services
from budgets.results.services import LOG_COUNT, count_closed, count_heading
from proposals.exceptions import NotAllowed, PhaseClosed
from proposals.models import Proposal
from tests.factories import UserFactory, cast_ballots, make_counted_budget, make_counted_project
from tests.proposals.staff import official_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def example():
    budget = make_counted_budget(headings=(("Whole city", 100_000),))
    heading = budget.budget_headings.get()
    a = make_counted_project(heading, cost=60_000, title="A: skate park")
    b = make_counted_project(heading, cost=50_000, title="B: library hours")
    c = make_counted_project(heading, cost=30_000, title="C: bike lanes")
    d = make_counted_project(heading, cost=20_000, title="D: benches")
    cast_ballots(heading, [[a, c]] * 5 + [[b]] * 4 + [[b, c]] * 3)
    return budget, heading, {"A": a, "B": b, "C": c, "D": d}


def results_of(counted: Allocation) -> dict[int, AllocationResult]:
    return {row.project_id: row for row in counted.results.all()}


def test_count_stores_the_rule_version_time_amount_spent_and_ballots(example):
    _budget, heading, _projects = example
    counted = count_heading(heading, "close")
    assert counted.rule == "greedy"
    assert counted.code_version == allocation.CODE_VERSION
    assert counted.amount == Decimal("100000")
    assert counted.spent == Decimal("80000")
    assert counted.ballots == 12
    assert counted.trigger == "close" and counted.requested_by is None
    assert abs(counted.computed_at - timezone.now()) < timedelta(minutes=1)


def test_count_stores_every_project_with_its_reason_in_the_vote_order(example):
    _budget, heading, p = example
    rows = results_of(count_heading(heading, "close"))
    assert [(rows[p[k].pk].rank, rows[p[k].pk].votes) for k in "CBAD"] == [
        (1, 8),
        (2, 7),
        (3, 5),
        (4, 0),
    ]
    assert rows[p["C"].pk].selected and rows[p["B"].pk].selected
    assert rows[p["A"].pk].reason == "did_not_fit"
    assert rows[p["A"].pk].money_left == Decimal("20000")
    assert rows[p["D"].pk].reason == "fewer_votes"


def test_equal_shares_counts_with_the_consultations_rule(example):
    budget, heading, p = example
    type(budget).objects.filter(pk=budget.pk).update(allocation_rule="equal_shares")
    counted = count_heading(heading, "close")
    assert counted.rule == "equal_shares"
    reasons = {row.project_id: row.reason for row in counted.results.all()}
    assert reasons[p["D"].pk] == "fewer_votes"
    assert counted.spent <= counted.amount


def test_an_empty_ballot_counts_as_a_ballot(example):
    _budget, heading, _p = example
    cast_ballots(heading, [[]])
    assert count_heading(heading, "close").ballots == 13


def test_counting_is_refused_while_balloting_is_open():
    budget = make_counted_budget(phase="voting")
    heading = budget.budget_headings.get()
    with pytest.raises(PhaseClosed):
        count_heading(heading, "close")
    assert not Allocation.objects.exists()


def test_counting_never_changes_a_proposals_outcome(example):
    _budget, heading, _p = example
    count_heading(heading, "close")
    assert set(Proposal.objects.values_list("outcome", flat=True)) == {"none"}


def test_a_recount_publishes_a_new_allocation_and_keeps_the_old(example):
    budget, heading, _p = example
    first = count_heading(heading, "close")
    second = count_heading(heading, "staff", official_of(budget))
    assert Allocation.objects.filter(heading=heading).count() == 2
    assert Allocation.objects.filter(heading=heading).latest() == second != first


def test_a_staff_count_records_who_asked_in_the_audit_log(example):
    budget, heading, _p = example
    official = official_of(budget)
    counted = count_heading(heading, "staff", official)
    assert counted.requested_by == official and counted.trigger == "staff"
    entry = ModelLogEntry.objects.get(action=LOG_COUNT)
    assert entry.user_id == official.pk and entry.object_id == str(counted.pk)
    assert entry.data["ballots"] == 12


def test_a_staff_count_by_a_citizen_is_refused(example):
    _budget, heading, _p = example
    with pytest.raises(NotAllowed):
        count_heading(heading, "staff", UserFactory())
    assert not Allocation.objects.exists()


def test_the_task_counts_each_closed_heading_once(example):
    _budget, heading, _p = example
    open_budget = make_counted_budget(title="Still balloting", phase="voting")
    assert count_closed() == 1
    assert count_closed() == 0
    assert Allocation.objects.filter(heading=heading).count() == 1
    assert not Allocation.objects.filter(heading__consultation=open_budget).exists()


def test_the_task_counts_every_heading_of_a_budget():
    budget = make_counted_budget(headings=(("North", 50_000), ("South", 70_000)))
    assert count_closed() == 2
    assert Allocation.objects.filter(heading__consultation=budget).count() == 2


def test_the_command_counts_and_says_how_many(example, capsys):
    from django.core.management import call_command

    call_command("count_budgets")
    assert "1 budget heading counted." in capsys.readouterr().out
    call_command("count_budgets")
    assert "0 budget headings counted." in capsys.readouterr().out


def test_ballots_are_read_without_model_instances(example, django_assert_max_num_queries):
    _budget, heading, _p = example
    with django_assert_max_num_queries(2):
        ballots = list(services.heading_ballots(heading.pk))
    assert sorted(map(len, ballots)) == [1] * 4 + [2] * 8


def test_counting_takes_the_same_queries_whatever_the_ballots(example, django_assert_num_queries):
    _budget, heading, p = example
    with django_assert_num_queries(8) as small:
        count_heading(heading, "close")
    cast_ballots(heading, [[p["A"], p["D"]]] * 40)
    with django_assert_num_queries(len(small.captured_queries)):
        count_heading(heading, "close")
