"""The citizen cells of the permission matrix (DESIGN.md §4): role by phase by action.

Each cell calls the real service; "allowed" means it succeeded, "refused" means it raised a
domain error. Staff of another consultation count as citizens.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from consultations import roles
from proposals import rules, services
from proposals.exceptions import JourneyError
from proposals.moderation import services as moderation
from tests.factories import UserFactory, grant_role, make_consultation, make_proposal

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "unverified", "citizen", "author", "moderator", "official", "other_staff"]
PHASES = ["upcoming", "collecting", "voting", "deliberating", "closed"]
SIGNED_IN = {"citizen", "author", "moderator", "official", "other_staff"}


def expected(action: str, role: str, phase: str) -> bool:
    if action == "submit":
        return role in SIGNED_IN and phase == "collecting"
    if action == "edit":
        return role == "author" and phase == "collecting"
    if action == "support":
        return role in SIGNED_IN and phase == "voting"
    if action == "comment":
        return role in SIGNED_IN and phase not in {"upcoming", "closed"}
    if action == "report":
        return role in SIGNED_IN
    if action == "moderate":
        return role == "moderator"
    raise AssertionError(action)


def person(role: str, consultation, author):
    if role == "visitor":
        return AnonymousUser()
    if role == "unverified":
        return UserFactory(verified=False)
    if role == "author":
        return author
    user = UserFactory()
    if role in {"moderator", "official"}:
        grant_role(user, role, consultation)
    if role == "other_staff":
        other = make_consultation(title="Another consultation")
        grant_role(user, "moderator", other)
        grant_role(user, "official", other)
    return user


def act(action: str, user, consultation, proposal) -> None:
    if action == "submit":
        services.proposal_submit(author=user, consultation=consultation, title="T", body="B")
    elif action == "edit":
        services.proposal_edit(proposal=proposal, editor=user, title="Edited")
    elif action == "support":
        services.support_cast(citizen=user, proposal=proposal)
    elif action == "comment":
        services.comment_post(author=user, proposal=proposal, body="A comment")
    elif action == "report":
        services.report_file(reporter=user, proposal=proposal, reason="spam")
    elif action == "moderate":
        moderation.moderate(action="hide", item=proposal, moderator=user, reason="spam")


@pytest.mark.parametrize("action", ["submit", "edit", "support", "comment", "report", "moderate"])
@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_matrix(role, phase, action):
    consultation = make_consultation(phase=phase, allow_own_support=True)
    author = UserFactory()
    proposal = make_proposal(consultation, author=author)
    user = person(role, consultation, author)
    try:
        act(action, user, consultation, proposal)
    except JourneyError:
        allowed = False
    else:
        allowed = True
    assert allowed == expected(action, role, phase)


@pytest.mark.parametrize("role", ROLES)
def test_predicates_agree_with_services_while_voting(role):
    consultation = make_consultation(phase="voting", allow_own_support=True)
    author = UserFactory()
    proposal = make_proposal(consultation, author=author)
    user = person(role, consultation, author)
    assert rules.can_support(user, proposal) == expected("support", role, "voting")
    assert rules.can_comment(user, proposal) == expected("comment", role, "voting")
    assert rules.can_moderate(user, consultation) == expected("moderate", role, "voting")


def test_moderated_ids_in_one_query(django_assert_num_queries):
    moderator = UserFactory()
    consultations = [make_consultation(title=f"C{i}") for i in range(3)]
    for consultation in consultations[:2]:
        grant_role(moderator, "moderator", consultation)
    roles.consultation_ids_of(moderator, roles.Role.MODERATOR)  # warms the content type cache
    with django_assert_num_queries(1):
        ids = roles.consultation_ids_of(moderator, roles.Role.MODERATOR)
    assert ids == {c.pk for c in consultations[:2]}
