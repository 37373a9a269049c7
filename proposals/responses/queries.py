"""Reads of official responses, free of HTTP: overdue assignments, answers on time, and when
each revision of a response went live."""

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Max, Q
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


def assignment_tab_counts(rows, *, now: datetime, soon_days: int) -> dict[str, int]:
    """How many of `rows` (assignments) each tab of the assignments list holds: overdue, due
    within `soon_days`, all open, answered. One query, whatever the number of rows."""
    waiting = Q(answered_at__isnull=True)
    soon = waiting & Q(due_at__gte=now, due_at__lt=now + timedelta(days=soon_days))
    return rows.order_by().aggregate(
        overdue=Count("pk", filter=waiting & Q(due_at__lt=now)),
        soon=Count("pk", filter=soon),
        open=Count("pk", filter=waiting),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
    )


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


# --- open data (the public API) ------------------------------------------------------------


def open_data_responses(
    *, consultation: int | None = None, proposal: int | None = None, outcome: str = ""
):
    """The API's responses: `public_responses` of live consultations, filtered, by id. A
    consultation is given by the id of any of its translations."""
    from consultations.models import ConsultationPage

    rows = public_responses().select_related("proposal", "department")
    if consultation is not None:
        same = ConsultationPage.objects.filter(pk=consultation).values("translation_key")
        rows = rows.filter(proposal__consultation__translation_key__in=same)
    if proposal is not None:
        rows = rows.filter(proposal_id=proposal)
    if outcome:
        rows = rows.filter(outcome=outcome)
    return rows.order_by("id")


# --- open data and the feeds of new responses ------------------------------------------------


def public_responses(consultation_id: int | None = None):
    """The one public reading of official responses, shared by the API, the files and the
    feeds: live responses to proposals whose content is public (published or withdrawn; a
    response to a proposal hidden since stays out), in live consultations or in one
    consultation (its canonical id)."""
    from proposals.models import ModerationState

    rows = OfficialResponse.objects.filter(
        live=True, proposal__state__in=(ModerationState.PUBLISHED, ModerationState.WITHDRAWN)
    )
    if consultation_id is None:
        return rows.filter(proposal__consultation__live=True)
    return rows.filter(proposal__consultation_id=consultation_id)


EXPORT_RESPONSE_FIELDS = (
    "id",
    "proposal_id",
    "proposal__consultation_id",
    "outcome",
    "merged_into_id",
    "text",
    "cost_estimate",
    "timeline",
    "department__name",
    "first_published_at",
    "last_published_at",
)


def export_responses(consultation_id: int | None = None):
    """Rows of responses.csv (the live revision of every published response), by id: one
    query, to be streamed."""
    return public_responses(consultation_id).order_by("id").values_list(*EXPORT_RESPONSE_FIELDS)


def export_response_counts(consultation_ids) -> dict[int, int]:
    """Published responses per consultation (rows of responses.csv): one grouped query."""
    ids = list(consultation_ids)
    counts = dict.fromkeys(ids, 0)
    rows = (
        public_responses()
        .filter(proposal__consultation_id__in=ids)
        .values("proposal__consultation_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("proposal__consultation_id", "n")
    )
    counts.update(dict(rows))
    return counts


def export_responses_stamp(consultation_id: int | None = None) -> dict:
    """Count, highest id and latest publication of the published responses: one query."""
    rows = OfficialResponse.objects.all()
    if consultation_id is not None:
        rows = rows.filter(proposal__consultation_id=consultation_id)
    return rows.filter(live=True).aggregate(
        responses=Count("id"), responses_max=Max("id"), responses_at=Max("last_published_at")
    )


def newest_responses(consultation_id: int | None = None, *, limit: int = 30):
    """The most recently first-published responses with their proposals, newest first."""
    return (
        public_responses(consultation_id)
        .select_related("proposal", "department")
        .order_by("-first_published_at", "-id")[:limit]
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


# --- the response editor ----------------------------------------------------------------------


def proposal_for_editor(proposal_id: int, *, consultation_ids=None):
    """The proposal a response answers, as the editor shows it beside the form: with its
    consultation and its assignment's official and department. Two queries; None when it is
    not a published proposal of `consultation_ids` (None: any consultation)."""
    from django.db.models import Prefetch

    from proposals.models import ModerationState, Proposal

    rows = Proposal.objects.filter(pk=proposal_id)
    if consultation_ids is not None:
        rows = rows.filter(
            state=ModerationState.PUBLISHED, consultation_id__in=list(consultation_ids)
        )
    assignments = ResponseAssignment.objects.select_related("official", "department")
    return (
        rows.select_related("consultation")
        .prefetch_related(Prefetch("response_assignments", queryset=assignments))
        .first()
    )
