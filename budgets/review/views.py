"""The admin list of a budget's proposals still waiting for their feasibility review."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from wagtail.models import WorkflowState

from budgets.review.queries import awaiting_review
from consultations.roles import answered_ids
from proposals.models import OfficialResponse
from proposals.responses.views import response_link

PER_PAGE = 25

COLUMNS = [
    {"label": gettext_lazy("Proposal")},
    {"label": gettext_lazy("Consultation")},
    {"label": gettext_lazy("Area")},
    {"label": gettext_lazy("Published")},
    {"label": gettext_lazy("Review")},
    {"label": gettext_lazy("Action"), "hidden": True},
]


def _response(proposal):
    try:
        return proposal.official_response
    except OfficialResponse.DoesNotExist:
        return None


@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    consultation_ids = None if user.is_superuser else answered_ids(user)
    if consultation_ids is not None and not consultation_ids:
        raise PermissionDenied
    page = Paginator(awaiting_review(consultation_ids), PER_PAGE).get_page(request.GET.get("p"))
    proposals = list(page.object_list)
    drafted = {p.pk: p.official_response for p in proposals if _response(p) is not None}
    waiting = set(
        OfficialResponse.objects.filter(
            pk__in=[r.pk for r in drafted.values()],
            workflow_states__status=WorkflowState.STATUS_IN_PROGRESS,
        ).values_list("pk", flat=True)
    )
    rows = []
    for proposal in proposals:
        response = drafted.get(proposal.pk)
        if response is None:
            status = _("Not started")
        elif response.pk in waiting:
            status = _("Waiting for approval")
        else:
            status = _("Draft")
        rows.append(
            {
                "proposal": proposal,
                "status": status,
                "drafted": response is not None,
                "link": response_link(proposal),
            }
        )
    return TemplateResponse(
        request,
        "budgets/review/admin_reviews.html",
        {
            "page_title": _("Feasibility reviews"),
            "header_icon": "tick-inverse",
            "columns": COLUMNS,
            "rows": rows,
            "page_obj": page,
        },
    )
