"""Reads of published allocations (the results page, open data), free of HTTP.

Every read here takes a fixed number of queries whatever the number of headings, projects or
ballots: the newest allocation of each heading, then its results with their projects'
proposals in one query.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Subquery

from budgets.models import (
    Allocation,
    AllocationResult,
    Ballot,
    BallotChoice,
    BudgetHeading,
    Project,
)

LIST_SEPARATOR = ";"


@dataclass
class ResultRow:
    project_id: int
    proposal_id: int
    title: str
    cost: Decimal
    votes: int
    selected: bool
    reason: str
    rank: int
    money_left: Decimal | None
    # Filled in by the page: the reason in words.
    explanation: str = ""


@dataclass
class HeadingResult:
    heading: BudgetHeading
    allocation: Allocation | None
    rows: list[ResultRow] = field(default_factory=list)

    @property
    def winners(self) -> list[ResultRow]:
        return [row for row in self.rows if row.selected]

    @property
    def losers(self) -> list[ResultRow]:
        return [row for row in self.rows if not row.selected]

    @property
    def left(self) -> Decimal | None:
        if self.allocation is None:
            return None
        return self.allocation.amount - self.allocation.spent

    @property
    def money_line(self) -> ResultRow | None:
        """Where the money ran out: the first project in the vote order that had votes and
        was not funded."""
        return next((row for row in self.rows if not row.selected and row.votes > 0), None)

    def last_winner_before(self, row: ResultRow) -> ResultRow | None:
        """The last funded project ahead of `row` in the vote order."""
        last = None
        for other in self.rows:
            if other.rank >= row.rank:
                break
            if other.selected:
                last = other
        return last


def headings_of(consultation) -> list[BudgetHeading]:
    """The (canonical) consultation's headings in their order."""
    return list(
        BudgetHeading.objects.filter(consultation=consultation.canonical).order_by(
            "sort_order", "pk"
        )
    )


def latest_allocations(heading_ids: list[int]) -> dict[int, Allocation]:
    """The published (newest) allocation of each heading that has one: one query."""
    newest = Allocation.objects.filter(heading_id=OuterRef("heading_id")).order_by(
        "-computed_at", "-id"
    )
    rows = Allocation.objects.filter(
        heading_id__in=heading_ids, pk=Subquery(newest.values("pk")[:1])
    ).select_related("requested_by")
    return {row.heading_id: row for row in rows}


def is_allocated(consultation) -> bool:
    """Every heading of the budget has a published allocation."""
    headings = headings_of(consultation)
    return bool(headings) and len(latest_allocations([h.pk for h in headings])) == len(headings)


def heading_results(consultation) -> list[HeadingResult]:
    """Each heading with its published allocation and the results in the vote order: three
    queries."""
    headings = headings_of(consultation)
    allocations = latest_allocations([h.pk for h in headings])
    by_allocation: dict[int, list[ResultRow]] = {pk.pk: [] for pk in allocations.values()}
    results = (
        AllocationResult.objects.filter(allocation__in=[a.pk for a in allocations.values()])
        .order_by("allocation_id", "rank")
        .values_list(
            "allocation_id",
            "project_id",
            "project__proposal_id",
            "project__proposal__title",
            "project__cost",
            "votes",
            "selected",
            "reason",
            "rank",
            "money_left",
        )
    )
    for allocation_id, *values in results:
        by_allocation[allocation_id].append(ResultRow(*values))
    return [
        HeadingResult(
            heading=heading,
            allocation=allocations.get(heading.pk),
            rows=by_allocation.get(allocations[heading.pk].pk, [])
            if heading.pk in allocations
            else [],
        )
        for heading in headings
    ]


def ballot_totals(consultation) -> dict[int, int]:
    """Ballots cast under each heading (for the page before counting)."""
    return dict(
        Ballot.objects.filter(heading__consultation=consultation.canonical)
        .values_list("heading_id")
        .annotate(n=Count("pk"))
        .values_list("heading_id", "n")
    )


# --- open data ----------------------------------------------------------------------------


