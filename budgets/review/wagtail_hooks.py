"""Wagtail admin of the feasibility review: the proposals still to review, and the projects
on the ballot (officials of the budget move a project to another heading)."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from budgets.models import Project
from budgets.money import format_money
from budgets.review.forms import ProjectForm
from budgets.review.permissions import ProjectPermissionPolicy, may_manage_project
from budgets.review.queries import projects_of
from budgets.review.services import LOG_MOVE, project_move
from consultations.roles import answered_ids

register_permission_policy(Project, ProjectPermissionPolicy(Project))


def _guarded(view):
    @wraps(view)
    def guarded_view(request, *args, **kwargs):
        consultation_id = (
            Project.objects.filter(pk=kwargs.get("pk"))
            .values_list("heading__consultation_id", flat=True)
            .first()
        )
        if consultation_id is not None and not may_manage_project(request.user, consultation_id):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded_view


class CostColumn(Column):
    def get_value(self, instance):
        return format_money(instance.cost, instance.heading.consultation.currency)


class ProjectIndexView(IndexView):
    def get_base_queryset(self):
        user = self.request.user
        return projects_of(None if user.is_superuser else answered_ids(user))


class ProjectEditView(EditView):
    def save_instance(self):
        return project_move(
            project=self.object, heading=self.form.cleaned_data["heading"], staff=self.request.user
        )


class ProjectViewSet(ModelViewSet):
    model = Project
    icon = "tasks"
    menu_label = _("Budget projects")
    menu_name = "budget-projects"
    menu_order = 213
    add_to_admin_menu = True
    form_fields = ["heading"]
    index_view_class = ProjectIndexView
    edit_view_class = ProjectEditView
    list_display = [
        "proposal",
        "heading",
        CostColumn("cost", label=_("Cost")),
        Column("consultation", label=_("Consultation"), accessor="heading.consultation.title"),
    ]
    list_per_page = 50
    search_fields = None
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ProjectForm

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if "pk" in pattern.pattern.converters:
                pattern.callback = _guarded(pattern.callback)
        return patterns


project_viewset = ProjectViewSet("budget_projects")


@hooks.register("register_admin_viewset")
def register_project_viewset():
    return project_viewset


@hooks.register("register_log_actions")
def register_project_log_actions(actions):
    actions.register_action(
        LOG_MOVE, _("Move a project to another heading"), _("Project moved to another heading")
    )


# --- the proposals still to review --------------------------------------------------------


@hooks.register("register_admin_urls")
def register_review_urls():
    from budgets.review.views import review_list

    return [path("budgets/reviews/", review_list, name="budget_reviews")]


class ReviewsMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.is_superuser or bool(answered_ids(user))


@hooks.register("register_admin_menu_item")
def register_reviews_menu_item():
    return ReviewsMenuItem(
        _("Feasibility reviews"),
        reverse("budget_reviews"),
        name="budget-reviews",
        icon_name="tick-inverse",
        order=212,
    )
