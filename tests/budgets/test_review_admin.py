"""Officials in the Wagtail admin: the proposals still to review, and the budget's projects."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from budgets.models import Project
from budgets.review.services import LOG_MOVE
from budgets.review.wagtail_hooks import project_viewset
from proposals.responses import services as response_services
from tests.factories import (
    make_consultation,
    make_proposal,
    make_review_budget,
    publish_review,
    review_budget_schedule,
)
from tests.proposals.staff import approver, official_of, with_staff_backend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _staff_reach_the_admin(settings):
    with_staff_backend(settings)


@pytest.fixture
def budget():
    return make_review_budget(headings=[("Parks", 150000, None), ("Streets", 100000, None)])


@pytest.fixture
def official(budget):
    return official_of(budget)


def project_for(budget, official, title="Benches", cost=5000):
    proposal = make_proposal(budget, title=title)
    publish_review(proposal, official=official, approver=approver(), feasible=True, cost=cost)
    return Project.objects.get(proposal=proposal)


# --- what is left to review ---------------------------------------------------------------


def test_the_review_list_shows_unreviewed_proposals_oldest_first(client, budget, official):
    from datetime import timedelta

    from django.utils import timezone

    from proposals.models import Proposal

    make_proposal(budget, title="Newer: a fountain")
    older = make_proposal(budget, title="Older: a skate park")
    Proposal.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=3))
    reviewed = make_proposal(budget, title="Reviewed: benches")
    publish_review(reviewed, official=official, approver=approver(), feasible=True, cost=100)
    drafted = make_proposal(budget, title="Drafted: lights")
    response_services.response_draft(
        proposal=drafted, official=official, feasible=False, text="No power line."
    )
    ideas = make_consultation(title="Park ideas")
    official_of(ideas, email="x@example.org")
    make_proposal(ideas, title="Ideas: no review")
    client.force_login(official)
    html = client.get(reverse("budget_reviews")).content.decode()
    assert html.index("Older: a skate park") < html.index("Newer: a fountain")
    assert "Drafted: lights" in html and "Continue the review" in html
    assert "Reviewed: benches" not in html
    assert "Ideas: no review" not in html
    assert "(3)" in html


def test_the_review_list_is_for_officials(client, budget):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("budget_reviews")).status_code in (302, 403)


def test_the_review_list_says_when_everything_is_reviewed(client, budget, official):
    client.force_login(official)
    html = client.get(reverse("budget_reviews")).content.decode()
    assert "Every proposal of your budgets has a published review." in html


def test_the_review_list_query_count_does_not_grow(
    client, budget, official, django_assert_max_num_queries
):
    for i in range(12):
        make_proposal(budget, title=f"Proposal {i}")
    client.force_login(official)
    client.get(reverse("budget_reviews"))
    with django_assert_max_num_queries(30):
        reply = client.get(reverse("budget_reviews"))
    assert "Proposal 11" in reply.content.decode()


# --- projects -----------------------------------------------------------------------------


def test_an_official_sees_the_projects_of_their_budget_only(client, budget, official):
    own = project_for(budget, official, title="Benches")
    other_budget = make_review_budget(title="Harbour budget")
    foreign = project_for(other_budget, official_of(other_budget), title="Harbour lights")
    client.force_login(official)
    html = client.get(reverse(project_viewset.get_url_name("index"))).content.decode()
    assert "Benches" in html and "5,000 euros" in html
    assert "Harbour lights" not in html
    edit_foreign = reverse(project_viewset.get_url_name("edit"), args=[foreign.pk])
    assert client.get(edit_foreign).status_code in (302, 403)
    assert own.pk != foreign.pk


def test_an_official_moves_a_project_to_another_heading_and_it_is_logged(client, budget, official):
    project = project_for(budget, official)
    streets = budget.budget_headings.get(name="Streets")
    client.force_login(official)
    reply = client.post(
        reverse(project_viewset.get_url_name("edit"), args=[project.pk]), {"heading": streets.pk}
    )
    assert reply.status_code == 302, reply.content.decode()[:2000]
    project.refresh_from_db()
    assert project.heading == streets
    assert project.cost == Decimal("5000")
    entry = ModelLogEntry.objects.get(action=LOG_MOVE, object_id=str(project.pk))
    assert entry.user == official
    assert entry.data == {"from": "Parks", "to": "Streets"}


def test_only_headings_of_the_same_budget_are_offered(client, budget, official):
    project = project_for(budget, official)
    other = make_review_budget(title="Harbour budget", headings=[("Harbour", 250000, None)])
    client.force_login(official)
    edit = reverse(project_viewset.get_url_name("edit"), args=[project.pk])
    html = client.get(edit).content.decode()
    assert ">Streets<" in html and ">Harbour<" not in html
    harbour = other.budget_headings.get()
    reply = client.post(edit, {"heading": harbour.pk})
    assert reply.status_code == 200
    assert Project.objects.get(pk=project.pk).heading.name == "Parks"


def test_a_project_stays_under_its_heading_once_balloting_opened(client, budget, official):
    project = project_for(budget, official)
    type(budget).objects.filter(pk=budget.pk).update(**review_budget_schedule("balloting"))
    client.force_login(official)
    reply = client.post(
        reverse(project_viewset.get_url_name("edit"), args=[project.pk]),
        {"heading": budget.budget_headings.get(name="Streets").pk},
    )
    assert reply.status_code == 200
    assert reply.context["form"].errors["heading"] == [
        "Balloting has opened: a project stays under its heading."
    ]


def test_no_one_adds_or_deletes_projects_in_the_admin(client, budget, official):
    project = project_for(budget, official)
    client.force_login(official)
    index = client.get(reverse(project_viewset.get_url_name("index"))).content.decode()
    assert reverse(project_viewset.get_url_name("add")) not in index
    reply = client.post(reverse(project_viewset.get_url_name("delete"), args=[project.pk]))
    assert reply.status_code in (302, 403)
    assert Project.objects.filter(pk=project.pk).exists()
