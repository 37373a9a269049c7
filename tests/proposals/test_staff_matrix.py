"""Every staff cell of the permission matrix (DESIGN.md §4), as one parametrized test.

role (moderator, official, approver, editor) by action (the rows of §4) by scope by channel:
- scope "own": the role is held on the consultation acted on; "other": moderators and
  officials hold their role on ANOTHER consultation only (so they count as citizens here).
  Approvers and editors are site-wide groups, so both scopes expect the same.
- channel "service": the service function (or Wagtail's permission policy for pages);
  "http": the page or admin URL a person would use, and the database shows the effect.

Phases are the ones the action needs (collecting to submit and edit, voting otherwise), so a
refusal can only come from the role.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from consultations.site_structure import EDITORS_GROUP
from proposals import queries, services
from proposals.exceptions import JourneyError
from proposals.models import Comment, OfficialResponse, Outcome, Proposal, Report, Support
from proposals.moderation import services as moderation
from proposals.responses import services as response_services
from proposals.responses.wagtail_hooks import response_viewset
from tests.factories import UserFactory, make_consultation, make_proposal
from tests.proposals.staff import (  # noqa: F401
    approver,
    english,
    moderator_of,
    official_of,
    staff_admin_backend,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "staff_admin_backend")]

ROLES = ["moderator", "official", "approver", "editor"]
SCOPES = ["own", "other"]
CHANNELS = ["service", "http"]
ACTIONS = [
    "read",
    "submit",
    "edit_others_proposal",
    "support",
    "comment",
    "report",
    "moderate",
    "draft_response",
    "approve_response",
    "edit_consultation_page",
]
PHASE = {"submit": "collecting", "edit_others_proposal": "collecting"}


def expected(role: str, action: str, scope: str) -> bool:
    """DESIGN.md §4, staff columns. Staff of another consultation count as citizens."""
    if action in {"read", "submit", "support", "comment", "report"}:
        return True
    if action == "edit_others_proposal":
        return False  # only the author edits
    if action == "moderate":
        return role == "moderator" and scope == "own"
    if action == "draft_response":
        return role == "official" and scope == "own"
    if action == "approve_response":
        return role == "approver"
    if action == "edit_consultation_page":
        return role == "editor"
    raise AssertionError(action)


def submitted_response(proposal):
    """A response drafted by an official of the proposal's consultation, waiting for approval."""
    official = official_of(proposal.consultation)
    response = response_services.response_draft(
        proposal=proposal, official=official, outcome=Outcome.ACCEPTED, text="We will do it."
    )
    response_services.response_submit(response=response, official=official)
    return OfficialResponse.objects.get(pk=response.pk)


def refused_http(reply) -> bool:
    """Refusals: 403/404/409, a login redirect, or Wagtail's redirect to the dashboard."""
    if reply.status_code in (400, 403, 404, 405, 409):
        return True
    if reply.status_code == 302:
        location = reply["Location"]
        return "login" in location or location == reverse("wagtailadmin_home")
    return False


# --- the two channels ------------------------------------------------------------------------


def by_service(action, user, consultation, proposal) -> bool:
    """True when the service did it, False when it refused with a domain error."""
    try:
        if action == "read":
            visible = queries.proposals_for(consultation, queries.Filters(), seed=1)
            return proposal in visible
        if action == "submit":
            services.proposal_submit(author=user, consultation=consultation, title="T", body="B")
        elif action == "edit_others_proposal":
            services.proposal_edit(proposal=proposal, editor=user, title="Edited")
        elif action == "support":
            services.support_cast(citizen=user, proposal=proposal)
        elif action == "comment":
            services.comment_post(author=user, proposal=proposal, body="A comment")
        elif action == "report":
            services.report_file(reporter=user, proposal=proposal, reason="spam")
        elif action == "moderate":
            pending = make_proposal(consultation, state="pending", title="Waiting")
            moderation.moderate(item=pending, moderator=user, action="publish")
        elif action == "draft_response":
            response_services.response_draft(
                proposal=proposal, official=user, outcome=Outcome.ACCEPTED, text="Yes."
            )
        elif action == "approve_response":
            response = submitted_response(proposal)
            response_services.response_approve(response=response, approver=user)
            return OfficialResponse.objects.get(pk=response.pk).live
        elif action == "edit_consultation_page":
            # Pages have no service of ours: Wagtail's page permission policy decides.
            # Create (under the index) and edit; publishing goes through the workflow.
            page_perms = consultation.permissions_for_user(user)
            index_perms = consultation.get_parent().specific.permissions_for_user(user)
            return page_perms.can_edit() and index_perms.can_add_subpage()
    except JourneyError:
        return False
    except Exception as exc:  # Wagtail's own refusals (workflow permission errors)
        if "Permission" in type(exc).__name__:
            return False
        raise
    return True


