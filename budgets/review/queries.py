"""Reads of the feasibility review: what officials still have to review, and projects."""

from django.db.models import Exists, OuterRef, QuerySet

from budgets.models import Project
from proposals.models import ModerationState, OfficialResponse, Proposal


def awaiting_review(consultation_ids) -> QuerySet[Proposal]:
    """Published proposals of these budgets without a published review, oldest first.

    `consultation_ids` None means every budget (superusers)."""
    reviewed = OfficialResponse.objects.filter(
        proposal_id=OuterRef("pk"), live=True, feasible__isnull=False
    )
    rows = Proposal.objects.filter(
        state=ModerationState.PUBLISHED, consultation__kind="budget"
    ).filter(~Exists(reviewed))
    if consultation_ids is not None:
        rows = rows.filter(consultation_id__in=list(consultation_ids))
    return rows.select_related("consultation", "official_response", "area").order_by(
        "published_at", "pk"
    )


def projects_of(consultation_ids) -> QuerySet[Project]:
    """Projects of these budgets (None: every budget), by budget, heading and proposal."""
    rows = Project.objects.select_related("proposal", "heading", "heading__consultation")
    if consultation_ids is not None:
        rows = rows.filter(proposal__consultation_id__in=list(consultation_ids))
    return rows.order_by("heading__consultation_id", "heading__sort_order", "proposal_id")


def project_of(proposal_id: int) -> Project | None:
    return Project.objects.filter(proposal_id=proposal_id).select_related("heading").first()
