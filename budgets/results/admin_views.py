"""Wagtail admin: "Count now" for a budget whose balloting has closed. GET shows what will be
counted and asks for confirmation; POST (with its CSRF token) counts every heading through
`services.count_consultation`, which checks the role and the phase again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from consultations.models import ConsultationPage
from proposals.exceptions import JourneyError

from . import queries, services
from .permissions import may_count


@require_http_methods(["GET", "POST"])
def count_now(request: HttpRequest, consultation_id: int) -> HttpResponse:
    page = get_object_or_404(ConsultationPage, pk=consultation_id)
    consultation = page.canonical
    if not consultation.is_budget:
        raise Http404
    if not may_count(request.user, consultation):
        raise PermissionDenied
    results_url = reverse("budgets:results", kwargs={"slug": consultation.slug})
    closed = timezone.now() >= consultation.voting_close
    if request.method == "POST":
        try:
            counted = services.count_consultation(consultation, requested_by=request.user)
        except JourneyError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d heading counted; the results page shows the new count.",
                    "%(count)d headings counted; the results page shows the new count.",
                    len(counted),
                )
                % {"count": len(counted)},
            )
            return redirect(results_url)
    totals = queries.ballot_totals(consultation)
    headings = queries.heading_results(consultation)
    return TemplateResponse(
        request,
        "budgets/results/admin_count.html",
        {
            "page_title": _("Count the ballots: %(title)s") % {"title": consultation.title},
            "header_title": _("Count the ballots: %(title)s") % {"title": consultation.title},
            "consultation": consultation,
            "closed": closed,
            "headings": [
                {"result": result, "ballots": totals.get(result.heading.pk, 0)}
                for result in headings
            ],
            "results_url": results_url,
        },
    )
