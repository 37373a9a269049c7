"""The permission matrix of the feasibility review: role x action x channel.

Roles: an official of the budget ("official"), an official of another consultation
("other_official"), a moderator of the budget, an approver, a citizen. Actions: drafting a
review, approving it, moving a project to another heading, seeing the list of proposals to
review. The budget is in its reviewing phase, so a refusal can only come from the role.
"""

import contextlib
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import Project
from budgets.review import services as review_services
from budgets.review.wagtail_hooks import project_viewset
from proposals.exceptions import JourneyError
from proposals.models import OfficialResponse
from proposals.responses import services as response_services
from proposals.responses.wagtail_hooks import response_viewset
from tests.factories import UserFactory, make_consultation, make_proposal, make_review_budget
from tests.proposals.staff import (  # noqa: F401
    approver,
    english,
    moderator_of,
    official_of,
    staff_admin_backend,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "staff_admin_backend")]

ROLES = ["official", "other_official", "moderator", "approver", "citizen"]
ACTIONS = ["draft_review", "approve_review", "move_project", "see_reviews_to_do"]
CHANNELS = ["service", "http"]


def expected(role: str, action: str) -> bool:
    if action == "approve_review":
        return role == "approver"
    return role == "official"


def person(role: str, budget):
    if role == "official":
        return official_of(budget)
    if role == "other_official":
        return official_of(make_consultation(title="Bike lanes"))
    if role == "moderator":
        return moderator_of(budget)
    if role == "approver":
        return approver()
    return UserFactory()


@pytest.fixture
def budget():
    return make_review_budget(headings=[("Parks", 150000, None), ("Streets", 100000, None)])


def submitted_review(proposal):
    official = official_of(proposal.consultation)
    response = response_services.response_draft(
        proposal=proposal, official=official, feasible=True, cost_estimate=Decimal("5000"), text=""
    )
    response_services.response_submit(response=response, official=official)
    return OfficialResponse.objects.get(pk=response.pk)


def a_project(budget):
    proposal = make_proposal(budget, title="Benches")
    response = submitted_review(proposal)
    response_services.response_approve(response=response, approver=approver())
    return Project.objects.get(proposal=proposal)


def attempt(action: str, channel: str, user, budget, client) -> bool:
    """Try the action; True when it took effect (checked in the database or the answer)."""
    if channel == "http":
        client.force_login(user)
    if action == "draft_review":
        proposal = make_proposal(budget, title="A playground")
        if channel == "service":
            with contextlib.suppress(JourneyError):
                response_services.response_draft(
                    proposal=proposal,
                    official=user,
                    feasible=True,
                    cost_estimate=Decimal("4000"),
                    text="",
                )
        else:
            client.post(
                reverse(response_viewset.get_url_name("add")),
                {
                    "proposal": proposal.pk,
                    "feasible": "True",
                    "cost_estimate": "4000",
                    "text": "",
                    "timeline": "",
                    "department": "",
                    "responsible_official": "",
                    "action-submit": "1",
                },
            )
        return OfficialResponse.objects.filter(proposal=proposal).exists()
    if action == "approve_review":
        response = submitted_review(make_proposal(budget, title="A fountain"))
        if channel == "service":
            with contextlib.suppress(JourneyError):
                response_services.response_approve(response=response, approver=user)
        else:
            task_state = response.current_workflow_task_state
            client.post(
                reverse(
                    response_viewset.get_url_name("workflow_action"),
                    args=[response.pk, "approve", task_state.pk],
                ),
                {"comment": ""},
            )
        return Project.objects.filter(proposal=response.proposal).exists()
    if action == "move_project":
        project = a_project(budget)
        streets = budget.budget_headings.get(name="Streets")
        if channel == "service":
            with contextlib.suppress(JourneyError):
                review_services.project_move(project=project, heading=streets, staff=user)
        else:
            client.post(
                reverse(project_viewset.get_url_name("edit"), args=[project.pk]),
                {"heading": streets.pk},
            )
        return Project.objects.get(pk=project.pk).heading_id == streets.pk
    if action == "see_reviews_to_do":
        make_proposal(budget, title="Waiting for its review")
        if channel == "service":
            from budgets.review.queries import awaiting_review
            from consultations.roles import answered_ids

            return awaiting_review(answered_ids(user)).filter(consultation=budget).exists()
        reply = client.get(reverse("budget_reviews"))
        return reply.status_code == 200 and "Waiting for its review" in reply.content.decode()
    raise AssertionError(action)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_review_matrix(role, action, channel, budget, client):
    user = person(role, budget)
    assert attempt(action, channel, user, budget, client) is expected(role, action)
