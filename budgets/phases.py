"""A budget's phase, derived from its schedule and the clock like any consultation's
(consultations/phases.py), in the budget's own words (DESIGN.md §9):

- upcoming: before proposals open.
- collecting: proposals may be sent (``proposals_open <= now < proposals_close``).
- reviewing: from the end of collecting until balloting opens; officials review each
  proposal's feasibility and cost.
- balloting: ``voting_open <= now < voting_close``; citizens cast and change ballots.
- counting: balloting has closed and the allocation is not published yet.
- finished: an allocation of every heading is published.

A budget's schedule never lets collecting and balloting overlap (a named constraint).
"""

from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.phases import Schedule


class BudgetPhase(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    COLLECTING = "collecting", _("Collecting proposals")
    REVIEWING = "reviewing", _("Reviewing feasibility")
    BALLOTING = "balloting", _("Balloting")
    COUNTING = "counting", _("Counting")
    FINISHED = "finished", _("Finished")


def budget_phase(schedule: Schedule, now: datetime, *, allocated: bool) -> BudgetPhase:
    """The phase at `now`; `allocated` says whether every heading has a published allocation."""
    if now < schedule.proposals_open:
        return BudgetPhase.UPCOMING
    if schedule.is_collecting(now):
        return BudgetPhase.COLLECTING
    if now < schedule.voting_open:
        return BudgetPhase.REVIEWING
    if schedule.is_voting(now):
        return BudgetPhase.BALLOTING
    return BudgetPhase.FINISHED if allocated else BudgetPhase.COUNTING
