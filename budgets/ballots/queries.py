"""Reads for ballot pages, the budget's section of its consultation page and My activity.

Each reader runs a fixed number of queries, whatever the number of projects or ballots.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from budgets.models import Ballot, BallotChoice, BudgetHeading, Project
from proposals.models import ModerationState
from proposals.queries import pages_in_language

if TYPE_CHECKING:
    from accounts.models import User
    from consultations.models import ConsultationPage


def heading_of(consultation: "ConsultationPage", heading_id: int) -> BudgetHeading | None:
    """The heading `heading_id` of the (canonical) consultation, or None."""
    return (
        BudgetHeading.objects.filter(consultation_id=consultation.pk, pk=heading_id)
        .select_related("area")
        .first()
    )


def headings_of(consultation: "ConsultationPage") -> list[BudgetHeading]:
    return list(
        BudgetHeading.objects.filter(consultation_id=consultation.pk)
        .select_related("area")
        .order_by("sort_order", "pk")
    )


def ballot_projects(heading: BudgetHeading) -> QuerySet:
    """The projects on a heading's ballot: their proposal is published (not evaluated)."""
    return (
        Project.objects.filter(heading=heading, proposal__state=ModerationState.PUBLISHED)
        .select_related("proposal", "proposal__area")
        .order_by("cost", "pk")
    )


def own_choice(user: "User", heading: BudgetHeading) -> set[int] | None:
    """The project ids of the citizen's stored ballot under `heading`; None without one."""
    if not user.is_authenticated:
        return None
    rows = list(
        BallotChoice.objects.filter(ballot__heading=heading, ballot__voter=user).values_list(
            "project_id", flat=True
        )
    )
    if rows:
        return set(rows)
    # A ballot always holds at least one project (an empty one is withdrawn).
    return None


def own_ballot_headings(user: "User", consultation: "ConsultationPage") -> dict[int, int]:
    """Heading id -> number of projects on the citizen's ballot there (one query)."""
    if not user.is_authenticated:
        return {}
    counts: dict[int, int] = {}
    rows = BallotChoice.objects.filter(
        ballot__voter=user, ballot__heading__consultation_id=consultation.pk
    ).values_list("ballot__heading_id", flat=True)
    for heading_id in rows:
        counts[heading_id] = counts.get(heading_id, 0) + 1
    return counts


@dataclass
class MyBallot:
    """One of the citizen's ballots, for My activity."""

    ballot: Ballot
    page: "ConsultationPage"  # the consultation in the reader's language
    projects: list[Project] = field(default_factory=list)

    @property
    def heading(self) -> BudgetHeading:
        return self.ballot.heading

    @property
    def consultation(self) -> "ConsultationPage":
        return self.ballot.heading.consultation

    @property
    def total(self) -> Decimal:
        return sum((p.cost for p in self.projects), start=Decimal(0))


def my_ballots(user: "User") -> list[MyBallot]:
    """Every ballot of `user`, the latest balloting first, with its projects (one query
    without ballots, four with)."""
    ballots = list(
        Ballot.objects.filter(voter=user)
        .select_related("heading__consultation")
        .prefetch_related("projects__proposal")
        .order_by("-heading__consultation__voting_close", "heading__sort_order", "heading_id")
    )
    if not ballots:
        return []
    pages = pages_in_language(b.heading.consultation for b in ballots)
    return [
        MyBallot(
            ballot=b,
            page=pages[b.heading.consultation_id],
            projects=sorted(b.projects.all(), key=lambda p: (p.cost, p.pk)),
        )
        for b in ballots
    ]
