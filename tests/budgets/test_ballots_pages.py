"""The budget's section of its consultation page, and "My ballots" in My activity."""

from html import unescape

import pytest
from django.urls import reverse

from budgets.ballots.services import ballot_cast
from tests.factories import UserFactory, make_budget, make_consultation, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget():
    page = make_budget(
        headings=(("North", 150_000, None), ("South", 100_000, None)),
        allocation_rule="equal_shares",
        min_share=20,
    )
    north, south = page.budget_headings.order_by("sort_order")
    return page, north, south


def test_a_budget_page_shows_its_phase_money_rules_and_headings(client, budget):
    page, north, _south = budget
    html = client.get(page.url).content.decode()
    assert "Participatory budget" in html
    assert "Balloting is open until" in html
    assert "Voting" not in html  # the ideas' phase badge
    assert "Most supported" not in html
    assert "250,000 euros" in html and "150,000 euros" in html and "100,000 euros" in html
    assert "Method of Equal Shares" in html
    assert "choose projects whose costs together fit its amount" in html
    assert "at least 20% of the amount" in html
    ballot = reverse("budgets:ballot", kwargs={"slug": page.slug, "heading_id": north.pk})
    assert ballot in html


def test_the_timeline_speaks_of_balloting_not_supporting(client, budget):
    page, _north, _south = budget
    html = client.get(page.url).content.decode()
    assert "Balloting" in html
    assert "Supporting proposals" not in html
    assert "You can support proposals" not in html
    assert "You can cast and change your ballots until" in html


def test_an_ideas_page_has_no_budget_section(client):
    page = make_consultation(phase="voting")
    html = client.get(page.url).content.decode()
    assert "Participatory budget" not in html
    assert "Supporting proposals" in html


def test_a_citizen_sees_their_own_ballot_status_per_heading(client, budget):
    page, north, _south = budget
    project = make_project(north, cost=50_000)
    citizen = UserFactory()
    ballot_cast(citizen=citizen, heading=north, project_ids=[project.pk])
    client.force_login(citizen)
    html = client.get(page.url).content.decode()
    assert "Your ballot here: 1 project." in html
    assert "Change your ballot" in html
    assert "You have not voted here yet." in html  # South
    assert "Vote" in html


def test_reviewing_says_when_balloting_opens(client):
    page = make_budget(phase="reviewing")
    html = unescape(client.get(page.url).content.decode())
    assert (
        "Officials are reviewing each proposal's feasibility and cost; balloting opens on" in html
    )
    assert "See the projects" in html


def test_my_activity_lists_my_ballots_with_total_and_change_link(client, budget):
    page, north, _south = budget
    projects = [make_project(north, cost=40_000, title="Benches"), make_project(north, cost=30_000)]
    citizen = UserFactory()
    ballot_cast(citizen=citizen, heading=north, project_ids=[p.pk for p in projects])
    client.force_login(citizen)
    html = client.get(reverse("accounts:activity")).content.decode()
    assert "My ballots" in html
    assert "Benches" in html
    assert "Total: 70,000 euros of 150,000 euros" in html
    assert reverse("budgets:ballot", kwargs={"slug": page.slug, "heading_id": north.pk}) in html
    assert "Change ballot" in html


def test_my_activity_without_ballots_says_so(client):
    client.force_login(UserFactory())
    html = client.get(reverse("accounts:activity")).content.decode()
    assert "You have not cast a ballot" in html


def test_the_budget_section_reads_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, budget
):
    page, _north, _south = budget
    citizen = UserFactory()
    client.force_login(citizen)
    client.get(page.url)
    with django_assert_max_num_queries(60) as few:
        client.get(page.url)
    from budgets.models import BudgetHeading

    for n in range(5):
        BudgetHeading.objects.create(consultation=page, name=f"Extra {n}", amount=1000)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(page.url)
