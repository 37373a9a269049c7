"""The staff dashboard's figures as a panel of the Wagtail dashboard."""

from django.template.loader import render_to_string
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

from consultations import roles
from proposals.moderation import queries as moderation
from proposals.staff import queries


class StaffFiguresPanel(Component):
    name = "staff_figures"
    order = 55

    def __init__(self, request) -> None:
        self.request = request

    def render_html(self, parent_context=None) -> str:
        rows = queries.figures(self.request.user)
        if not rows:
            return ""
        return render_to_string(
            "staff/admin_panel.html",
            {"rows": rows, "queue_labels": moderation.QUEUE_LABELS, "now": timezone.now()},
            request=self.request,
        )


@hooks.register("construct_homepage_panels")
def add_staff_figures_panel(request, panels):
    if roles.moderated_ids(request.user) or roles.answered_ids(request.user):
        panels.append(StaffFiguresPanel(request))
