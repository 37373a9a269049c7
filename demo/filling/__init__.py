"""Everything citizens did in one consultation, in the order it happened: proposals sent
(some edited), supported, discussed, some withdrawn, moderators' trail in pre-moderation,
follows; then the stored counts recounted from the rows and the threshold crossings marked.

Rows go in by bulk insert (`demo.bulk`) so a city-scale seed takes minutes; the rules they
keep are read from the consultation and asked of `proposals.rules` (see each piece), and the
counts come from the one recount, `demo.recount`.
"""

from django.db import transaction

from ..recount import recount
from .comments import make_comments
from .follows import make_follows
from .scope import Scope
from .submissions import make_proposals, withdraw
from .supports import make_supports
from .thresholds import mark_thresholds
from .trail import proposals_trail


@transaction.atomic
def fill(scope: Scope) -> dict[str, int]:
    """Fill one consultation; returns how many of each thing were made."""
    if not scope.n_proposals:
        return scope.counts
    drafted = make_proposals(scope)
    make_supports(scope, drafted)  # while the proposals are as they were then
    make_comments(scope, drafted)
    withdraw(scope, drafted)
    proposals_trail(scope, drafted)
    make_follows(scope, drafted)
    recount(scope.consultation.pk)
    mark_thresholds(scope)
    return scope.counts
