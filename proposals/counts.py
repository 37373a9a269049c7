"""Stored counts kept exact in the transaction of the change that moves them.

A proposal's `comment_count` and a consultation's tally (published proposals, comments,
responses) are read by every listing; they change here, never recomputed on a page.
"""

from django.db.models import F

from .models import ConsultationTally, Proposal


def bump_tally(consultation_id: int, **deltas: int) -> None:
    """Add to a consultation's stored counts (creating its tally row on first use)."""
    changes = {field: F(field) + delta for field, delta in deltas.items() if delta}
    if not changes:
        return
    if not ConsultationTally.objects.filter(pk=consultation_id).update(**changes):
        ConsultationTally.objects.bulk_create(
            [ConsultationTally(consultation_id=consultation_id)], ignore_conflicts=True
        )
        ConsultationTally.objects.filter(pk=consultation_id).update(**changes)


def published_changed(item, delta: int) -> None:
    """A proposal or comment entered (+1) or left (-1) the published set."""
    if item.content_kind == "proposal":
        bump_tally(item.consultation_id, proposals=delta)
        return
    Proposal.objects.filter(pk=item.proposal_id).update(comment_count=F("comment_count") + delta)
    bump_tally(item.proposal.consultation_id, comments=delta)
