"""The budgets step of `seed_demo`: a finished, counted budget whose two headings would have
other winners under the other rule, and one budget open for balloting."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from budgets.models import Allocation, Ballot, BudgetHeading
from budgets.results import queries, services
from consultations.models import ConsultationPage
from demo.steps.budgets import FINISHED_SLUG, OPEN_SLUG
from proposals.models import OfficialResponse

pytestmark = pytest.mark.django_db

# Seeded once for the module (tests/conftest.py's `seeded`), each test rolled back after it.
SEED_ARGS = ["--consultations", "2", "--proposals", "5", "--citizens", "3", "--supports", "5"]


def budget(slug: str) -> ConsultationPage:
    return ConsultationPage.objects.get(slug=slug, locale__language_code="en")


def test_the_finished_budget_has_two_counted_headings_and_hundreds_of_ballots(seeded):
    finished = budget(FINISHED_SLUG)
    headings = BudgetHeading.objects.filter(consultation=finished)
    assert headings.count() == 2
    assert queries.is_allocated(finished)
    assert 200 <= Ballot.objects.filter(heading__in=headings).count() <= 1000
    assert timezone.now() >= finished.voting_close


def test_greedy_and_equal_shares_choose_different_winners_in_each_heading(seeded):
    finished = budget(FINISHED_SLUG)
    assert finished.allocation_rule == "equal_shares"
    for heading in BudgetHeading.objects.filter(consultation=finished):
        greedy = set(services.compute(heading, "greedy").selected)
        shares = set(services.compute(heading, "equal_shares").selected)
        assert greedy != shares
        published = Allocation.objects.filter(heading=heading).latest()
        assert (
            set(published.results.filter(selected=True).values_list("project_id", flat=True))
            == shares
        )


def test_reviews_found_projects_feasible_and_not_feasible(seeded):
    finished = budget(FINISHED_SLUG)
    reviews = OfficialResponse.objects.filter(proposal__consultation=finished, live=True)
    assert reviews.filter(feasible=True).count() == 11
    assert reviews.filter(feasible=False).count() == 2
    assert not reviews.filter(feasible=False, proposal__budget_project__isnull=False).exists()


def test_the_open_budget_is_balloting_and_the_demo_citizen_can_still_vote(seeded):
    from accounts.models import User

    open_budget = budget(OPEN_SLUG)
    now = timezone.now()
    assert open_budget.voting_open <= now < open_budget.voting_close
    heading = BudgetHeading.objects.get(consultation=open_budget)
    assert heading.projects.count() == 5
    assert Ballot.objects.filter(heading=heading).count() > 0
    citizen = User.objects.get(email="citizen@example.org")
    assert not Ballot.objects.filter(heading=heading, voter=citizen).exists()
    assert not Allocation.objects.filter(heading=heading).exists()


def test_both_budgets_have_persian_pages_and_results_pages(seeded, client):
    for slug in (FINISHED_SLUG, OPEN_SLUG):
        assert ConsultationPage.objects.filter(slug=slug, locale__language_code="fa").exists()
    english = client.get(f"/en/consultations/{FINISHED_SLUG}/budget/results/")
    persian = client.get(f"/fa/consultations/{FINISHED_SLUG}/budget/results/")
    assert english.status_code == persian.status_code == 200
    assert "could not pay for it" in english.content.decode()


def test_seeding_twice_adds_no_budget(seeded):
    before = (Ballot.objects.count(), Allocation.objects.count())
    call_command("seed_demo", "--force", *SEED_ARGS, stdout=io.StringIO())
    assert (Ballot.objects.count(), Allocation.objects.count()) == before
