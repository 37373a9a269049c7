"""Reads of official responses, free of HTTP: overdue assignments, answers on time, and when
each revision of a response went live."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q
from django.utils import timezone
from wagtail.models import ModelLogEntry

from proposals.models import OfficialResponse, ResponseAssignment

LOG_PUBLISH = "wagtail.publish"


def overdue(user, *, now: datetime | None = None):
    """Open assignments past due in the consultations `user` answers (all for superusers)."""
    from consultations.roles import answered_ids

    rows = ResponseAssignment.objects.overdue(now).select_related(
        "proposal", "consultation", "official", "department"
    )
    if not user.is_superuser:
        rows = rows.for_consultations(answered_ids(user))
    return rows.order_by("due_at", "id")


def on_time_counts(consultation_ids) -> dict[int, dict[str, int]]:
    """Per consultation: answered on time, answered late, open and overdue. One query."""
    now = timezone.now()
    rows = (
        ResponseAssignment.objects.filter(consultation_id__in=list(consultation_ids))
        .values("consultation_id")
        .annotate(
            on_time=Count("pk", filter=Q(answered_at__isnull=False, answered_at__lte=F("due_at"))),
            late=Count("pk", filter=Q(answered_at__isnull=False, answered_at__gt=F("due_at"))),
            overdue=Count("pk", filter=Q(answered_at__isnull=True, due_at__lt=now)),
            waiting=Count("pk", filter=Q(answered_at__isnull=True, due_at__gte=now)),
        )
        .order_by()
    )
    return {row.pop("consultation_id"): row for row in rows}


def publication_dates(response: OfficialResponse) -> list[datetime]:
    """When each revision of the response went live, newest first (one query)."""
    return list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(OfficialResponse),
            object_id=str(response.pk),
            action=LOG_PUBLISH,
        )
        .order_by("-timestamp", "-id")
        .values_list("timestamp", flat=True)
    )


# --- reads for the results pages and "You said, we did" -----------------------------------

ON_TIME_Q = Q(answered_at__isnull=False, answered_at__lte=F("due_at"))
LATE_Q = Q(answered_at__isnull=False, answered_at__gt=F("due_at"))


def live_responses():
    """Live responses to published proposals of live consultations, annotated with their
    assignment's `due_at` and `answered_at` (NULL without an assignment). Not evaluated."""
    from django.db.models import OuterRef, Subquery

    from proposals.models import ModerationState

    assignment = ResponseAssignment.objects.filter(proposal_id=OuterRef("proposal_id"))
    return OfficialResponse.objects.filter(
        live=True,
        proposal__state=ModerationState.PUBLISHED,
        proposal__consultation__live=True,
    ).annotate(
        due_at=Subquery(assignment.values("due_at")[:1]),
        answered_at=Subquery(assignment.values("answered_at")[:1]),
    )


def live_response_count(consultation_ids) -> int:
    """Published responses to published proposals of some consultations. One query."""
    from proposals.models import ModerationState

    return OfficialResponse.objects.filter(
        live=True,
        proposal__state=ModerationState.PUBLISHED,
        proposal__consultation_id__in=list(consultation_ids),
    ).count()
