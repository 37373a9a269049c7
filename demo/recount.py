"""Stored counts set from the rows: the one recount every demo step uses after writing rows
without the services (bulk inserts, or a handful of rows made directly).

The services keep these counts exact change by change; the demo inserts in bulk, so it
recounts instead of adding up: each proposal's `support_count` and `comment_count`, each
citizen's `SupportBudget.used` in the consultation (a row for everyone with a support), and
the consultation's `ConsultationTally` (published proposals, published comments, responses
published at least once), in a few statements whatever the size.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from proposals.models import (
    Comment,
    ConsultationTally,
    ModerationState,
    OfficialResponse,
    Proposal,
    Support,
    SupportBudget,
)

from .bulk import insert


def _count_of(queryset, by: str, outer: str = "pk") -> Coalesce:
    """The number of `queryset` rows whose `by` is the outer row's `outer`, 0 when none."""
    return Coalesce(
        Subquery(
            queryset.filter(**{by: OuterRef(outer)})
            .order_by()
            .values(by)
            .annotate(n=Count("*"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def recount(consultation_id: int, *, proposal_ids: Iterable[int] | None = None) -> None:
    """Set a consultation's stored counts from its rows (only some proposals' own counts
    when `proposal_ids` is given: the rows made directly)."""
    if proposal_ids is None:
        _analyze()
    proposals = Proposal.objects.filter(consultation_id=consultation_id)
    if proposal_ids is not None:
        proposals = proposals.filter(pk__in=list(proposal_ids))
    proposals.update(
        support_count=_count_of(Support.objects.all(), "proposal"),
        comment_count=_count_of(
            Comment.objects.filter(state=ModerationState.PUBLISHED), "proposal"
        ),
    )
    _recount_budgets(consultation_id)
    _recount_tally(consultation_id)


def _analyze() -> None:
    """Fresh planner statistics on PostgreSQL after a bulk insert: the counts below are
    correlated subqueries, and planned on the statistics of still-empty tables they scan the
    whole support table once per citizen (the city's recount then ran for over ten minutes)."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (Proposal, Support, SupportBudget, Comment)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _recount_budgets(consultation_id: int) -> None:
    supports = Support.objects.filter(
        proposal__consultation_id=consultation_id, citizen__isnull=False
    )
    voters = supports.order_by().values_list("citizen_id", flat=True).distinct()
    insert(
        SupportBudget,
        [SupportBudget(consultation_id=consultation_id, citizen_id=pk) for pk in voters],
        ignore_conflicts=True,
    )
    SupportBudget.objects.filter(consultation_id=consultation_id).update(
        used=_count_of(supports, "citizen", outer="citizen_id")
    )


def _recount_tally(consultation_id: int) -> None:
    published = Proposal.objects.filter(
        consultation_id=consultation_id, state=ModerationState.PUBLISHED
    ).count()
    comments = Comment.objects.filter(
        proposal__consultation_id=consultation_id, state=ModerationState.PUBLISHED
    ).count()
    responses = OfficialResponse.objects.filter(
        proposal__consultation_id=consultation_id, first_published_at__isnull=False
    ).count()
    ConsultationTally.objects.bulk_create(
        [ConsultationTally(consultation_id=consultation_id)], ignore_conflicts=True
    )
    ConsultationTally.objects.filter(pk=consultation_id).update(
        proposals=published, comments=comments, responses=responses
    )
