"""Reads over citizen content, each a fixed number of queries whatever the row count."""

from collections.abc import Iterable

from django.db.models import Sum

from .models import ModerationState, Proposal


def support_totals(consultation_ids: Iterable[int]) -> dict[int, int]:
    """Live supports per consultation, summed from the proposals' stored counts.

    One grouped query. Consultations without proposals map to 0. Only published proposals
    count: supports of hidden, rejected or withdrawn proposals are frozen, not shown.
    """
    ids = list(consultation_ids)
    totals = dict.fromkeys(ids, 0)
    if not ids:
        return totals
    rows = (
        Proposal.objects.filter(consultation_id__in=ids, state=ModerationState.PUBLISHED)
        .values("consultation_id")
        .annotate(total=Sum("support_count"))
        .order_by()
        .values_list("consultation_id", "total")
    )
    for consultation_id, total in rows:
        totals[consultation_id] = total or 0
    return totals
