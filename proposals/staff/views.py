"""The staff dashboard on the public site: every consultation where the person has a role,
then one consultation's waiting work, oldest first. Staff of another consultation get 403."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from consultations import roles
from consultations.models import ConsultationPage
from proposals.moderation import queries as moderation
from proposals.queries import page_in_language
from proposals.responses.views import response_link
from proposals.staff import queries


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    rows = queries.figures(request.user)
    return render(
        request,
        "staff/index.html",
        {"rows": rows, "queue_labels": moderation.QUEUE_LABELS, "now": timezone.now()},
    )


@login_required
@require_GET
def consultation(request: HttpRequest, consultation_id: int) -> HttpResponse:
    page = get_object_or_404(ConsultationPage, pk=consultation_id)
    if page.canonical.pk != page.pk:
        raise Http404
    moderates = roles.is_moderator(request.user, page)
    answers = roles.is_official(request.user, page)
    if not (moderates or answers):
        raise PermissionDenied
    now = timezone.now()
    context = {
        "consultation": page,
        "consultation_title": page_in_language(page).title,
        "moderates": moderates,
        "answers": answers,
        "now": now,
        "queue_labels": moderation.QUEUE_LABELS,
    }
    if moderates:
        context["counts"] = moderation.queue_counts([page.pk])[page.pk]
        context["waiting_total"] = queries.waiting_total(context["counts"])
        context["oldest"] = queries.oldest_items(page)
        context["appeals"] = queries.pending_appeals(page)
    if answers:
        deadlines = queries.response_deadlines(page, now=now)
        context["overdue"] = [(a, response_link(a.proposal)) for a in deadlines["overdue"]]
        context["soon"] = [(a, response_link(a.proposal)) for a in deadlines["soon"]]
        context["overdue_count"] = deadlines["overdue_count"]
        context["soon_count"] = deadlines["soon_count"]
        context["responses_total"] = deadlines["overdue_count"] + deadlines["soon_count"]
    return render(request, "staff/consultation.html", context)
