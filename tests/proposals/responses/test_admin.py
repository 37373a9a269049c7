"""Official responses through the Wagtail admin, over HTTP, as officials and approvers use it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from proposals.models import OfficialResponse, Outcome, ResponseAssignment
from proposals.responses import services as response_services
from proposals.responses.wagtail_hooks import response_viewset
from tests.factories import make_consultation, make_proposal
from tests.proposals.staff import approver, english, official_of, with_staff_backend  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _staff_reach_the_admin(settings):
    with_staff_backend(settings)


def url(name, *args):
    return reverse(response_viewset.get_url_name(name), args=args)


@pytest.fixture
def consultation():
    return make_consultation(phase="deliberating")


@pytest.fixture
def other_consultation():
    return make_consultation(title="Bike lanes", phase="deliberating")


@pytest.fixture
def proposal(consultation):
    return make_proposal(consultation)


@pytest.fixture
def official(consultation):
    return official_of(consultation)


def form_data(proposal, **extra):
    data = {
        "proposal": proposal.pk,
        "outcome": Outcome.ACCEPTED,
        "merged_into": "",
        "text": "We will plant twenty trees next spring.",
        "cost_estimate": "12000",
        "timeline": "Spring 2027",
        "department": "",
        "responsible_official": "",
    }
    data.update(extra)
    return data


def assert_refused(reply, what):
    """Wagtail answers a refused admin view with a redirect to the dashboard (and a message)."""
    if reply.status_code == 302:
        assert reply["Location"] == reverse("wagtailadmin_home"), what
    else:
        assert reply.status_code in (403, 404), what


def drafted(proposal, official, text="We will plant twenty trees next spring."):
    return response_services.response_draft(
        proposal=proposal, official=official, outcome=Outcome.ACCEPTED, text=text
    )


def test_official_drafts_and_submits_from_the_admin(client, proposal, official):
    client.force_login(official)
    reply = client.post(url("add"), {**form_data(proposal), "action-submit": "1"})
    assert reply.status_code == 302, reply.content.decode()[:2000]
    response = OfficialResponse.objects.get(proposal=proposal)
    assert response.live is False
    assert response.workflow_in_progress
    assert response.get_latest_revision_as_object().timeline == "Spring 2027"


def test_official_cannot_publish_through_the_admin(client, proposal, official):
    client.force_login(official)
    client.post(url("add"), {**form_data(proposal), "action-publish": "1"})
    response = OfficialResponse.objects.get(proposal=proposal)
    assert response.live is False
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.NONE


def test_add_view_preselects_the_proposal(client, proposal, official):
    client.force_login(official)
    page = client.get(url("add") + f"?proposal={proposal.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="{proposal.pk}" selected>' in html


def test_official_cannot_answer_a_proposal_of_another_consultation(
    client, official, other_consultation
):
    foreign = make_proposal(other_consultation, title="Paint the lanes")
    client.force_login(official)
    reply = client.post(url("add"), {**form_data(foreign), "action-submit": "1"})
    assert reply.status_code == 200  # the form again, with the error
    assert not OfficialResponse.objects.filter(proposal=foreign).exists()


def test_official_of_another_consultation_is_refused_everywhere(
    client, proposal, official, other_consultation
):
    response = drafted(proposal, official)
    stranger = official_of(other_consultation)
    client.force_login(stranger)
    for name in ["edit", "history", "lock", "unlock", "inspect", "delete", "workflow_history"]:
        try:
            address = url(name, response.pk)
        except Exception:  # noqa: S112 — view not enabled for this snippet
            continue
        assert_refused(client.get(address), name)
    before = response.get_latest_revision_as_object().text
    reply = client.post(url("edit", response.pk), {**form_data(proposal, text="Hijacked")})
    assert_refused(reply, "edit (POST)")
    assert OfficialResponse.objects.get(pk=response.pk).get_latest_revision_as_object().text == (
        before
    )


def test_listing_shows_only_own_consultations(client, proposal, official, other_consultation):
    own = drafted(proposal, official)
    other_official = official_of(other_consultation)
    foreign = drafted(make_proposal(other_consultation, title="Paint the lanes"), other_official)
    client.force_login(official)
    html = client.get(url("list")).content.decode()
    assert url("edit", own.pk) in html
    assert url("edit", foreign.pk) not in html


def test_approver_sees_every_response(client, proposal, official, other_consultation):
    own = drafted(proposal, official)
    foreign = drafted(
        make_proposal(other_consultation, title="Paint the lanes"), official_of(other_consultation)
    )
    client.force_login(approver())
    html = client.get(url("list")).content.decode()
    assert url("inspect", own.pk) in html
    assert url("inspect", foreign.pk) in html


def test_approver_approves_in_the_admin_and_the_response_goes_live(
    client, proposal, official, mailoutbox, django_capture_on_commit_callbacks
):
    response = drafted(proposal, official)
    response_services.response_submit(response=response, official=official)
    task_state = OfficialResponse.objects.get(pk=response.pk).current_workflow_task_state
    client.force_login(approver())
    assert client.get(url("edit", response.pk)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        reply = client.post(
            url("workflow_action", response.pk, "approve", task_state.pk), {"comment": "Fine"}
        )
    assert reply.status_code in (200, 302)
    response.refresh_from_db()
    proposal.refresh_from_db()
    assert response.live is True
    assert proposal.outcome == Outcome.ACCEPTED
    assert proposal.author.email in [address for m in mailoutbox for address in m.to]


def test_approver_opens_a_waiting_response_from_the_dashboard(client, proposal, official):
    response = drafted(proposal, official)
    client.force_login(approver())
    assert client.get(url("edit", response.pk)).status_code != 200  # not waiting: no editor
    response_services.response_submit(response=response, official=official)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'href="{url("edit", response.pk)}"' in dashboard
    assert client.get(url("edit", response.pk)).status_code == 200


def test_approver_rejects_with_a_comment_in_the_admin(client, proposal, official):
    response = drafted(proposal, official)
    response_services.response_submit(response=response, official=official)
    task_state = OfficialResponse.objects.get(pk=response.pk).current_workflow_task_state
    client.force_login(approver())
    client.post(
        url("workflow_action", response.pk, "reject", task_state.pk),
        {"comment": "Give the cost, please."},
    )
    state = WorkflowState.objects.for_instance(response).order_by("-id").first()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Give the cost, please."
    # The official sees the comment when they open the response again.
    client.force_login(official)
    assert "Give the cost, please." in client.get(url("edit", response.pk)).content.decode()


def test_official_cannot_approve_through_the_admin(client, proposal, official):
    response = drafted(proposal, official)
    response_services.response_submit(response=response, official=official)
    task_state = OfficialResponse.objects.get(pk=response.pk).current_workflow_task_state
    client.force_login(official)
    reply = client.post(url("workflow_action", response.pk, "approve", task_state.pk), {})
    assert reply.status_code in (302, 403)
    assert OfficialResponse.objects.get(pk=response.pk).live is False


# --- assignments list and dashboard ----------------------------------------------------------


def _assignment(proposal, *, due_in_days, official=None):
    now = timezone.now()
    assignment = response_services.assignment_pick(
        proposal=proposal, staff=official, official=official
    )
    ResponseAssignment.objects.filter(pk=assignment.pk).update(
        assigned_at=now - timedelta(days=30), due_at=now + timedelta(days=due_in_days)
    )
    return assignment


def test_overdue_list_shows_late_assignments_of_own_consultations(
    client, consultation, official, other_consultation
):
    late = make_proposal(consultation, title="Late benches")
    later = make_proposal(consultation, title="Fountain next month")
    _assignment(late, due_in_days=-2, official=official)
    _assignment(later, due_in_days=20, official=official)
    other_official = official_of(other_consultation)
    _assignment(
        make_proposal(other_consultation, title="Foreign late lane"),
        due_in_days=-5,
        official=other_official,
    )
    client.force_login(official)
    html = client.get(reverse("response_assignments")).content.decode()
    assert "Late benches" in html
    assert "Fountain next month" not in html
    assert "Foreign late lane" not in html
    assert url("add") + f"?proposal={late.pk}" in html.replace("&amp;", "&")


def test_assignment_list_is_refused_to_citizens(client, django_user_model):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("response_assignments")).status_code in (302, 403)


def test_dashboard_panel_lists_late_and_soon(client, consultation, official):
    _assignment(
        make_proposal(consultation, title="Late benches"), due_in_days=-1, official=official
    )
    _assignment(make_proposal(consultation, title="Soon lights"), due_in_days=2, official=official)
    client.force_login(official)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Official responses: deadlines" in html
    assert "Late benches" in html
    assert "Soon lights" in html


def test_pick_from_the_proposal_page_creates_an_assignment(client, proposal, official):
    client.force_login(official)
    reply = client.post(reverse("response:pick", args=[proposal.pk]))
    assert reply.status_code == 302
    assert reply["Location"].endswith(f"?proposal={proposal.pk}")
    assignment = ResponseAssignment.objects.get(proposal=proposal)
    assert assignment.reason == ResponseAssignment.Reason.PICKED
    assert assignment.official == official


def test_pick_is_refused_to_an_official_of_another_consultation(
    client, proposal, other_consultation
):
    client.force_login(official_of(other_consultation))
    reply = client.post(reverse("response:pick", args=[proposal.pk]))
    assert reply.status_code == 403
    assert not ResponseAssignment.objects.filter(proposal=proposal).exists()


def submitted(proposal, official):
    response = drafted(proposal, official)
    response_services.response_submit(response=response, official=official)
    return response


def editor_data(proposal, action_name, **extra):
    """What the editor posts when an approver clicks a workflow action in its action menu."""
    return {
        **form_data(proposal, **extra),
        "action-workflow-action": "true",
        "workflow-action-name": action_name,
    }


def test_approver_approves_from_the_edit_form(
    client, proposal, official, mailoutbox, django_capture_on_commit_callbacks
):
    """The approver completes the cost and timeline in the editor, then clicks Approve: what
    they approved is what goes live."""
    response = submitted(proposal, official)
    client.force_login(approver())
    with django_capture_on_commit_callbacks(execute=True):
        reply = client.post(url("edit", response.pk), editor_data(proposal, "approve"), follow=True)
    assert "Approved and published: " in reply.content.decode()
    response.refresh_from_db()
    assert response.live is True
    assert not response.workflow_in_progress
    assert response.timeline == "Spring 2027"
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.ACCEPTED
    assert proposal.author.email in [address for m in mailoutbox for address in m.to]


def test_approving_an_unchanged_form_adds_no_revision(client, proposal, official):
    response = submitted(proposal, official)
    revisions = response.revisions.count()
    client.force_login(approver())
    data = editor_data(
        proposal, "approve", cost_estimate="", timeline="", responsible_official=official.pk
    )
    client.post(url("edit", response.pk), data)
    response.refresh_from_db()
    assert response.live is True
    assert response.revisions.count() == revisions


def test_approver_approves_with_a_comment_from_the_edit_form(client, proposal, official):
    response = submitted(proposal, official)
    client.force_login(approver())
    data = editor_data(proposal, "approve", **{"workflow-action-extra-data": '{"comment": "Ok"}'})
    client.post(url("edit", response.pk), data)
    state = WorkflowState.objects.for_instance(response).order_by("-id").first()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert state.current_task_state.comment == "Ok"
    assert OfficialResponse.objects.get(pk=response.pk).live is True


def test_approver_asks_for_changes_from_the_edit_form(client, proposal, official):
    response = submitted(proposal, official)
    client.force_login(approver())
    extra = {"workflow-action-extra-data": '{"comment": "Give the cost, please."}'}
    reply = client.post(url("edit", response.pk), editor_data(proposal, "reject", **extra))
    assert reply.status_code == 302
    state = WorkflowState.objects.for_instance(response).order_by("-id").first()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Give the cost, please."
    assert OfficialResponse.objects.get(pk=response.pk).live is False
    client.force_login(official)
    assert "Give the cost, please." in client.get(url("edit", response.pk)).content.decode()


def test_official_cannot_approve_from_the_edit_form(client, proposal, official):
    response = submitted(proposal, official)
    client.force_login(official)
    client.post(url("edit", response.pk), editor_data(proposal, "approve"))
    response = OfficialResponse.objects.get(pk=response.pk)
    assert response.live is False
    assert response.current_workflow_task_state.status == "in_progress"
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.NONE


# --- unpublishing -----------------------------------------------------------------------------


def published(proposal, official):
    response = submitted(proposal, official)
    response_services.response_approve(response=response, approver=approver())
    return OfficialResponse.objects.get(pk=response.pk)


def test_approver_cannot_take_a_published_response_offline(client, proposal, official):
    response = published(proposal, official)
    # A revision waiting for review gives the approver the editor; still not the unpublish.
    drafted(proposal, official, text="We will plant thirty trees.")
    response_services.response_submit(response=response, official=official)
    client.force_login(approver())
    assert_refused(client.get(url("unpublish", response.pk)), "unpublish (GET)")
    assert_refused(client.post(url("unpublish", response.pk)), "unpublish (POST)")
    assert OfficialResponse.objects.get(pk=response.pk).live is True


def test_official_cannot_take_a_published_response_offline(client, proposal, official):
    response = published(proposal, official)
    client.force_login(official)
    assert_refused(client.post(url("unpublish", response.pk)), "unpublish (POST)")
    assert OfficialResponse.objects.get(pk=response.pk).live is True


def test_administrator_can_take_a_published_response_offline(
    client, proposal, official, django_user_model
):
    response = published(proposal, official)
    admin = django_user_model.objects.create_superuser(
        email="admin@example.org", password="x-Long-enough-1"
    )
    client.force_login(admin)
    client.post(url("unpublish", response.pk))
    assert OfficialResponse.objects.get(pk=response.pk).live is False


@pytest.mark.usefixtures("english")
def test_assignment_dates_show_jalali_beside_gregorian_in_persian(client, consultation, official):
    from wagtail.users.models import UserProfile

    from civic.i18n import jalali_date

    assignment = _assignment(
        make_proposal(consultation, title="Late benches"), due_in_days=-2, official=official
    )
    assignment.refresh_from_db()
    client.force_login(official)
    html = client.get(reverse("response_assignments")).content.decode()
    assert f'<time datetime="{assignment.due_at.isoformat()}">' in html
    profile = UserProfile.get_for_user(official)
    profile.preferred_language = "fa"
    profile.save()
    for address in (reverse("response_assignments"), reverse("wagtailadmin_home")):
        html = client.get(address).content.decode()
        assert jalali_date(timezone.localtime(assignment.due_at)) in html, address
