"""What a person may do with a proposal: the proposal page, the list and the services agree.

For every role and phase of the permission matrix (DESIGN.md §4), `rules.proposal_actions`
answers each action; the proposal page offers the action's control exactly when it is allowed,
the list's card offers its buttons (support, withdraw support, edit) under the same rule, and
the service succeeds exactly then. Each service call is rolled back, so the actions are tried
on the same proposal. "supported": the person supports the proposal beforehand (stored
directly, whatever the phase), which is what withdrawing a support needs.
"""

import pytest
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from proposals import rules, services
from proposals.exceptions import JourneyError
from proposals.models import Proposal, Report, Support, SupportBudget
from proposals.tokens import voter_token
from tests.factories import UserFactory, make_consultation, make_proposal
from tests.proposals.test_rules_matrix import PHASES, ROLES, person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# The control each action shows on the proposal page: a form's action or a link's target.
CONTROL = {
    "support": 'action="{}"'.format,
    "withdraw_support": 'action="{}"'.format,
    "edit": 'href="{}"'.format,
    "withdraw": 'href="{}"'.format,  # a link to the confirmation page
    "comment": 'action="{}"'.format,
    "report": 'href="{}"'.format,
    "follow": 'action="{}"'.format,
}
URL_NAME = {
    "support": "support",
    "withdraw_support": "unsupport",
    "edit": "edit",
    "withdraw": "withdraw",
    "comment": "comment",
    "report": "report",
    "follow": "follow",
}
ON_THE_LIST = {"support", "withdraw_support", "edit"}


@pytest.fixture
def english():
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


class Rollback(Exception):
    pass


def service_allows(action: str, user, proposal: Proposal) -> bool:
    """Whether the service does it (then undone, so the next action starts from the same
    state)."""
    proposal = Proposal.objects.select_related("consultation").get(pk=proposal.pk)
    calls = {
        "support": lambda: services.support_cast(citizen=user, proposal=proposal),
        "withdraw_support": lambda: services.support_withdraw(citizen=user, proposal=proposal),
        "edit": lambda: services.proposal_edit(proposal=proposal, editor=user, title="Edited"),
        "withdraw": lambda: services.proposal_withdraw(proposal=proposal, author=user),
        "comment": lambda: services.comment_post(author=user, proposal=proposal, body="Hi"),
        "report": lambda: services.report_file(reporter=user, proposal=proposal, reason="spam"),
        "follow": lambda: services.follow(follower=user, proposal=proposal),
    }
    try:
        with transaction.atomic():
            calls[action]()
            raise Rollback
    except Rollback:
        return True
    except JourneyError:
        return False


def support_directly(user, proposal: Proposal) -> None:
    consultation = proposal.consultation
    Support.objects.create(
        proposal=proposal,
        citizen=user,
        voter_token=voter_token(citizen_id=user.pk, consultation_id=consultation.pk),
    )
    SupportBudget.objects.create(consultation_id=consultation.pk, citizen=user, used=1)
    Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)


@pytest.mark.parametrize("supported", [False, True], ids=["fresh", "supported"])
@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_page_list_and_service_agree(client, role, phase, supported):
    consultation = make_consultation(phase=phase, allow_own_support=True)
    author = UserFactory()
    proposal = make_proposal(consultation, author=author)
    user = person(role, consultation, author)
    if user.is_authenticated:
        client.force_login(user)
        if supported:
            support_directly(user, proposal)
    elif supported:
        pytest.skip("a visitor supports nothing")
    proposal = Proposal.objects.select_related("consultation").get(pk=proposal.pk)

    actions = rules.proposal_actions(user, proposal)
    page = client.get(reverse("proposals:detail", kwargs={"pk": proposal.pk}))
    listing = client.get(reverse("proposals:list", kwargs={"slug": consultation.slug}))
    assert page.status_code == listing.status_code == 200
    page_html, list_html = page.content.decode(), listing.content.decode()
    card_actions = listing.context["actions"][proposal.pk]

    for action, control in CONTROL.items():
        allowed = getattr(actions, action).allowed
        marker = control(reverse(f"proposals:{URL_NAME[action]}", kwargs={"pk": proposal.pk}))
        assert (marker in page_html) == allowed, (action, "page")
        assert getattr(card_actions, action).allowed == allowed, (action, "list")
        if action in ON_THE_LIST:
            assert (marker in list_html) == allowed, (action, "list page")
        assert service_allows(action, user, proposal) == allowed, (action, "service")


def test_an_author_may_report_their_own_proposal_and_the_page_offers_it(client):
    """DESIGN.md §4 gives authors the citizen's "report": the rule, the page and the service
    agree on it."""
    consultation = make_consultation(phase="voting")
    author = UserFactory()
    proposal = make_proposal(consultation, author=author)
    client.force_login(author)
    html = client.get(reverse("proposals:detail", kwargs={"pk": proposal.pk})).content.decode()
    assert reverse("proposals:report", kwargs={"pk": proposal.pk}) in html
    assert rules.proposal_actions(author, proposal).report.allowed
    services.report_file(reporter=author, proposal=proposal, reason="spam")
    assert Report.objects.filter(proposal=proposal, reporter=author).exists()


def test_an_author_may_report_their_own_comment_and_the_page_offers_it(client):
    consultation = make_consultation(phase="voting")
    proposal = make_proposal(consultation)
    author = UserFactory()
    comment = services.comment_post(author=author, proposal=proposal, body="My comment")
    client.force_login(author)
    html = client.get(reverse("proposals:detail", kwargs={"pk": proposal.pk})).content.decode()
    assert reverse("proposals:report_comment", kwargs={"pk": comment.pk}) in html
    services.report_file(reporter=author, comment=comment, reason="spam")
    assert Report.objects.filter(comment=comment, reporter=author).exists()


def test_a_refused_support_shows_the_rules_reason_on_the_page(client):
    consultation = make_consultation(phase="voting", allow_own_support=False)
    author = UserFactory()
    proposal = make_proposal(consultation, author=author)
    client.force_login(author)
    html = client.get(reverse("proposals:detail", kwargs={"pk": proposal.pk})).content.decode()
    reason = rules.proposal_actions(author, proposal).support.message
    assert reason == "You cannot support your own proposal in this consultation."
    assert reason in html