def export_projects(consultation_id: int) -> Iterator[tuple]:
    """(project_id, proposal_id, heading_id, title, cost, votes, selected, reason) of every
    project of the consultation, by heading and id; votes, selected and reason are the
    published allocation's, None before counting."""
    headings = list(
        BudgetHeading.objects.filter(consultation_id=consultation_id).values_list("pk", flat=True)
    )
    allocations = {h: a.pk for h, a in latest_allocations(headings).items()}
    published = {
        project: (votes, selected, reason)
        for project, votes, selected, reason in AllocationResult.objects.filter(
            allocation_id__in=list(allocations.values())
        ).values_list("project_id", "votes", "selected", "reason")
    }
    projects = (
        Project.objects.filter(heading_id__in=headings)
        .order_by("heading__sort_order", "heading_id", "pk")
        .values_list("pk", "proposal_id", "heading_id", "proposal__title", "cost")
    )
    for pk, proposal, heading, title, cost in projects.iterator(chunk_size=2000):
        votes, selected, reason = published.get(pk, (None, None, None))
        yield pk, proposal, heading, title, cost, votes, selected, reason


def export_ballots(heading_ids: list[int]) -> Iterator[tuple[int, str, list[int]]]:
    """(heading_id, voter_token, chosen project ids) of every ballot of the headings, in
    heading and ballot order: one streamed query for the choices and one for the ballots."""
    ballots = (
        Ballot.objects.filter(heading_id__in=heading_ids)
        .order_by("heading_id", "pk")
        .values_list("pk", "heading_id", "voter_token")
        .iterator(chunk_size=2000)
    )
    choices = (
        BallotChoice.objects.filter(ballot__heading_id__in=heading_ids)
        .order_by("ballot__heading_id", "ballot_id", "project_id")
        .values_list("ballot_id", "project_id")
        .iterator(chunk_size=5000)
    )
    pending = next(choices, None)
    for pk, heading, token in ballots:
        chosen = []
        while pending is not None and pending[0] == pk:
            chosen.append(pending[1])
            pending = next(choices, None)
        yield heading, token, chosen


def export_stamp(consultation_id: int) -> dict:
    """What changes when a budget file would: ballots, choices, projects and allocations."""
    headings = BudgetHeading.objects.filter(consultation_id=consultation_id)
    ballots = Ballot.objects.filter(heading__in=headings).aggregate(
        budget_ballots=Count("pk"),
        budget_ballot_max=Max("pk"),
        budget_ballots_changed=Max("changed_at"),
    )
    choices = BallotChoice.objects.filter(ballot__heading__in=headings).aggregate(
        budget_choices=Count("pk"), budget_choice_max=Max("pk")
    )
    projects = Project.objects.filter(heading__in=headings).aggregate(
        budget_projects=Count("pk"), budget_projects_changed=Max("updated_at")
    )
    allocations = Allocation.objects.filter(heading__in=headings).aggregate(
        budget_allocation_max=Max("pk"), budget_allocated=Max("computed_at")
    )
    heading_rows = headings.aggregate(budget_headings=Count("pk"), budget_amounts=Max("amount"))
    return {**ballots, **choices, **projects, **allocations, **heading_rows}


def latest_change(stamp: dict) -> datetime | None:
    times = [v for v in stamp.values() if isinstance(v, datetime)]
    return max(times) if times else None


def allocated_ids(canonical_ids: Iterable[int]) -> set[int]:
    """The budgets among these whose every heading has a published allocation (one query)."""
    ids = set(canonical_ids)
    if not ids:
        return set()
    done: dict[int, bool] = {}
    rows = (
        BudgetHeading.objects.filter(consultation_id__in=ids)
        .annotate(counted=Exists(Allocation.objects.filter(heading=OuterRef("pk"))))
        .values_list("consultation_id", "counted")
    )
    for consultation_id, counted in rows:
        done[consultation_id] = done.get(consultation_id, True) and counted
    return {pk for pk, all_counted in done.items() if all_counted}
