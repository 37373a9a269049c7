"""The consultation phase, derived from its schedule and the clock. One function decides it.

Phases, for a schedule ``proposals_open < proposals_close``, ``voting_open < voting_close``,
``proposals_open <= voting_open``, ``proposals_close <= voting_close`` and
``voting_close <= responses_due`` (ConsultationPage.clean and named database constraints
enforce that order):

- upcoming: before ``proposals_open``; nothing to do yet.
- collecting: ``proposals_open <= now < proposals_close``; proposals may be sent.
- voting: ``voting_open <= now < voting_close``; supports may be cast and withdrawn.
  Collecting and voting may overlap: both are then in force, and voting is the one shown.
- deliberating: no window is open to citizens and answers are not yet all due. This covers
  the gap between the end of collecting and the start of voting (moderators review the last
  proposals, citizens read and comment) and the time after voting until ``responses_due``
  (officials weigh the supported proposals and answer). One name for both, because for a
  citizen they are the same: nothing to send or support, the city is working.
- closed: at ``responses_due`` and after (and after voting closed).

Each window is half-open: it starts at its opening instant and ends one instant before its
closing date. ``consultations.queries.phase_q`` turns the same rules into SQL; a property
test proves they agree.
"""

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
        if now < self.voting_open or now < self.responses_due:
            return frozenset({Phase.DELIBERATING})
        return frozenset({Phase.CLOSED})

    def phase(self, now: datetime) -> Phase:
        """The one phase to show: voting wins over collecting when they overlap."""
        active = self.phases(now)
        for candidate in (Phase.VOTING, Phase.COLLECTING):
            if candidate in active:
                return candidate
        return next(iter(active))

    def next_change(self, now: datetime) -> datetime | None:
        """The first date after `now` at which something changes for citizens, if any."""
        upcoming = [
            moment
            for moment in (
                self.proposals_open,
                self.proposals_close,
                self.voting_open,
                self.voting_close,
                self.responses_due,
            )
            if moment > now
        ]
        return min(upcoming, default=None)
