"""One consultation being filled: what is read from it once (schedule, moderation mode,
topics, areas, staff), the clock and the random generator, and what has been made."""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from accounts.models import User
from consultations import roles
from consultations.models import Area, ConsultationPage
from proposals.models import Proposal


def windows(consultation: ConsultationPage, now: datetime) -> dict[str, tuple[datetime, datetime]]:
    """When things could happen in this consultation, as seen at `now`: its schedule, cut
    at the present."""
    schedule = consultation.schedule
    return {
        "proposals": (schedule.proposals_open, min(schedule.proposals_close, now)),
        "voting": (schedule.voting_open, min(schedule.voting_close, now)),
        "comments": (schedule.proposals_open, min(schedule.responses_due, now)),
    }


@dataclass
class Drafted:
    """One proposal as written, with what its author does with it later."""

    proposal: Proposal
    persian: bool
    subject: str  # the title without its place (an edited proposal's first title)
    tags: list
    withdraws: bool
    withdrawn_at: datetime | None = None
    edited_body: bool = False

    def active_until(self, end: datetime) -> datetime:
        """The end of what others could do with it: `end`, or its withdrawal if earlier."""
        return min(end, self.withdrawn_at) if self.withdrawn_at else end


class Scope:
    """Everything the pieces of one consultation's filling share."""

    def __init__(
        self,
        consultation: ConsultationPage,
        *,
        citizens: list[User],
        proposals: int,
        supports: int,
        rng: random.Random,
        now: datetime,
    ) -> None:
        self.consultation = consultation
        self.citizens = citizens
        self.n_proposals = proposals
        self.n_supports = supports
        self.rng = rng
        self.now = now
        self.window = windows(consultation, now)
        self.pre = consultation.moderation == ConsultationPage.Moderation.PRE
        self.phase = consultation.phase_at(now)
        self.topics = list(consultation.topics.all())
        self.areas = list(consultation.areas.all()) or list(Area.objects.all())
        self.moderators = list(roles.moderators_of(consultation))
        self.officials = list(roles.officials_of(consultation))
        self.moderator_ids = {u.pk for u in self.moderators}
        self.counts: dict[str, int] = defaultdict(int)
        # When each proposal got its supports, in order (for threshold crossings).
        self.support_times: dict[int, list[datetime]] = {}
