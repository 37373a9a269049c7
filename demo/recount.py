"""Stored counts set from the rows: the one recount every demo step uses after writing rows
without the services (bulk inserts, or a handful of rows made directly).

The services keep these counts exact change by change; the demo inserts in bulk, so it
recounts instead of adding up: each proposal's `support_count` and `comment_count`, each
citizen's `SupportBudget.used` in the consultation (a row for everyone with a support), and
the consultation's `ConsultationTally` (published proposals, published comments, responses
published at least once) and its support shards (supports of published proposals, by the
citizen's shard as the services count them), in a few statements whatever the size.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Mod

from proposals.models import (
    SUPPORT_SHARDS,
    Comment,
    ConsultationTally,
    ModerationState,
    OfficialResponse,
    Proposal,
    Support,
    SupportBudget,
    SupportShard,
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
    _recount_budgets(consultation_id, proposal_ids)
    _recount_tally(consultation_id)
    recount_support_shards(consultation_id)


def _analyze() -> None:
    """Fresh planner statistics on PostgreSQL after a bulk insert: the counts below are
    correlated subqueries, and planned on the statistics of still-empty tables they scan the
    whole support table once per citizen (the city's recount then ran for over ten minutes)."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (Proposal, Support, SupportBudget, Comment)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _recount_budgets(consultation_id: int, proposal_ids: Iterable[int] | None = None) -> None:
    """Each voter's used supports from the rows; with `proposal_ids`, only the voters of those
    proposals (a demo example made after the city: not every budget of the consultation)."""
    supports = Support.objects.filter(
        proposal__consultation_id=consultation_id, citizen__isnull=False
    )
    voters = supports.order_by().values_list("citizen_id", flat=True).distinct()
    budgets = SupportBudget.objects.filter(consultation_id=consultation_id)
    if proposal_ids is not None:
        voters = voters.filter(proposal_id__in=list(proposal_ids))
        budgets = budgets.filter(citizen_id__in=list(voters))
    insert(
        SupportBudget,
        [SupportBudget(consultation_id=consultation_id, citizen_id=pk) for pk in voters],
        ignore_conflicts=True,
    )
    budgets.update(used=_count_of(supports, "citizen", outer="citizen_id"))


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


def recount_support_shards(consultation_id: int) -> None:
    """Set a consultation's support shards from its Support rows: one grouped read and one
    write of `SUPPORT_SHARDS` rows (the tally row must exist: `_recount_tally` makes it)."""
    per_shard = dict(
        Support.objects.filter(
            proposal__consultation_id=consultation_id,
            proposal__state=ModerationState.PUBLISHED,
        )
        .annotate(slot=Mod(Coalesce("citizen_id", Value(0)), Value(SUPPORT_SHARDS)))
        .values("slot")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("slot", "n")
    )
    SupportShard.objects.bulk_create(
        [
            SupportShard(consultation_id=consultation_id, shard=n, supports=per_shard.get(n, 0))
            for n in range(SUPPORT_SHARDS)
        ],
        update_conflicts=True,
        unique_fields=["consultation", "shard"],
        update_fields=["supports"],
    )


def support_shard_mismatches() -> dict[int, tuple[int, int]]:
    """Consultations whose support shards do not add up to their live Support rows:
    {consultation id: (sum of shards, rows)}; empty when every stored total is exact.
    Two grouped queries, for the bench's integrity check and the recount tests."""
    rows = dict(
        Support.objects.filter(proposal__state=ModerationState.PUBLISHED)
        .values("proposal__consultation_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("proposal__consultation_id", "n")
    )
    shards = dict(
        SupportShard.objects.values("consultation_id")
        .annotate(total=Sum("supports"))
        .order_by()
        .values_list("consultation_id", "total")
    )
    return {
        pk: (shards.get(pk, 0), rows.get(pk, 0))
        for pk in rows.keys() | shards.keys()
        if shards.get(pk, 0) != rows.get(pk, 0)
    }
