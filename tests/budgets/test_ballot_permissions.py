"""The "ballot" row of the permission matrix (DESIGN.md §4, §9): role by phase, and role by
who may vote (everyone, verified residents, residents of the heading's area).

Each cell calls the real service; "allowed" means the ballot was stored, "refused" means a
domain error was raised and nothing was stored. The page's verdict agrees with the service.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from budgets.ballots import rules
from budgets.ballots.services import ballot_cast
from budgets.models import Ballot
from proposals.exceptions import JourneyError
from tests.factories import (
    AreaFactory,
    UserFactory,
    grant_role,
    make_budget,
    make_consultation,
    make_project,
    make_resident,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "visitor",
    "unverified",
    "citizen",
    "resident_here",
    "resident_elsewhere",
    "moderator",
    "official",
    "other_staff",
]
PHASES = ["upcoming", "collecting", "reviewing", "balloting", "counting"]
WHO = ["everyone", "residents", "area"]  # who the consultation/heading admits


def expected(role: str, phase: str, who: str) -> bool:
    if phase != "balloting" or role in {"visitor", "unverified"}:
        return False
    if who == "residents":
        return role in {"resident_here", "resident_elsewhere"}
    if who == "area":
        return role == "resident_here"
    return True


def person(role: str, consultation, here, elsewhere):
    if role == "visitor":
        return AnonymousUser()
    if role == "unverified":
        return UserFactory(verified=False)
    if role == "resident_here":
        return make_resident(area=here)
    if role == "resident_elsewhere":
        return make_resident(area=elsewhere)
    user = UserFactory()
    if role in {"moderator", "official"}:
        grant_role(user, role, consultation)
    if role == "other_staff":
        other = make_consultation(title="Another consultation")
        grant_role(user, "moderator", other)
        grant_role(user, "official", other)
    return user


def cell(role: str, phase: str, who: str) -> tuple[bool, bool]:
    """(stored by the service, allowed by the page's verdict)."""
    here, elsewhere = AreaFactory(name="North"), AreaFactory(name="South")
    budget = make_budget(
        phase=phase,
        headings=(("District", 100_000, here if who == "area" else None),),
        requires_verified_resident=who == "residents",
    )
    heading = budget.budget_headings.select_related("consultation").get()
    project = make_project(heading, cost=40_000)
    user = person(role, budget, here, elsewhere)
    verdict = bool(rules.ballot_verdict(user, heading))
    try:
        ballot_cast(citizen=user, heading=heading, project_ids=[project.pk])
    except JourneyError:
        assert not Ballot.objects.exists()
        return False, verdict
    return Ballot.objects.filter(heading=heading).count() == 1, verdict


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_ballot_by_role_and_phase(role, phase):
    stored, verdict = cell(role, phase, "everyone")
    assert stored == expected(role, phase, "everyone")
    assert verdict == stored


@pytest.mark.parametrize("who", ["residents", "area"])
@pytest.mark.parametrize("role", ROLES)
def test_ballot_by_role_and_who_may_vote(role, who):
    stored, verdict = cell(role, "balloting", who)
    assert stored == expected(role, "balloting", who)
    assert verdict == stored


def test_a_resident_without_an_area_cannot_vote_under_an_area_heading():
    north = AreaFactory(name="North")
    heading = make_budget(headings=(("North", 100_000, north),)).budget_headings.get()
    project = make_project(heading, cost=1_000)
    with pytest.raises(rules.WrongArea, match="Only verified residents of North"):
        ballot_cast(citizen=make_resident(), heading=heading, project_ids=[project.pk])


def test_a_verified_but_unlocated_citizen_is_told_to_verify_for_a_residents_budget():
    heading = make_budget(requires_verified_resident=True).budget_headings.get()
    project = make_project(heading, cost=1_000)
    with pytest.raises(rules.VerificationRequired, match="Only verified residents"):
        ballot_cast(citizen=UserFactory(), heading=heading, project_ids=[project.pk])
