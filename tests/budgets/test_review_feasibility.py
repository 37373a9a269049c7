"""Feasibility review of a budget's proposals: the official response editor asks whether a
proposal is feasible, an approver publishes it, and the ballot, the author and the public
page follow."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from budgets.models import Project
from proposals.exceptions import InvalidInput, WrongState
from proposals.models import Notification, OfficialResponse, Outcome
from proposals.responses import services as response_services
from proposals.responses.wagtail_hooks import response_viewset
from tests.factories import (
    AreaFactory,
    UserFactory,
    make_consultation,
    make_proposal,
    make_review_budget,
    publish_review,
)
from tests.proposals.staff import approver, official_of, with_staff_backend

# 12,000 in Persian digits with the Arabic thousands separator.
PERSIAN_12000 = "\u06f1\u06f2\u066c\u06f0\u06f0\u06f0"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _staff_reach_the_admin(settings):
    with_staff_backend(settings)


def url(name, *args):
    return reverse(response_viewset.get_url_name(name), args=args)


@pytest.fixture
def budget():
    return make_review_budget()


@pytest.fixture
def official(budget):
    return official_of(budget)


@pytest.fixture
def the_approver():
    return approver()


@pytest.fixture
def proposal(budget):
    return make_proposal(budget, title="A playground by the river")


def review_form(proposal, **extra):
    data = {
        "proposal": proposal.pk,
        "feasible": "True",
        "text": "",
        "cost_estimate": "12000",
        "timeline": "Six months",
        "department": "",
        "responsible_official": "",
        "action-submit": "1",
    }
    data.update(extra)
    return data


def approve_latest(response, the_approver):
    response_services.response_approve(
        response=OfficialResponse.objects.get(pk=response.pk), approver=the_approver
    )


# --- the editor ---------------------------------------------------------------------------


def test_the_editor_asks_feasible_instead_of_an_outcome_for_a_budget(client, proposal, official):
    client.force_login(official)
    html = client.get(url("add") + f"?proposal={proposal.pk}").content.decode()
    assert "Feasible?" in html
    assert 'name="feasible"' in html
    assert 'name="outcome"' not in html
    assert "Public reason" in html


def test_the_editor_of_an_ideas_consultation_asks_no_feasibility(client):
    ideas = make_consultation(phase="deliberating")
    official = official_of(ideas)
    client.force_login(official)
    html = client.get(url("add") + f"?proposal={make_proposal(ideas).pk}").content.decode()
    assert 'name="outcome"' in html
    assert 'name="feasible"' not in html


def test_an_official_submits_a_feasible_review_and_the_approver_publishes_it(
    client, proposal, official, the_approver
):
    client.force_login(official)
    reply = client.post(url("add"), review_form(proposal))
    assert reply.status_code == 302, reply.content.decode()[:3000]
    response = OfficialResponse.objects.get(proposal=proposal)
    assert response.workflow_in_progress and not response.live
    assert not Project.objects.filter(proposal=proposal).exists()  # not before approval
    approve_latest(response, the_approver)
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.UNDER_REVIEW
    project = Project.objects.get(proposal=proposal)
    assert (project.cost, project.heading.name) == (Decimal("12000"), "City")


def test_a_feasible_review_needs_a_cost_above_zero(client, proposal, official):
    client.force_login(official)
    reply = client.post(url("add"), review_form(proposal, cost_estimate=""))
    assert reply.context["form"].errors["cost_estimate"] == ["A feasible proposal needs its cost."]
    reply = client.post(url("add"), review_form(proposal, cost_estimate="0"))
    assert reply.context["form"].errors["cost_estimate"] == ["The cost must be more than zero."]
    assert not OfficialResponse.objects.filter(proposal=proposal).exists()


def test_a_review_must_say_feasible_or_not(client, proposal, official):
    client.force_login(official)
    reply = client.post(url("add"), review_form(proposal, feasible=""))
    assert reply.context["form"].errors["feasible"] == ["Say whether the proposal is feasible."]


def test_not_feasible_needs_the_public_reason(client, proposal, official):
    client.force_login(official)
    reply = client.post(url("add"), review_form(proposal, feasible="False", cost_estimate=""))
    assert reply.context["form"].errors["text"] == [
        "Give the public reason why the proposal is not feasible."
    ]


def test_not_feasible_rejects_the_proposal_and_keeps_it_off_the_ballot(
    proposal, official, the_approver
):
    publish_review(
        proposal,
        official=official,
        approver=the_approver,
        feasible=False,
        text="The riverbank floods every winter.",
    )
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.REJECTED
    assert not Project.objects.filter(proposal=proposal).exists()


def test_a_not_feasible_revision_takes_the_project_off_the_ballot(proposal, official, the_approver):
    publish_review(proposal, official=official, approver=the_approver, feasible=True, cost=9000)
    assert Project.objects.filter(proposal=proposal).exists()
    publish_review(
        proposal,
        official=official,
        approver=the_approver,
        feasible=False,
        text="Too close to the railway.",
    )
    assert not Project.objects.filter(proposal=proposal).exists()
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.REJECTED


def test_a_new_cost_updates_the_project(proposal, official, the_approver):
    publish_review(proposal, official=official, approver=the_approver, feasible=True, cost=9000)
    publish_review(proposal, official=official, approver=the_approver, feasible=True, cost=11500)
    assert Project.objects.get(proposal=proposal).cost == Decimal("11500")


# --- which heading ------------------------------------------------------------------------


def test_the_project_goes_under_the_heading_of_its_area_else_the_open_one(the_approver):
    north, south, east = AreaFactory(name="North"), AreaFactory(name="South"), AreaFactory()
    budget = make_review_budget(
        headings=[("North", 100000, north), ("Everyone", 100000, None), ("South", 50000, south)],
        areas=[north, south, east],
    )
    official = official_of(budget)
    in_south = make_proposal(budget, title="South bench", area=south)
    in_east = make_proposal(budget, title="East tree", area=east)
    for proposal in (in_south, in_east):
        publish_review(proposal, official=official, approver=the_approver, feasible=True, cost=500)
    assert Project.objects.get(proposal=in_south).heading.name == "South"
    assert Project.objects.get(proposal=in_east).heading.name == "Everyone"


def test_without_an_open_heading_the_project_goes_under_the_first(the_approver):
    north, south = AreaFactory(name="North"), AreaFactory(name="South")
    budget = make_review_budget(
        headings=[("North", 100000, north), ("South", 150000, south)], areas=[north, south]
    )
    proposal = make_proposal(budget, title="A city-wide app")
    publish_review(
        proposal, official=official_of(budget), approver=the_approver, feasible=True, cost=800
    )
    assert Project.objects.get(proposal=proposal).heading.name == "North"


# --- once balloting opened ---------------------------------------------------------------


def test_feasibility_cannot_change_once_balloting_opened(proposal, official, the_approver, budget):
    from tests.factories import review_budget_schedule

    publish_review(proposal, official=official, approver=the_approver, feasible=True, cost=9000)
    type(budget).objects.filter(pk=budget.pk).update(**review_budget_schedule("balloting"))
    with pytest.raises(InvalidInput, match="Balloting has opened"):
        response_services.response_draft(
            proposal=proposal, official=official, feasible=False, text="Changed our mind."
        )
    with pytest.raises(InvalidInput, match="Balloting has opened"):
        response_services.response_draft(
            proposal=proposal,
            official=official,
            feasible=True,
            cost_estimate=Decimal("7000"),
            text="",
        )
    assert Project.objects.get(proposal=proposal).cost == Decimal("9000")


def test_the_wording_may_still_change_once_balloting_opened(
    proposal, official, the_approver, budget
):
    from tests.factories import review_budget_schedule

    publish_review(proposal, official=official, approver=the_approver, feasible=True, cost=9000)
    type(budget).objects.filter(pk=budget.pk).update(**review_budget_schedule("balloting"))
    publish_review(
        proposal,
        official=official,
        approver=the_approver,
        feasible=True,
        cost=9000,
        text="Parks department will build it.",
    )
    live = OfficialResponse.objects.get(proposal=proposal)
    assert live.text == "Parks department will build it."
    assert Project.objects.get(proposal=proposal).cost == Decimal("9000")


def test_approving_a_change_submitted_before_balloting_is_refused_after_it(
    client, proposal, official, the_approver, budget
):
    from tests.factories import review_budget_schedule

    publish_review(proposal, official=official, approver=the_approver, feasible=True, cost=9000)
    response = response_services.response_draft(
        proposal=proposal, official=official, feasible=False, text="Flood zone."
    )
    response_services.response_submit(response=response, official=official)
    type(budget).objects.filter(pk=budget.pk).update(**review_budget_schedule("balloting"))
    with pytest.raises(WrongState, match="Balloting has opened"):
        approve_latest(response, the_approver)
    task_state = OfficialResponse.objects.get(pk=response.pk).current_workflow_task_state
    client.force_login(the_approver)
    reply = client.post(
        url("workflow_action", response.pk, "approve", task_state.pk), {"comment": ""}, follow=True
    )
    assert "Balloting has opened" in reply.content.decode()
    assert Project.objects.filter(proposal=proposal).exists()
    assert OfficialResponse.objects.get(pk=response.pk).feasible is True


# --- the author is told ------------------------------------------------------------------


def _author_message(proposal) -> str:
    return Notification.objects.get(recipient=proposal.author, kind="response").message


def test_the_author_is_told_the_cost_on_the_ballot(proposal, official, the_approver):
    publish_review(proposal, official=official, approver=the_approver, feasible=True, cost=12000)
    assert _author_message(proposal) == (
        "Your proposal “A playground by the river” is on the ballot at a cost of 12,000 euros."
    )
    with translation.override("fa"):
        assert PERSIAN_12000 in _author_message(proposal)


def test_the_author_is_told_why_it_is_not_feasible(proposal, official, the_approver):
    publish_review(
        proposal, official=official, approver=the_approver, feasible=False, text="Flood zone."
    )
    assert _author_message(proposal) == (
        "Your proposal “A playground by the river” was found not feasible: Flood zone."
    )


def test_a_following_author_gets_the_authors_message_and_followers_the_neutral_one(
    proposal, official, the_approver
):
    from proposals.models import Follow

    follower = UserFactory()
    Follow.objects.create(follower=follower, proposal=proposal)
    Follow.objects.create(follower=proposal.author, proposal=proposal)
    publish_review(proposal, official=official, approver=the_approver, feasible=True, cost=500)
    assert _author_message(proposal).startswith("Your proposal")
    told = Notification.objects.get(recipient=follower, kind="response").message
    assert told == "“A playground by the river” is on the ballot at a cost of 500 euros."


# --- the public page ---------------------------------------------------------------------


def test_the_proposal_page_shows_a_feasible_review_with_its_cost(
    client, proposal, official, the_approver
):
    publish_review(
        proposal,
        official=official,
        approver=the_approver,
        feasible=True,
        cost=12000,
        timeline="Six months",
    )
    html = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert "Feasibility review" in html
    assert "is on the ballot at a cost of 12,000 euros." in html
    assert "Six months" in html
    persian = client.get(
        reverse("proposals:detail", args=[proposal.pk]).replace("/en/", "/fa/", 1)
    ).content.decode()
    assert PERSIAN_12000 in persian


def test_the_proposal_page_shows_the_not_feasible_reason(client, proposal, official, the_approver):
    publish_review(
        proposal,
        official=official,
        approver=the_approver,
        feasible=False,
        text="The riverbank floods every winter.",
    )
    html = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert "Not feasible" in html
    assert "The riverbank floods every winter." in html
    assert "on the ballot at a cost" not in html


def test_an_unreviewed_budget_proposal_says_it_waits_for_review(client, proposal):
    html = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert "Not reviewed yet" in html
