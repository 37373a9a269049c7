"""Official responses: drafted by officials, approved by approvers, published with effects."""

import pytest
from wagtail.models import ModelLogEntry

from proposals import responses
from proposals.exceptions import InvalidInput, NotAllowed
from proposals.models import ConsultationTally, Notification, OfficialResponse, Outcome, Proposal
from tests.factories import UserFactory, make_consultation, make_proposal
from tests.proposals.staff import approver, official_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation():
    return make_consultation(phase="deliberating")


@pytest.fixture
def proposal(consultation):
    return make_proposal(consultation)


@pytest.fixture
def official(consultation):
    return official_of(consultation)


def draft(proposal, official, **fields):
    values = {"outcome": Outcome.ACCEPTED, "text": "We will plant the trees in spring."}
    values.update(fields)
    return responses.response_draft(proposal=proposal, official=official, **values)


def test_draft_is_not_live(proposal, official):
    response = draft(proposal, official)
    assert response.live is False
    assert response.latest_revision is not None


def test_official_cannot_publish_without_approval(proposal, official):
    from wagtail.actions.publish_revision import PublishPermissionError

    response = draft(proposal, official)
    with pytest.raises(PublishPermissionError):
        response.latest_revision.publish(user=official)
    assert OfficialResponse.objects.get(pk=response.pk).live is False


def test_official_of_another_consultation_cannot_draft(proposal):
    stranger = official_of(make_consultation(title="Bike lanes"))
    with pytest.raises(NotAllowed):
        draft(proposal, stranger)


def test_merged_needs_a_target(proposal, official):
    with pytest.raises(InvalidInput) as info:
        draft(proposal, official, outcome=Outcome.MERGED)
    assert info.value.field == "merged_into"


def test_approval_publishes_and_notifies_author(
    proposal, official, mailoutbox, django_capture_on_commit_callbacks
):
    response = draft(proposal, official)
    responses.response_submit(response=response, official=official)
    with django_capture_on_commit_callbacks(execute=True):
        responses.response_approve(response=response, approver=approver(), comment="Good")
    response.refresh_from_db()
    proposal.refresh_from_db()
    assert response.live is True
    assert proposal.outcome == Outcome.ACCEPTED
    assert Notification.objects.filter(
        recipient=proposal.author, kind=Notification.Kind.RESPONSE
    ).exists()
    recipients = sorted(address for message in mailoutbox for address in message.to)
    # The author hears of the response; the official who submitted it hears it was approved.
    assert recipients == sorted([proposal.author.email, official.email])


def test_approval_counts_the_response_once(proposal, official, consultation):
    response = draft(proposal, official)
    responses.response_submit(response=response, official=official)
    responses.response_approve(response=response, approver=approver())
    draft(proposal, official, outcome=Outcome.IMPLEMENTED)
    responses.response_submit(response=response, official=official)
    responses.response_approve(response=response, approver=approver())
    assert ConsultationTally.objects.get(pk=consultation.pk).responses == 1


def test_followers_are_told(proposal, official):
    follower = UserFactory()
    proposal.follows.create(follower=follower)
    response = draft(proposal, official)
    responses.response_submit(response=response, official=official)
    responses.response_approve(response=response, approver=approver())
    assert Notification.objects.filter(recipient=follower, kind="response").count() == 1


def test_official_cannot_approve(proposal, official):
    response = draft(proposal, official)
    responses.response_submit(response=response, official=official)
    with pytest.raises(NotAllowed):
        responses.response_approve(response=response, approver=official)


def test_rejection_returns_it_with_the_comment(proposal, official):
    response = draft(proposal, official)
    responses.response_submit(response=response, official=official)
    responses.response_reject(response=response, approver=approver(), comment="Add the cost.")
    response = OfficialResponse.objects.get(pk=response.pk)
    state = response.workflow_states.order_by("-id").first()
    assert response.live is False
    assert state.status == state.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Add the cost."


def test_revision_is_reviewed_while_old_stays_live(proposal, official):
    response = draft(proposal, official)
    responses.response_submit(response=response, official=official)
    responses.response_approve(response=response, approver=approver())
    draft(proposal, official, outcome=Outcome.IMPLEMENTED, text="Done.")
    responses.response_submit(response=response, official=official)
    response = OfficialResponse.objects.get(pk=response.pk)
    assert (response.live, response.outcome, response.text) == (
        True,
        Outcome.ACCEPTED,
        "We will plant the trees in spring.",
    )
    assert response.workflow_in_progress
    assert Proposal.objects.get(pk=proposal.pk).outcome == Outcome.ACCEPTED


def test_approved_revision_replaces_the_live_one(proposal, official):
    response = draft(proposal, official)
    responses.response_submit(response=response, official=official)
    responses.response_approve(response=response, approver=approver())
    draft(proposal, official, outcome=Outcome.IMPLEMENTED, text="Done.")
    responses.response_submit(response=response, official=official)
    responses.response_approve(response=response, approver=approver())
    response = OfficialResponse.objects.get(pk=response.pk)
    assert (response.outcome, response.text) == (Outcome.IMPLEMENTED, "Done.")
    assert len(responses.publication_dates(response)) == 2


def test_merged_points_at_the_other_proposal(proposal, official, consultation):
    other = make_proposal(consultation, title="Trees everywhere")
    response = draft(proposal, official, outcome=Outcome.MERGED, merged_into=other)
    responses.response_submit(response=response, official=official)
    responses.response_approve(response=response, approver=approver())
    proposal.refresh_from_db()
    assert (proposal.outcome, proposal.merged_into_id) == (Outcome.MERGED, other.pk)


def test_publication_is_in_the_audit_log(proposal, official):
    response = draft(proposal, official)
    responses.response_submit(response=response, official=official)
    responses.response_approve(response=response, approver=approver())
    assert ModelLogEntry.objects.filter(object_id=str(response.pk), action="wagtail.publish")
