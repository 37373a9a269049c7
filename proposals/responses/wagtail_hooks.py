"""Wagtail admin of official responses: permission policy, snippet, overdue list, dashboard."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.admin.utils import get_latest_str
from wagtail.admin.views.generic.models import unquote
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from consultations.roles import answered_ids, is_approver
from proposals.models import OfficialResponse, Proposal
from proposals.permissions import OfficialResponsePermissionPolicy
from proposals.responses import feasibility
from proposals.responses.editor import ResponseActionMenu, proposal_context
from proposals.responses.forms import OfficialResponseForm

# Registered first, before any view asks for the model's policy.
register_permission_policy(OfficialResponse, OfficialResponsePermissionPolicy(OfficialResponse))


# --- the snippet ----------------------------------------------------------------------------

# Views that change a response: an approver who is not an official of its consultation uses
# them only while the response waits for review (Wagtail lets reviewers edit then).
WRITING_VIEWS = {"edit", "delete", "lock", "unlock", "revisions_revert", "unpublish"}
# Only administrators take a published response offline. The lifecycle has no way back from
# "published" (a response is corrected by a new, reviewed revision), and unpublishing would
# leave the proposal's outcome, the tallies and the author's notification behind. Wagtail's
# unpublish asks the policy for "publish", the same permission approval needs, so the policy
# cannot tell the two apart: the view is closed here instead.
ADMIN_ONLY_VIEWS = {"unpublish"}


def check_response_access(request, pk, view_name: str | None) -> None:
    """403 for anyone who may not see this response, or make this change to it.

    Wagtail's views check the model-wide permission; this adds the per-consultation rule.
    """
    user = request.user
    row = (
        OfficialResponse.objects.filter(pk=pk)
        .values_list("proposal__consultation_id", flat=True)
        .first()
    )
    if row is None or user.is_superuser:
        return  # the view itself answers 404 for a missing response
    if view_name in ADMIN_ONLY_VIEWS:
        raise PermissionDenied
    if row in answered_ids(user):
        return
    if not is_approver(user):
        raise PermissionDenied
    if request.method == "POST" and view_name in WRITING_VIEWS:
        response = OfficialResponse.objects.get(pk=pk)
        if not response.workflow_in_progress:
            raise PermissionDenied


def publication_refused(request, pk, view_name, action_name) -> HttpResponse | None:
    """A budget's review may not change feasibility or cost once balloting opened
    (responses/feasibility.py): approving such a revision is refused with the reason."""
    if view_name != "workflow_action" or action_name != "approve" or request.method != "POST":
        return None
    response = OfficialResponse.objects.filter(pk=pk).select_related("proposal").first()
    refusal = feasibility.publish_refusal(response) if response is not None else None
    if not refusal:
        return None
    messages.error(request, refusal)
    return redirect(response_viewset.get_url_name("edit"), pk)


def _guarded(view, view_name):
    @wraps(view)
    def guarded_view(request, *args, **kwargs):
        if "pk" in kwargs:
            pk = unquote(str(kwargs["pk"]))
            check_response_access(request, pk, view_name)
            refused = publication_refused(request, pk, view_name, kwargs.get("action_name"))
            if refused is not None:
                return refused
        return view(request, *args, **kwargs)

    return guarded_view


class StatusColumn(Column):
    def get_value(self, instance):
        if any(
            state.status == state.STATUS_IN_PROGRESS for state in instance.workflow_states.all()
        ):
            return _("Waiting for approval")
        if instance.live and instance.has_unpublished_changes:
            return _("Published, changes in draft")
        if instance.live:
            return _("Published")
        return _("Draft")


class ResponseCreateView(CreateView):
    """The add view pre-selects the proposal given as `?proposal=<id>` (from the assignments
    list or the proposal page), with its assignment's department and the official."""

    def get_initial(self):
        initial = super().get_initial()
        raw = self.request.GET.get("proposal", "")
        if raw.isdigit():
            proposal = (
                Proposal.objects.filter(pk=int(raw))
                .select_related("consultation")
                .prefetch_related("response_assignments")
                .first()
            )
            if proposal is not None:
                initial["proposal"] = proposal.pk
                assignment = next(iter(proposal.response_assignments.all()), None)
                department_id = (
                    assignment.department_id if assignment else proposal.consultation.department_id
                )
                if department_id:
                    initial["department"] = department_id
                initial["responsible_official"] = self.request.user.pk
        return initial

    def _get_action_menu(self):
        return ResponseActionMenu(self.request, view=self.view_name, model=self.model)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        if form is not None:
            context.update(
                proposal_context(
                    form.selected_proposal_pk(), consultation_ids=form.consultation_ids
                )
            )
        return context


