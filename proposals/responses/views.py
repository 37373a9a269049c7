"""Views of the official responses' staff side.

- In the Wagtail admin: the list of response assignments (overdue, due soon, all open) of the
  consultations the official answers for, each with a link to draft or edit its response.
- On the public site: an official "picks" a proposal for a response (an assignment) from the
  proposal page.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from consultations.roles import answered_ids, is_approver
from proposals.exceptions import JourneyError
from proposals.models import ModerationState, OfficialResponse, Proposal, ResponseAssignment
from proposals.responses import services
from proposals.responses.queries import assignment_tab_counts

DUE_SOON_DAYS = 7
PER_PAGE = 25

TABS = {
    "overdue": gettext_lazy("Overdue"),
    "soon": gettext_lazy("Due within a week"),
    "open": gettext_lazy("All open"),
    "answered": gettext_lazy("Answered"),
}

ASSIGNMENT_COLUMNS = [
    {"label": gettext_lazy("Proposal")},
    {"label": gettext_lazy("Consultation")},
    {"label": gettext_lazy("Responsible official")},
    {"label": gettext_lazy("Department")},
    {"label": gettext_lazy("Due")},
    {"label": gettext_lazy("Response")},
]


def visible_assignments(user):
    """Assignments of the consultations `user` answers for; all for superusers and approvers."""
    rows = ResponseAssignment.objects.all()
    if not (user.is_superuser or is_approver(user)):
        rows = rows.for_consultations(answered_ids(user))
    return rows


def assignment_rows(user, tab: str, *, now=None):
    now = now or timezone.now()
    rows = visible_assignments(user)
    if tab == "overdue":
        rows = rows.overdue(now)
    elif tab == "soon":
        rows = rows.open().filter(due_at__gte=now, due_at__lt=now + timedelta(days=DUE_SOON_DAYS))
    elif tab == "answered":
        rows = rows.filter(answered_at__isnull=False).order_by("-answered_at", "-id")
    else:
        rows = rows.open()
    return rows.select_related(
        "proposal", "proposal__official_response", "consultation", "official", "department"
    )


def add_response_url(proposal_id: int) -> str:
    from proposals.responses.wagtail_hooks import response_viewset

    return (
        reverse(response_viewset.get_url_name("add")) + "?" + urlencode({"proposal": proposal_id})
    )


def edit_response_url(response_id: int) -> str:
    from proposals.responses.wagtail_hooks import response_viewset

    return reverse(response_viewset.get_url_name("edit"), args=[response_id])


def response_link(proposal: Proposal) -> str:
    """Where staff go to answer `proposal`: its response's editor, or a new draft."""
    try:
        response = proposal.official_response
    except OfficialResponse.DoesNotExist:
        return add_response_url(proposal.pk)
    return edit_response_url(response.pk)


@require_GET
def assignment_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.is_superuser or is_approver(user) or answered_ids(user)):
        raise PermissionDenied
    tab = request.GET.get("show", "overdue")
    if tab not in TABS:
        tab = "overdue"
    now = timezone.now()
    visible = visible_assignments(user)
    counts = assignment_tab_counts(visible, now=now, soon_days=DUE_SOON_DAYS)
    page = Paginator(assignment_rows(user, tab, now=now), PER_PAGE).get_page(request.GET.get("p"))
    rows = [
        {"assignment": a, "days_late": a.days_late(now), "link": response_link(a.proposal)}
        for a in page.object_list
    ]
    return TemplateResponse(
        request,
        "responses/admin_assignments.html",
        {
            "page_title": _("Response assignments"),
            "header_icon": "calendar-alt",
            "tabs": [
                {
                    "key": key,
                    "label": label,
                    "count": counts[key],
                    "url": "?" + urlencode({"show": key}),
                }
                for key, label in TABS.items()
            ],
            "tab": tab,
            "tab_label": TABS[tab],
            "columns": ASSIGNMENT_COLUMNS,
            "rows": rows,
            "page_obj": page,
            "now": now,
            "can_draft": user.is_superuser or bool(answered_ids(user)),
        },
    )


# --- public site --------------------------------------------------------------------------


@login_required
@require_POST
def pick(request: HttpRequest, pk: int) -> HttpResponse:
    """An official asks for a response to this proposal: an assignment, then the editor."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("consultation"), pk=pk, state=ModerationState.PUBLISHED
    )
    try:
        assignment = services.assignment_pick(
            proposal=proposal, staff=request.user, official=request.user
        )
    except JourneyError as exc:
        if exc.status in (401, 403):
            raise PermissionDenied(str(exc.message)) from exc
        messages.error(request, str(exc.message))
        return redirect("proposals:detail", pk=proposal.pk)
    messages.success(
        request,
        _("A response to this proposal is due by %(due)s.")
        % {"due": timezone.localtime(assignment.due_at).strftime("%Y-%m-%d")},
    )
    return redirect(response_link(proposal))
