"""Official responses: drafted by officials, approved by approvers, published with effects."""

import pytest
from wagtail.models import ModelLogEntry

from proposals.exceptions import InvalidInput, NotAllowed
from proposals.models import (
    ConsultationTally,
    Notification,
    OfficialResponse,
    Outcome,
    Proposal,
    ResponseAssignment,
)
from proposals.responses import queries as response_queries
from proposals.responses import services as response_services
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
    return response_services.response_draft(proposal=proposal, official=official, **values)


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
    response_services.response_submit(response=response, official=official)
    with django_capture_on_commit_callbacks(execute=True):
        response_services.response_approve(response=response, approver=approver(), comment="Good")
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
    response_services.response_submit(response=response, official=official)
    response_services.response_approve(response=response, approver=approver())
    draft(proposal, official, outcome=Outcome.IMPLEMENTED)
    response_services.response_submit(response=response, official=official)
    response_services.response_approve(response=response, approver=approver())
    assert ConsultationTally.objects.get(pk=consultation.pk).responses == 1


def test_followers_are_told(proposal, official):
    follower = UserFactory()
    proposal.follows.create(follower=follower)
    response = draft(proposal, official)
    response_services.response_submit(response=response, official=official)
    response_services.response_approve(response=response, approver=approver())
    assert Notification.objects.filter(recipient=follower, kind="response").count() == 1


def test_official_cannot_approve(proposal, official):
    response = draft(proposal, official)
    response_services.response_submit(response=response, official=official)
    with pytest.raises(NotAllowed):
        response_services.response_approve(response=response, approver=official)


def test_rejection_returns_it_with_the_comment(proposal, official):
    response = draft(proposal, official)
    response_services.response_submit(response=response, official=official)
    response_services.response_reject(
        response=response, approver=approver(), comment="Add the cost."
    )
    response = OfficialResponse.objects.get(pk=response.pk)
    state = response.workflow_states.order_by("-id").first()
    assert response.live is False
    assert state.status == state.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Add the cost."


def test_revision_is_reviewed_while_old_stays_live(proposal, official):
    response = draft(proposal, official)
    response_services.response_submit(response=response, official=official)
    response_services.response_approve(response=response, approver=approver())
    draft(proposal, official, outcome=Outcome.IMPLEMENTED, text="Done.")
    response_services.response_submit(response=response, official=official)
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
    response_services.response_submit(response=response, official=official)
    response_services.response_approve(response=response, approver=approver())
    draft(proposal, official, outcome=Outcome.IMPLEMENTED, text="Done.")
    response_services.response_submit(response=response, official=official)
    response_services.response_approve(response=response, approver=approver())
    response = OfficialResponse.objects.get(pk=response.pk)
    assert (response.outcome, response.text) == (Outcome.IMPLEMENTED, "Done.")
    assert len(response_queries.publication_dates(response)) == 2


def test_merged_points_at_the_other_proposal(proposal, official, consultation):
    other = make_proposal(consultation, title="Trees everywhere")
    response = draft(proposal, official, outcome=Outcome.MERGED, merged_into=other)
    response_services.response_submit(response=response, official=official)
    response_services.response_approve(response=response, approver=approver())
    proposal.refresh_from_db()
    assert (proposal.outcome, proposal.merged_into_id) == (Outcome.MERGED, other.pk)


def test_publication_is_in_the_audit_log(proposal, official):
    response = draft(proposal, official)
    response_services.response_submit(response=response, official=official)
    response_services.response_approve(response=response, approver=approver())
    assert ModelLogEntry.objects.filter(object_id=str(response.pk), action="wagtail.publish")


# --- on the public pages ---------------------------------------------------------------------


def publish(proposal, official, **fields):
    response = draft(proposal, official, **fields)
    response_services.response_submit(response=response, official=official)
    response_services.response_approve(response=response, approver=approver())
    return OfficialResponse.objects.get(pk=response.pk)


def detail(client, proposal, language="en"):
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        address = reverse("proposals:detail", args=[proposal.pk])
    return client.get(address).content.decode()


def test_proposal_page_shows_the_live_response(client, proposal, official):
    from consultations.models import Department

    department = Department.objects.create(name="Parks department")
    publish(
        proposal,
        official,
        cost_estimate=12500,
        timeline="Spring 2027",
        department=department,
    )
    html = detail(client, proposal)
    assert "We will plant the trees in spring." in html
    assert "Accepted" in html
    assert "12,500" in html
    assert "Spring 2027" in html
    assert "Parks department" in html
    assert official.display_name in html


def test_proposal_page_keeps_the_old_text_while_a_revision_waits(client, proposal, official):
    publish(proposal, official)
    response = draft(proposal, official, outcome=Outcome.IMPLEMENTED, text="All planted.")
    response_services.response_submit(response=response, official=official)
    html = detail(client, proposal)
    assert "We will plant the trees in spring." in html
    assert "All planted." not in html


def test_proposal_page_shows_the_update_and_the_earlier_version(client, proposal, official):
    import time_machine

    with time_machine.travel("2027-03-01 10:00Z"):
        publish(proposal, official)
    with time_machine.travel("2027-06-15 10:00Z"):
        publish(proposal, official, outcome=Outcome.IMPLEMENTED, text="All planted.")
    html = detail(client, proposal)
    assert "All planted." in html
    assert "Updated on" in html
    assert 'datetime="2027-06-15' in html
    assert "Earlier version (1)" in html
    assert "We will plant the trees in spring." in html  # inside the earlier version


