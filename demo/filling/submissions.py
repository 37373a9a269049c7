"""Proposals as citizens send them: title and body in English or Persian, an area and a place
on the map for many, topics of the consultation, a second version for some edited in the
first minutes, and a few withdrawn by their author later on.

Pre-moderation consultations keep some proposals waiting (not once the consultation has
closed); the others are published at once, or when a moderator got to them.
"""

import random
from datetime import timedelta
from decimal import Decimal

from civic.text import fold
from consultations.models import Area
from consultations.phases import Phase
from proposals.models import (
    ModerationDecision,
    ModerationState,
    Proposal,
    ProposalTopic,
    ProposalVersion,
    ReasonCode,
)
from proposals.models.proposals import BODY_MAX, TITLE_MAX
from proposals.moderation.models import DecisionAction

from ..bulk import BATCH, between, insert
from .scope import Drafted, Scope
from .words import EN_EDIT_NOTE, FA_EDIT_NOTE, proposal_text

State = ModerationState
# The demo city: district centres scatter around this point (Tehran's centre, roughly).
CITY = (35.6997, 51.3380)


def area_centre(area: Area) -> tuple[float, float]:
    spot = random.Random(f"area:{area.slug}")
    return CITY[0] + spot.uniform(-0.06, 0.06), CITY[1] + spot.uniform(-0.09, 0.09)


def make_proposals(scope: Scope) -> list[Drafted]:
    """Insert the consultation's proposals with their versions and topics; withdrawals are
    planned here (their moment bounds what others do) and written by `withdraw`."""
    rng, schedule = scope.rng, scope.consultation.schedule
    start, end = scope.window["proposals"]
    pending_share = 0.12 if scope.pre and scope.phase != Phase.CLOSED else 0.0
    drafted = []
    for _n in range(scope.n_proposals):
        author = rng.choice(scope.citizens)
        persian = rng.random() < 0.3
        title, body, subject = proposal_text(rng, persian)
        created = between(rng, start, end)
        state = State.PENDING if rng.random() < pending_share else State.PUBLISHED
        area = rng.choice(scope.areas) if scope.areas and rng.random() < 0.7 else None
        lat = lon = None
        if area is not None and rng.random() < 0.6:
            centre = area_centre(area)
            lat = Decimal(f"{centre[0] + rng.gauss(0, 0.008):.6f}")
            lon = Decimal(f"{centre[1] + rng.gauss(0, 0.008):.6f}")
        edited_at = None
        if rng.random() < 0.12:
            edited_at = created + timedelta(minutes=rng.randint(10, 50))
            # Authors edit only while proposals are collected (proposals.rules).
            if not (schedule.is_collecting(edited_at) and edited_at <= scope.now):
                edited_at = None
        published = None
        if state == State.PUBLISHED:
            # Post-moderation: at once; pre-moderation: when a moderator got to it (after
            # any edit, which is only possible before a decision).
            delay = timedelta(hours=rng.uniform(2, 40)) if scope.pre else timedelta(0)
            published = min(created + delay, scope.now)
        withdraws = rng.random() < (0.05 if state == State.PUBLISHED else 0.1)
        proposal = Proposal(
            consultation=scope.consultation,
            author=author,
            title=title[:TITLE_MAX],
            body=body[:BODY_MAX],
            search_title=fold(title[:TITLE_MAX]),
            search_body=fold(body[:BODY_MAX]),
            area=area,
            latitude=lat,
            longitude=lon,
            state=state,
            created_at=created,
            published_at=published,
            edited_at=edited_at,
        )
        tags = []
        if scope.topics:
            tags = rng.sample(scope.topics, k=min(len(scope.topics), rng.choice((1, 1, 2))))
        drafted.append(Drafted(proposal, persian, subject, tags, withdraws))
    insert(Proposal, [d.proposal for d in drafted])
    scope.counts["proposals"] += len(drafted)
    _versions(scope, drafted)
    _topics(drafted)
    _plan_withdrawals(scope, drafted)
    return drafted


def _versions(scope: Scope, drafted: list[Drafted]) -> None:
    versions = []
    for d in drafted:
        p = d.proposal
        topics = sorted(tag.name for tag in d.tags)
        common = {
            "proposal": p,
            "topics": topics,
            "area": p.area,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "edited_by": p.author,
        }
        if p.edited_at is None:
            versions.append(
                ProposalVersion(
                    number=1, title=p.title, body=p.body, edited_at=p.created_at, **common
                )
            )
            continue
        # The first version lacked the place; the edit added it, and a note says so.
        versions.append(
            ProposalVersion(
                number=1,
                title=d.subject,
                body=p.body.split("\n\n", 1)[-1],
                edited_at=p.created_at,
                **{**common, "latitude": None, "longitude": None},
            )
        )
        note = FA_EDIT_NOTE if d.persian else EN_EDIT_NOTE
        p.body = f"{p.body}{note}"[:BODY_MAX]
        versions.append(
            ProposalVersion(number=2, title=p.title, body=p.body, edited_at=p.edited_at, **common)
        )
        d.edited_body = True
    insert(ProposalVersion, versions)
    edited = [d.proposal for d in drafted if d.edited_body]
    Proposal.objects.bulk_update(edited, ["body"], batch_size=BATCH)
    scope.counts["versions"] += len(versions)


def _topics(drafted: list[Drafted]) -> None:
    rows = [ProposalTopic(content_object=d.proposal, tag=tag) for d in drafted for tag in d.tags]
    insert(ProposalTopic, rows)


def _plan_withdrawals(scope: Scope, drafted: list[Drafted]) -> None:
    for d in drafted:
        if d.withdraws:
            since = d.proposal.published_at or d.proposal.created_at
            d.withdrawn_at = between(scope.rng, since, max(scope.window["comments"][1], since))


def withdraw(scope: Scope, drafted: list[Drafted]) -> None:
    """The planned withdrawals: the author's decision in the audit trail (no moderator);
    supports given before it stay, frozen."""
    decisions, changed = [], []
    for d in drafted:
        if d.withdrawn_at is None:
            continue
        p = d.proposal
        decisions.append(
            ModerationDecision(
                moderator=None,
                consultation=scope.consultation,
                proposal=p,
                from_state=p.state,
                to_state=State.WITHDRAWN,
                reason=ReasonCode.WITHDRAWN,
                action=DecisionAction.WITHDRAW,
                created_at=d.withdrawn_at,
            )
        )
        p.state = State.WITHDRAWN
        changed.append(p)
    Proposal.objects.bulk_update(changed, ["state"], batch_size=BATCH)
    insert(ModerationDecision, decisions)
    scope.counts["withdrawn"] += len(changed)
