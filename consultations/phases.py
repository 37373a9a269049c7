"""The consultation phase, derived from its schedule and the clock. One function decides it."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    COLLECTING = "collecting", _("Collecting proposals")
    VOTING = "voting", _("Voting")
    DELIBERATING = "deliberating", _("Deliberating")
    CLOSED = "closed", _("Closed")


@dataclass(frozen=True)
class Schedule:
    proposals_open: datetime
    proposals_close: datetime
    voting_open: datetime
    voting_close: datetime
    responses_due: datetime

    def is_collecting(self, now: datetime) -> bool:
        """Proposals may be submitted: open <= now < close."""
        return self.proposals_open <= now < self.proposals_close

    def is_voting(self, now: datetime) -> bool:
        """Supports may be cast or withdrawn: open <= now < close."""
        return self.voting_open <= now < self.voting_close

    def phases(self, now: datetime) -> frozenset[Phase]:
        """Every phase in force at `now` (collecting and voting may overlap)."""
        active: set[Phase] = set()
        if self.is_collecting(now):
            active.add(Phase.COLLECTING)
        if self.is_voting(now):
            active.add(Phase.VOTING)
        if active:
            return frozenset(active)
        if now < self.proposals_open:
            return frozenset({Phase.UPCOMING})
        if now < self.voting_open:
            # Between collecting and voting: proposals are in and being reviewed.
            return frozenset({Phase.DELIBERATING})
        if now < self.responses_due:
            return frozenset({Phase.DELIBERATING})
        return frozenset({Phase.CLOSED})

    def phase(self, now: datetime) -> Phase:
        """The one phase to show: voting wins over collecting when they overlap."""
        active = self.phases(now)
        for candidate in (Phase.VOTING, Phase.COLLECTING):
            if candidate in active:
                return candidate
        return next(iter(active))