class ResponseEditView(EditView):
    """The editor, where an approver may also approve or ask for changes ("workflow action").

    Wagtail's snippet editor saves a new revision before it runs the workflow action. With
    WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT, an approval counts only for the revision its
    task state points at, so approving the revision the official submitted while a newer one
    (the approver's save) is the latest restarts the same task: nothing is published and the
    response waits for approval again. Here the approver acts on what they have in front of
    them: an unchanged form saves nothing, and a changed one becomes the revision under
    review before the action runs.
    """

    def save_instance(self):
        if self.action != "workflow-action":
            return super().save_instance()
        if self.form.has_changed():
            instance = super().save_instance()
        else:
            instance, self.new_revision = self.object, None
        task_state = instance.current_workflow_task_state
        latest = instance.get_latest_revision()
        if task_state is not None and latest is not None and task_state.revision_id != latest.pk:
            task_state.revision = latest
            task_state.save(update_fields=["revision"])
        return instance

    def _get_action_menu(self):
        return ResponseActionMenu(
            self.request,
            view=self.view_name,
            instance=self.object,
            locked_for_user=self.locked_for_user,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(proposal_context(self.object.proposal_id))
        return context

    def get_success_message(self, instance=None):
        if self.action != "workflow-action":
            return super().get_success_message(instance)
        response = OfficialResponse.objects.get(pk=self.object.pk)
        title = {"title": get_latest_str(response)}
        if self.workflow_action == "reject":
            return _("Changes requested: %(title)s. The official sees your comment.") % title
        if response.workflow_in_progress:
            return _("Approved at this step: %(title)s. It goes on to the next step.") % title
        return _("Approved and published: %(title)s.") % title

    def get_success_buttons(self):
        if self.action == "workflow-action":
            return []  # the approver no longer edits it
        return super().get_success_buttons()


class OfficialResponseViewSet(SnippetViewSet):
    model = OfficialResponse
    icon = "comment"
    menu_label = _("Official responses")
    menu_name = "official-responses"
    menu_order = 210
    add_to_admin_menu = True
    add_view_class = ResponseCreateView
    edit_view_class = ResponseEditView
    create_template_name = "responses/admin/response_create.html"
    edit_template_name = "responses/admin/response_edit.html"
    list_display = [
        "proposal",
        "outcome",
        StatusColumn("status", label=_("Status")),
        Column("consultation", label=_("Consultation"), accessor="proposal.consultation.title"),
        "responsible_official",
        UpdatedAtColumn(),
    ]
    list_filter = ["outcome", "live"]
    inspect_view_enabled = True
    search_fields = ["text", "proposal__title"]
    list_per_page = 25
    edit_handler = ObjectList(OfficialResponse.panels, base_form_class=OfficialResponseForm)

    def get_queryset(self, request):
        policy = OfficialResponsePermissionPolicy(OfficialResponse)
        responses = policy.instances_user_has_any_permission_for(request.user, ["change", "view"])
        return responses.select_related(
            "proposal", "proposal__consultation", "responsible_official", "latest_revision"
        ).prefetch_related("workflow_states")

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if "pk" in pattern.pattern.converters:
                pattern.callback = _guarded(pattern.callback, pattern.name)
        return patterns


response_viewset = OfficialResponseViewSet()
register_snippet(response_viewset)


# --- assignments: list and dashboard ------------------------------------------------------


@hooks.register("register_admin_urls")
def register_assignment_urls():
    from proposals.responses.views import assignment_list

    return [path("responses/assignments/", assignment_list, name="response_assignments")]


class AssignmentsMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.is_superuser or is_approver(user) or bool(answered_ids(user))


@hooks.register("register_admin_menu_item")
def register_assignments_menu_item():
    return AssignmentsMenuItem(
        _("Response assignments"),
        reverse("response_assignments"),
        name="response-assignments",
        icon_name="calendar-alt",
        order=211,
    )


class ResponseDeadlinesPanel(Component):
    """Dashboard: the user's late and soon-due responses, with links to answer them."""

    name = "response_deadlines"
    order = 90
    shown = 5

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None) -> str:
        from proposals.responses.views import assignment_rows, response_link

        user = self.request.user
        now = timezone.now()
        overdue = list(assignment_rows(user, "overdue", now=now)[: self.shown + 1])
        soon = list(assignment_rows(user, "soon", now=now)[: self.shown + 1])
        context = {
            "overdue": [(a, response_link(a.proposal)) for a in overdue[: self.shown]],
            "overdue_more": len(overdue) > self.shown,
            "soon": [(a, response_link(a.proposal)) for a in soon[: self.shown]],
            "soon_more": len(soon) > self.shown,
            "list_url": reverse("response_assignments"),
            "now": now,
        }
        return render_to_string("responses/dashboard_panel.html", context, self.request)


@hooks.register("construct_homepage_panels")
def add_response_deadlines_panel(request, panels):
    user = request.user
    if user.is_superuser or bool(answered_ids(user)):
        panels.append(ResponseDeadlinesPanel(request))
