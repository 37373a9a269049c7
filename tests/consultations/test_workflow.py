"""Publication through the Wagtail workflow: editors submit, approvers approve or reject."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale, Workflow, WorkflowState

from consultations.models import ConsultationIndexPage, ConsultationPage
from consultations.site_structure import APPROVERS_GROUP, EDITORS_GROUP, WORKFLOW_NAME
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user = UserFactory(email="editor@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def approver():
    user = UserFactory(email="approver@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=APPROVERS_GROUP))
    return user


@pytest.fixture
def index():
    return ConsultationIndexPage.objects.get(locale=Locale.get_default())


def admin_form(title: str, action: str) -> dict:
    now = timezone.now()

    def when(days: int) -> str:
        return (now + timedelta(days=days)).strftime("%Y-%m-%d %H:%M")

    return {
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "summary": f"What should we do about {title.lower()}?",
        "body-count": "0",
        "topics": "parks",
        "proposals_open": when(1),
        "proposals_close": when(10),
        "voting_open": when(11),
        "voting_close": when(20),
        "responses_due": when(50),
        "moderation": "post",
        "max_supports_per_citizen": "0",
        "response_threshold": "0",
        "response_due_days": "30",
        "auto_hide_reports": "5",
        "kind": "ideas",
        "ballot_rule": "knapsack",
        "min_share": "0",
        "allocation_rule": "greedy",
        "budget_headings-TOTAL_FORMS": "0",
        "budget_headings-INITIAL_FORMS": "0",
        "budget_headings-MIN_NUM_FORMS": "0",
        "budget_headings-MAX_NUM_FORMS": "1000",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        action: "1",
    }


def create_as(client, user, index, title: str, action: str):
    client.force_login(user)
    return client.post(
        f"/admin/pages/add/consultations/consultationpage/{index.pk}/",
        admin_form(title, action),
    )


def submitted(client, editor, index, title="Tree planting") -> ConsultationPage:
    response = create_as(client, editor, index, title, "action-submit")
    assert response.status_code == 302, response.context["form"].errors
    return ConsultationPage.objects.get(title=title)


def test_every_consultation_index_uses_the_publication_workflow(index):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    fa_index = ConsultationIndexPage.objects.get(locale__language_code="fa")
    assert index.get_workflow() == workflow
    assert fa_index.get_workflow() == workflow


def test_editors_may_edit_but_not_publish_consultations(editor, index):
    permissions = index.permissions_for_user(editor)
    assert permissions.can_add_subpage()
    assert not permissions.can_publish_subpage()


def test_an_editor_cannot_publish_directly(client, editor, index):
    create_as(client, editor, index, "Tree planting", "action-publish")
    page = ConsultationPage.objects.get(title="Tree planting")
    assert not page.live


def test_submitting_starts_the_workflow(client, editor, index):
    page = submitted(client, editor, index)
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert (state.status, state.requested_by) == (WorkflowState.STATUS_IN_PROGRESS, editor)


def test_approvers_are_told_of_a_submission(client, editor, approver, index, mailoutbox):
    submitted(client, editor, index)
    assert any(approver.email in message.to for message in mailoutbox)


def workflow_action(client, user, page, action: str, comment: str = ""):
    state = WorkflowState.objects.get(object_id=str(page.pk))
    task_state = state.current_task_state
    client.force_login(user)
    return client.post(
        f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/",
        {"comment": comment},
    )


def test_an_approver_approves_and_the_consultation_goes_live(client, editor, approver, index):
    page = submitted(client, editor, index)
    workflow_action(client, approver, page, "approve")
    page.refresh_from_db()
    assert page.live


def test_an_editor_cannot_approve_their_own_submission(client, editor, index):
    page = submitted(client, editor, index)
    workflow_action(client, editor, page, "approve")
    page.refresh_from_db()
    assert not page.live


def test_rejection_keeps_the_consultation_unpublished(client, editor, approver, index):
    page = submitted(client, editor, index)
    workflow_action(client, approver, page, "reject", comment="Add the budget, please.")
    page.refresh_from_db()
    assert not page.live


def test_the_editor_is_emailed_on_rejection(client, editor, approver, index, mailoutbox):
    page = submitted(client, editor, index)
    mailoutbox.clear()
    workflow_action(client, approver, page, "reject", comment="Add the budget, please.")
    to_editor = [message for message in mailoutbox if editor.email in message.to]
    assert to_editor
    assert "Tree planting" in to_editor[0].subject + to_editor[0].body


def test_the_editor_is_emailed_on_approval(client, editor, approver, index, mailoutbox):
    page = submitted(client, editor, index)
    mailoutbox.clear()
    workflow_action(client, approver, page, "approve")
    assert any(editor.email in message.to for message in mailoutbox)


def test_running_the_site_structure_again_changes_nothing(index):
    from wagtail.models import GroupPagePermission, WorkflowPage

    from consultations.site_structure import ensure_site_structure

    before = (
        GroupPagePermission.objects.count(),
        WorkflowPage.objects.count(),
        Workflow.objects.count(),
    )
    ensure_site_structure()
    after = (
        GroupPagePermission.objects.count(),
        WorkflowPage.objects.count(),
        Workflow.objects.count(),
    )
    assert before == after


def test_an_editor_translates_a_consultation_into_persian_within_wagtail(client, editor, index):
    from tests.factories import make_consultation

    english = make_consultation(title="Park renewal")
    persian_locale = Locale.objects.get(language_code="fa")
    client.force_login(editor)
    edit = client.get(f"/admin/pages/{english.pk}/edit/").content.decode()
    assert f"/admin/translation/submit/page/{english.pk}/" in edit
    response = client.post(
        f"/admin/translation/submit/page/{english.pk}/", {"locales": [persian_locale.pk]}
    )
    assert response.status_code == 302
    persian = english.get_translation(persian_locale).specific
    assert persian.get_parent().specific.locale == persian_locale
    assert not persian.live  # a draft: it goes through the workflow like any consultation
    assert persian.get_workflow().name == WORKFLOW_NAME