def test_persian_page_shows_jalali_beside_gregorian(client, proposal, official):
    import time_machine

    with time_machine.travel("2027-03-21 10:00Z"):
        publish(proposal, official)
    html = detail(client, proposal, "fa")
    assert "۱۴۰۶" in html  # the Jalali year of 21 March 2027
    assert "2027" in html or "۲۰۲۷" in html


def test_merged_response_links_to_the_surviving_proposal(client, proposal, official, consultation):
    from django.urls import reverse

    survivor = make_proposal(consultation, title="Trees on every street")
    publish(proposal, official, outcome=Outcome.MERGED, merged_into=survivor)
    html = detail(client, proposal)
    assert reverse("proposals:detail", args=[survivor.pk]) in html
    assert "Trees on every street" in html


def test_detail_page_queries_do_not_grow_with_revisions(
    client, proposal, official, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    publish(proposal, official)
    with CaptureQueriesContext(connection) as one:
        detail(client, proposal)
    for text in ["Second.", "Third.", "Fourth."]:
        publish(proposal, official, text=text)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = detail(client, proposal)
    assert "Earlier versions (3)" in html


def test_official_sees_a_link_to_the_editor_on_the_proposal_page(client, proposal, official):
    client.force_login(official)
    html = detail(client, proposal)
    assert "Assign an official response" in html
    response = draft(proposal, official)
    html = detail(client, proposal)
    assert f"/officialresponse/edit/{response.pk}/" in html


def test_citizens_see_no_staff_link(client, proposal, official):
    client.force_login(UserFactory())
    html = detail(client, proposal)
    assert "Assign an official response" not in html
    assert "officialresponse" not in html


def test_tag_in_a_list_makes_no_queries(
    proposal, official, consultation, django_assert_num_queries
):
    from django.template import Context, Template

    publish(proposal, official)
    publish(make_proposal(consultation, title="Benches"), official)
    proposals = list(
        Proposal.objects.filter(consultation=consultation).select_related("official_response")
    )
    template = Template(
        "{% load response_tags %}{% for p in proposals %}{% official_response p True %}{% endfor %}"
    )
    with django_assert_num_queries(0):
        html = template.render(Context({"proposals": proposals}))
    assert html.count("Official response") == 2


# --- "You said, we did" ------------------------------------------------------------------------


def consultation_page(client, consultation, language="en"):
    return client.get(consultation.url).content.decode()


def test_you_said_we_did_is_empty_until_responses_are_published(client, consultation, proposal):
    html = consultation_page(client, consultation)
    assert "You said, we did" in html
    assert "No official responses have been published yet." in html


def test_you_said_we_did_counts_by_outcome_and_share_on_time(
    client, consultation, official, django_assert_max_num_queries
):
    from datetime import timedelta

    from django.utils import timezone

    outcomes = [Outcome.ACCEPTED, Outcome.ACCEPTED, Outcome.REJECTED, Outcome.IMPLEMENTED]
    made = []
    for number in range(len(outcomes)):
        item = make_proposal(consultation, title=f"Idea {number}")
        response_services.assignment_pick(proposal=item, staff=official)
        made.append(item)
    # The first one was due yesterday: answering it now is late.
    ResponseAssignment.objects.filter(proposal=made[0]).update(
        assigned_at=timezone.now() - timedelta(days=40),
        due_at=timezone.now() - timedelta(days=1),
    )
    for item, outcome in zip(made, outcomes, strict=True):
        publish(item, official, outcome=outcome, text=f"Answer to {item.title}.")
    draft(make_proposal(consultation, title="Not yet"), official)  # a draft is not counted
    html = consultation_page(client, consultation)
    assert "4 proposals have an official response." in html
    assert "75% were answered on time (3 of 4)." in html
    assert '<span class="badge badge--accepted">Accepted</span></th><td class="num">2</td>' in html
    assert '<span class="badge badge--rejected">Rejected</span></th><td class="num">1</td>' in html
    assert "Answer to Idea 2." in html
    assert "Not yet" not in html.split('id="you-said-we-did"')[1].split("</section>")[0]


def test_deleting_a_consultation_takes_its_merged_responses_along(consultation, official):
    survivor = make_proposal(consultation, title="Plant trees along the river")
    merged = make_proposal(consultation, title="Trees by the river")
    response = response_services.response_draft(
        proposal=merged,
        official=official,
        outcome=Outcome.MERGED,
        text="Joined with the proposal about the river trees.",
        merged_into=survivor,
    )
    response_services.response_submit(response=response, official=official)
    response_services.response_approve(response=response, approver=approver())

    consultation.delete()

    assert not OfficialResponse.objects.filter(pk=response.pk).exists()
    assert not Proposal.objects.filter(pk__in=[survivor.pk, merged.pk]).exists()


def test_a_proposal_others_were_merged_into_cannot_be_deleted_alone(consultation, official):
    from django.db.models import RestrictedError

    survivor = make_proposal(consultation, title="Plant trees along the river")
    merged = make_proposal(consultation, title="Trees by the river")
    response_services.response_draft(
        proposal=merged,
        official=official,
        outcome=Outcome.MERGED,
        text="Joined with the proposal about the river trees.",
        merged_into=survivor,
    )
    with pytest.raises(RestrictedError):
        survivor.delete()
