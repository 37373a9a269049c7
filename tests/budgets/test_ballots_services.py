"""The ballot writer: cast, change, withdraw, refuse; one ballot per voter and heading."""

from decimal import Decimal

import pytest
from django.db.models import Count

from budgets.ballots import rules
from budgets.ballots.services import ballot_cast, ballot_withdraw
from budgets.models import Ballot, BallotChoice
from proposals.exceptions import InvalidInput, LoginRequired, PhaseClosed
from proposals.tokens import voter_token
from tests.factories import UserFactory, make_budget, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget():
    page = make_budget(headings=(("Whole city", 250_000, None),))
    heading = page.budget_headings.get()
    costs = [90_000, 90_000, 70_000, 100_000]
    projects = [make_project(heading, cost=c, title=f"Project {n}") for n, c in enumerate(costs)]
    return page, heading, projects


def stored(citizen, heading) -> set[int]:
    return set(
        BallotChoice.objects.filter(ballot__voter=citizen, ballot__heading=heading).values_list(
            "project_id", flat=True
        )
    )


def test_a_citizen_casts_a_ballot_that_fits(budget):
    page, heading, projects = budget
    citizen = UserFactory()
    ballot = ballot_cast(
        citizen=citizen, heading=heading, project_ids=[projects[0].pk, projects[2].pk]
    )
    assert stored(citizen, heading) == {projects[0].pk, projects[2].pk}
    assert ballot.voter_token == voter_token(citizen_id=citizen.pk, consultation_id=page.pk)


def test_changing_replaces_the_whole_set_and_keeps_one_ballot(budget):
    _page, heading, projects = budget
    citizen = UserFactory()
    ballot_cast(citizen=citizen, heading=heading, project_ids=[projects[0].pk, projects[1].pk])
    ballot_cast(citizen=citizen, heading=heading, project_ids=[projects[1].pk, projects[3].pk])
    assert stored(citizen, heading) == {projects[1].pk, projects[3].pk}
    assert Ballot.objects.filter(heading=heading, voter=citizen).count() == 1


def test_over_the_amount_is_refused_in_words_and_changes_nothing(budget):
    _page, heading, projects = budget
    citizen = UserFactory()
    ballot_cast(citizen=citizen, heading=heading, project_ids=[projects[0].pk])
    with pytest.raises(rules.OverAmount) as refused:
        ballot_cast(
            citizen=citizen,
            heading=heading,
            project_ids=[projects[0].pk, projects[1].pk, projects[3].pk],
        )
    assert str(refused.value) == (
        "These projects cost 280,000 euros; this heading has 250,000 euros."
    )
    assert stored(citizen, heading) == {projects[0].pk}


def test_exactly_the_amount_fits(budget):
    _page, heading, projects = budget
    citizen = UserFactory()
    ballot_cast(
        citizen=citizen, heading=heading, project_ids=[p.pk for p in projects[:3]]
    )  # 90,000 + 90,000 + 70,000 = 250,000
    assert len(stored(citizen, heading)) == 3


def test_the_minimum_share_is_enforced(budget):
    page, heading, projects = budget
    page.min_share = 50
    page.save(update_fields=["min_share"])
    heading.refresh_from_db()
    citizen = UserFactory()
    with pytest.raises(rules.UnderMinimum, match="at least 125,000 euros"):
        ballot_cast(citizen=citizen, heading=heading, project_ids=[projects[2].pk])
    assert not Ballot.objects.exists()


def test_an_empty_choice_withdraws_the_ballot(budget):
    _page, heading, projects = budget
    citizen = UserFactory()
    ballot_cast(citizen=citizen, heading=heading, project_ids=[projects[0].pk])
    assert ballot_cast(citizen=citizen, heading=heading, project_ids=[]) is None
    assert not Ballot.objects.filter(voter=citizen).exists()
    ballot_withdraw(citizen=citizen, heading=heading)  # nothing left to withdraw: no error
    assert not Ballot.objects.exists()


def test_a_project_of_another_heading_is_refused(budget):
    _page, heading, _projects = budget
    other = make_budget(title="Other budget").budget_headings.get()
    stranger = make_project(other, cost=10_000)
    with pytest.raises(rules.UnknownProject):
        ballot_cast(citizen=UserFactory(), heading=heading, project_ids=[stranger.pk])
    assert not Ballot.objects.exists()


def test_a_hidden_proposal_is_no_longer_on_the_ballot(budget):
    _page, heading, projects = budget
    projects[0].proposal.state = "hidden"
    projects[0].proposal.save(update_fields=["state"])
    with pytest.raises(rules.UnknownProject):
        ballot_cast(citizen=UserFactory(), heading=heading, project_ids=[projects[0].pk])


def test_approval_allows_at_most_max_choices():
    page = make_budget(ballot_rule="approval", max_choices=2)
    heading = page.budget_headings.get()
    projects = [make_project(heading, cost=200_000) for _ in range(3)]
    citizen = UserFactory()
    # Costs do not matter under approval: 400,000 for a heading of 250,000 is fine.
    ballot_cast(citizen=citizen, heading=heading, project_ids=[p.pk for p in projects[:2]])
    with pytest.raises(rules.TooManyChoices, match="at most 2 projects"):
        ballot_cast(citizen=citizen, heading=heading, project_ids=[p.pk for p in projects])
    assert len(stored(citizen, heading)) == 2


def test_outside_balloting_nothing_is_stored():
    page = make_budget(phase="reviewing")
    heading = page.budget_headings.get()
    project = make_project(heading, cost=1_000)
    with pytest.raises(PhaseClosed):
        ballot_cast(citizen=UserFactory(), heading=heading, project_ids=[project.pk])
    assert not Ballot.objects.exists()


def test_an_unconfirmed_account_cannot_vote(budget):
    _page, heading, projects = budget
    with pytest.raises(LoginRequired):
        ballot_cast(
            citizen=UserFactory(verified=False), heading=heading, project_ids=[projects[0].pk]
        )


def test_rules_refuse_an_empty_set_for_a_cast():
    rule = rules.BallotRule(kind="knapsack", amount=Decimal(100), currency="EUR")
    with pytest.raises(InvalidInput):
        rules.check_choice(rule, [])


def test_votes_per_project_equal_the_rows(budget):
    _page, heading, projects = budget
    for n in range(5):
        ballot_cast(
            citizen=UserFactory(), heading=heading, project_ids=[projects[n % 4].pk, projects[2].pk]
        )
    counts = dict(
        BallotChoice.objects.filter(ballot__heading=heading)
        .values_list("project_id")
        .annotate(n=Count("id"))
    )
    assert counts[projects[2].pk] == 5
    assert counts[projects[0].pk] == 2