def by_http(action, client, user, consultation, proposal) -> bool:
    """True when the page did it (the database shows the effect), False when it refused."""
    client.force_login(user)
    if action == "read":
        return client.get(reverse("proposals:detail", args=[proposal.pk])).status_code == 200
    if action == "submit":
        url = reverse("proposals:create", kwargs={"slug": consultation.slug})
        client.post(url, {"title": "Shade sails", "body": "Over the sandpit, please."})
        return Proposal.objects.filter(author=user, title="Shade sails").exists()
    if action == "edit_others_proposal":
        url = reverse("proposals:edit", args=[proposal.pk])
        reply = client.get(url)
        client.post(url, {"title": "Hijacked", "body": proposal.body})
        changed = Proposal.objects.get(pk=proposal.pk).title == "Hijacked"
        return changed or not refused_http(reply)
    if action == "support":
        client.post(reverse("proposals:support", args=[proposal.pk]))
        return Support.objects.filter(citizen=user, proposal=proposal).exists()
    if action == "comment":
        client.post(reverse("proposals:comment", args=[proposal.pk]), {"body": "A comment"})
        return Comment.objects.filter(author=user, proposal=proposal).exists()
    if action == "report":
        client.post(reverse("proposals:report", args=[proposal.pk]), {"reason": "spam"})
        return Report.objects.filter(reporter=user, proposal=proposal).exists()
    if action == "moderate":
        # The queue, its bulk action and one item's action, on the site and in the admin.
        done = []
        for prefix in ("moderation:", "civic_moderation_"):
            pending = make_proposal(consultation, state="pending", title="Waiting")
            queue = client.get(reverse(f"{prefix}queue", args=[consultation.pk]))
            client.post(
                reverse(f"{prefix}bulk", args=[consultation.pk]),
                {"items": [f"proposal:{pending.pk}"], "action": "publish"},
            )
            bulk_done = Proposal.objects.get(pk=pending.pk).state == "published"
            other = make_proposal(consultation, state="pending", title="Waiting too")
            client.post(
                reverse(f"{prefix}act", args=[consultation.pk, "proposal", other.pk]),
                {"action": "publish"},
            )
            act_done = Proposal.objects.get(pk=other.pk).state == "published"
            seen = queue.status_code == 200
            assert seen == bulk_done == act_done, (prefix, seen, bulk_done, act_done)
            assert seen or refused_http(queue), queue.status_code
            done.append(seen)
        assert len(set(done)) == 1, done
        return done[0]
    if action == "draft_response":
        client.post(
            reverse(response_viewset.get_url_name("add")),
            {
                "proposal": proposal.pk,
                "outcome": Outcome.ACCEPTED,
                "merged_into": "",
                "text": "We will do it.",
                "cost_estimate": "",
                "timeline": "",
                "department": "",
                "responsible_official": "",
                "action-submit": "1",
            },
        )
        return OfficialResponse.objects.filter(proposal=proposal).exists()
    if action == "approve_response":
        response = submitted_response(proposal)
        task_state = response.current_workflow_task_state
        client.force_login(user)
        client.post(
            reverse(
                response_viewset.get_url_name("workflow_action"),
                args=[response.pk, "approve", task_state.pk],
            ),
            {"comment": "Fine"},
        )
        return OfficialResponse.objects.get(pk=response.pk).live
    if action == "edit_consultation_page":
        reply = client.get(reverse("wagtailadmin_pages:edit", args=[consultation.pk]))
        assert reply.status_code == 200 or refused_http(reply), reply.status_code
        return reply.status_code == 200
    raise AssertionError(action)


# --- the matrix ------------------------------------------------------------------------------


def cells():
    for role in ROLES:
        for action in ACTIONS:
            for scope in SCOPES:
                for channel in CHANNELS:
                    yield pytest.param(
                        role, action, scope, channel, id=f"{role}-{action}-{scope}-{channel}"
                    )  # fmt: skip


@pytest.mark.parametrize(("role", "action", "scope", "channel"), list(cells()))
def test_staff_matrix(client, role, action, scope, channel):
    consultation = make_consultation(title="Park renewal", phase=PHASE.get(action, "voting"))
    other = make_consultation(title="Bike lanes", phase=PHASE.get(action, "voting"))
    where = consultation if scope == "own" else other
    user = {
        "moderator": lambda: moderator_of(where),
        "official": lambda: official_of(where),
        "approver": approver,
        "editor": lambda: _editor(),
    }[role]()
    proposal = make_proposal(consultation, title="More trees", body="Plant twenty trees.")
    if role == "editor" and action == "edit_consultation_page":
        # "✓ (publish via workflow)": editors never publish directly.
        assert not consultation.permissions_for_user(user).can_publish()
    if channel == "service":
        did = by_service(action, user, consultation, proposal)
    else:
        did = by_http(action, client, user, consultation, proposal)
    assert did == expected(role, action, scope)


def _editor():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user
