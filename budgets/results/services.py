"""Counting a budget: one allocation per heading, stored with its rule, code version and time.

`count_heading` is the one writer of `Allocation` and `AllocationResult`. It reads a heading's
projects and ballots as plain tuples (a `values_list` of (ballot id, project id) pairs in
ballot order, grouped here), so 100,000 ballots never become model instances, runs the
consultation's rule from `budgets.allocation`, and stores the outcome in one transaction. The
newest allocation of a heading is the published result; a recount adds a new one and keeps
the old for the record.

Counting happens only once balloting has closed: by the background task (`count_closed`,
trigger "close") for every heading that has no allocation since the close, or by an official
of the consultation or an administrator on demand (trigger "staff", written to Wagtail's
audit log with who asked). Counting never changes a proposal's outcome: that is set by its
official response alone; the results page shows which projects were selected.
"""

from collections.abc import Iterator
from datetime import datetime
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from itertools import groupby
from operator import itemgetter

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from budgets import allocation
from budgets.models import (
    Allocation,
    AllocationResult,
    Ballot,
    BallotChoice,
    BudgetHeading,
    Project,
)
from proposals.exceptions import JourneyError, NotAllowed, PhaseClosed

from .permissions import may_count

LOG_COUNT = "budgets.allocation.count"
CHUNK_SIZE = 5000
CENT = Decimal("0.01")


class CountingError(JourneyError):
    """A count that cannot happen now; the message is for the person who asked."""


def _decimal(value: Fraction | None) -> Decimal | None:
    """Money to the cent, never rounded up (a share of 1/3 of a cent is not a cent)."""
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT, ROUND_DOWN)


def heading_ballots(heading_id: int) -> Iterator[tuple[int, ...]]:
    """Every ballot of a heading as a tuple of project ids, an empty ballot as (): one query
    for the choices, streamed in ballot order, and one count for the ballots."""
    pairs = (
        BallotChoice.objects.filter(ballot__heading_id=heading_id)
        .order_by("ballot_id", "project_id")
        .values_list("ballot_id", "project_id")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    with_choices = 0
    for _ballot, rows in groupby(pairs, key=itemgetter(0)):
        with_choices += 1
        yield tuple(project for _b, project in rows)
    empty = Ballot.objects.filter(heading_id=heading_id).count() - with_choices
    for _n in range(max(empty, 0)):
        yield ()


def compute(heading: BudgetHeading, rule: str) -> allocation.Outcome:
    """The outcome of counting the heading's ballots now with `rule` (nothing is stored)."""
    projects = [
        allocation.Project(pk, cost)
        for pk, cost in Project.objects.filter(heading=heading).values_list("pk", "cost")
    ]
    return allocation.allocate(rule, heading.amount, projects, heading_ballots(heading.pk))


def _money_at_turn(result: allocation.ProjectResult) -> Fraction | None:
    """What the page explains a result with: the money left when its turn came, or, for a
    project the equal shares could not fund, what its supporters had left together."""
    if result.reason == allocation.Reason.SUPPORTERS_COULD_NOT_AFFORD:
        return result.supporters_money
    return result.money_left_at_turn


def _check_closed(consultation, now: datetime) -> None:
    if not consultation.is_budget:
        raise CountingError(_("Only a participatory budget is counted."))
    if now < consultation.voting_close:
        raise PhaseClosed(_("Balloting is still open: the ballots are counted once it closes."))


@transaction.atomic
def count_heading(
    heading: BudgetHeading,
    trigger: str = Allocation.Trigger.CLOSE,
    requested_by=None,
    *,
    now: datetime | None = None,
) -> Allocation:
    """Count one heading's ballots with its consultation's rule and publish the allocation.

    Refused while balloting is open. A staff count needs an official of the consultation or
    an administrator and is written to the audit log."""
    now = now or timezone.now()
    trigger = Allocation.Trigger(trigger)
    # One count of a heading at a time: the task and a staff member never interleave.
    heading = (
        BudgetHeading.objects.select_for_update().select_related("consultation").get(pk=heading.pk)
    )
    consultation = heading.consultation
    _check_closed(consultation, now)
    if trigger == Allocation.Trigger.STAFF and not may_count(requested_by, consultation):
        raise NotAllowed(_("Only the consultation's officials and administrators may count it."))
    outcome = compute(heading, consultation.allocation_rule)
    counted = Allocation.objects.create(
        heading=heading,
        rule=str(outcome.rule),
        code_version=outcome.code_version,
        computed_at=now,
        amount=heading.amount,
        spent=_decimal(outcome.spent),
        ballots=outcome.num_voters,
        trigger=trigger,
        requested_by=requested_by if trigger == Allocation.Trigger.STAFF else None,
    )
    AllocationResult.objects.bulk_create(
        [
            AllocationResult(
                allocation=counted,
                project_id=result.project_id,
                votes=result.votes,
                selected=result.selected,
                reason=str(result.reason),
                rank=result.rank,
                money_left=_decimal(_money_at_turn(result)),
            )
            for result in outcome.in_vote_order()
        ],
        batch_size=1000,
    )
    if trigger == Allocation.Trigger.STAFF:
        log(
            instance=counted,
            action=LOG_COUNT,
            user=requested_by,
            data={
                "heading": heading.pk,
                "consultation": consultation.pk,
                "rule": counted.rule,
                "ballots": counted.ballots,
                "selected": len(outcome.selected),
            },
        )
    return counted


def count_consultation(consultation, *, requested_by, now: datetime | None = None) -> list:
    """Staff "Count now": every heading of the (canonical) consultation, in one transaction."""
    now = now or timezone.now()
    canonical = consultation.canonical
    _check_closed(canonical, now)
    if not may_count(requested_by, canonical):
        raise NotAllowed(_("Only the consultation's officials and administrators may count it."))
    with transaction.atomic():
        return [
            count_heading(heading, Allocation.Trigger.STAFF, requested_by, now=now)
            for heading in BudgetHeading.objects.filter(consultation=canonical).order_by(
                "sort_order", "pk"
            )
        ]


def headings_due(now: datetime | None = None):
    """Headings of budgets whose balloting has closed and that have no allocation since."""
    from django.db.models import Exists, F, OuterRef

    now = now or timezone.now()
    counted_since_close = Allocation.objects.filter(
        heading=OuterRef("pk"), computed_at__gte=F("heading__consultation__voting_close")
    )
    return (
        BudgetHeading.objects.filter(
            consultation__kind="budget",
            consultation__live=True,
            consultation__voting_close__lte=now,
            # Ballots attach to the default-language page's headings; a translation's copies
            # of its headings hold none.
            consultation__locale__language_code=settings.LANGUAGE_CODE,
        )
        .filter(~Exists(counted_since_close))
        .order_by("consultation_id", "sort_order", "pk")
    )


def count_closed(now: datetime | None = None) -> int:
    """Count every heading due (see `headings_due`); returns how many were counted. Safe to
    run twice at once: a heading counted meanwhile by the other run is skipped."""
    now = now or timezone.now()
    counted = 0
    for heading_id in list(headings_due(now).values_list("pk", flat=True)):
        with transaction.atomic():
            heading = BudgetHeading.objects.select_for_update().get(pk=heading_id)
            if headings_due(now).filter(pk=heading.pk).exists():
                count_heading(heading, Allocation.Trigger.CLOSE, now=now)
                counted += 1
    return counted
