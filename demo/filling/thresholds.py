"""Proposals whose supports crossed the consultation's response threshold: the moment it
happened (the threshold-th support), the assignment `proposals.responses.services` makes for it,
and the officials' inbox notice, as `services.support_cast` leaves them."""

from datetime import timedelta

from proposals.models import Notification, Proposal
from proposals.notifications.services import proposal_link
from proposals.responses.services import assign_many_on_threshold

from ..bulk import BATCH, insert
from .scope import Scope


def mark_thresholds(scope: Scope) -> None:
    c = scope.consultation
    threshold = c.response_threshold
    times = scope.support_times
    if not threshold or not times:
        return
    crossed = {pk: ts[threshold - 1] for pk, ts in times.items() if len(ts) >= threshold}
    if not crossed:
        return
    proposals = list(Proposal.objects.filter(pk__in=crossed).order_by("pk"))
    for p in proposals:
        p.threshold_reached_at = crossed[p.pk]
    Proposal.objects.bulk_update(proposals, ["threshold_reached_at"], batch_size=BATCH)
    assign_many_on_threshold(consultation=c, crossed=crossed)
    notes = []
    for p in proposals:
        at = crossed[p.pk]
        params = {"title": p.title, "consultation": c.title, "supports": threshold}
        notes += [
            Notification(
                recipient=official,
                kind=Notification.Kind.THRESHOLD,
                params=params,
                link=proposal_link(p),
                created_at=at,
                read_at=at + timedelta(days=1) if scope.rng.random() < 0.6 else None,
            )
            for official in scope.officials
        ]
    insert(Notification, notes)
    scope.counts["threshold crossings"] += len(proposals)
    scope.counts["notifications"] += len(notes)
