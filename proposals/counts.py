"""Stored counts kept exact in the transaction of the change that moves them.

A proposal's `comment_count` and a consultation's tally (published proposals, comments,
responses) and support shards are read by every listing; they change here, never recomputed
on a page.
"""

from django.db.models import F

from .models import SUPPORT_SHARDS, ConsultationTally, Proposal, SupportShard


def _ensure_tally(consultation_id: int) -> None:
    ConsultationTally.objects.bulk_create(
        [ConsultationTally(consultation_id=consultation_id)], ignore_conflicts=True
    )


def bump_tally(consultation_id: int, **deltas: int) -> None:
    """Add to a consultation's stored counts (creating its tally row on first use)."""
    changes = {field: F(field) + delta for field, delta in deltas.items() if delta}
    if not changes:
        return
    if not ConsultationTally.objects.filter(pk=consultation_id).update(**changes):
        _ensure_tally(consultation_id)
        ConsultationTally.objects.filter(pk=consultation_id).update(**changes)


def shard_of(key: int | None) -> int:
    """The shard a citizen's (or a proposal's) id picks; no id (a deleted account): shard 0."""
    return (key or 0) % SUPPORT_SHARDS


def bump_supports(consultation_id: int, delta: int, *, key: int | None) -> None:
    """Add `delta` to a consultation's live supports, in the shard `key` picks.

    One UPDATE of one small row on the common path. The first time, the tally and all the
    shards are created (so the tally exists wherever supports are counted, and readers can
    start from it); two first supports in parallel create them once (ignore_conflicts).
    """
    if not delta:
        return
    shard = SupportShard.objects.filter(consultation_id=consultation_id, shard=shard_of(key))
    if shard.update(supports=F("supports") + delta):
        return
    _ensure_tally(consultation_id)
    SupportShard.objects.bulk_create(
        [SupportShard(consultation_id=consultation_id, shard=n) for n in range(SUPPORT_SHARDS)],
        ignore_conflicts=True,
    )
    shard.update(supports=F("supports") + delta)


def published_changed(item, delta: int) -> None:
    """A proposal or comment entered (+1) or left (-1) the published set.

    A proposal carries its supports with it: they count in the consultation only while it is
    published (frozen otherwise). `item` is the row locked by the caller, so its
    `support_count` cannot move under this change (casts re-check the state on that row).
    """
    if item.content_kind == "proposal":
        bump_tally(item.consultation_id, proposals=delta)
        bump_supports(item.consultation_id, delta * item.support_count, key=item.pk)
        return
    Proposal.objects.filter(pk=item.proposal_id).update(comment_count=F("comment_count") + delta)
    bump_tally(item.proposal.consultation_id, comments=delta)
