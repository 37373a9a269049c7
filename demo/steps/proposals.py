"""Demo citizen content (DESIGN.md §8): proposals, versions, supports, comments, follows and
inbox notifications for every consultation of the demo municipality, in English and Persian.

Each consultation is filled by `demo.filling` (bulk inserts, so a city-scale run of 100,000
proposals and 1,000,000 supports takes minutes; the rules read from the consultation and
asked of `proposals.rules`; stored counts set by the one recount, `demo.recount`). A handful
of showcase rows for the demo citizen account go through the service functions, so their
audit trail and notifications are the real ones. Rejected and hidden content and official
responses are seeded by the moderation and response steps that run after this one.

Idempotent: a consultation that already has proposals is left alone. Deterministic: each
consultation draws from its own random generator, seeded by `--seed` and its slug.
"""

import random
from collections import defaultdict
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from consultations.models import ConsultationPage
from consultations.phases import Phase
from proposals import rules, services
from proposals.exceptions import JourneyError
from proposals.models import Proposal, ResidentVerification

from ..bulk import given_timestamps, insert
from ..filling import fill
from ..filling.scope import Scope
from ..filling.words import (
    EN_COMMENTS,
    EN_EDIT_NOTE,
    EN_PLACES,
    EN_PROBLEMS,
    EN_SUBJECTS,
    FA_PLACES,
    FA_SUBJECTS,
)

DEMO_CITIZEN = "citizen@example.org"


def demo_consultations() -> list[ConsultationPage]:
    """Consultations proposals attach to: live pages in the default language, oldest first."""
    return list(
        ConsultationPage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("proposals_open", "pk")
    )


def demo_citizens(ctx) -> list[User]:
    citizens = ctx.created.get("citizens")
    if citizens is None:
        citizens = list(
            User.objects.filter(
                email__startswith="resident", email__endswith="@example.org", is_active=True
            ).order_by("pk")
        )
    citizens = [user for user in citizens if user.is_active]
    # What `proposals.rules` would ask of each citizen one query at a time (a verified e-mail
    # address), asked once for the crowd and kept where the rules keep it.
    verified = set(EmailAddress.objects.filter(verified=True).values_list("user_id", flat=True))
    for user in citizens:
        user._civic_email_verified = user.pk in verified
    return citizens


def _split(total: int, weights: list[float]) -> list[int]:
    """`total` shared out in proportion to `weights`, exactly (largest remainders)."""
    if not weights or sum(weights) <= 0:
        return [0] * len(weights)
    scale = total / sum(weights)
    shares = [w * scale for w in weights]
    parts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: parts[i] - shares[i])
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _ensure_residents(citizens: list[User], rng: random.Random) -> None:
    """About two citizens in three are verified residents (census match)."""
    existing = set(
        ResidentVerification.objects.filter(user__in=citizens).values_list("user_id", flat=True)
    )
    # One draw per citizen, whoever exists already, so reruns choose the same people.
    chosen = [u for u in citizens if rng.random() < 0.67]
    wanted = [u for u in chosen if u.pk not in existing]
    now = timezone.now()
    insert(
        ResidentVerification,
        [
            ResidentVerification(
                user=u, method=ResidentVerification.Method.CENSUS, created_at=now - timedelta(60)
            )
            for u in wanted
        ],
        ignore_conflicts=True,
    )
    # As `rules.is_verified_resident` would find, one query for the crowd.
    residents = set(ResidentVerification.objects.values_list("user_id", flat=True))
    for user in citizens:
        user._civic_resident = user.pk in residents


# --- the step ---------------------------------------------------------------------------


def seed(ctx) -> None:
    now = timezone.now()
    consultations = demo_consultations()
    if not consultations:
        ctx.log("proposals: no consultations to fill, skipped")
        return
    citizens = demo_citizens(ctx)
    if not citizens:
        ctx.log("proposals: no citizens to write proposals, skipped")
        return
    # Proposals and supports are shared out over the consultations that could have them.
    fresh = [c for c in consultations if not Proposal.objects.filter(consultation=c).exists()]
    active = [c for c in consultations if c.proposals_open <= now]
    voting = [c for c in active if c.voting_open <= now]
    proposal_shares = dict(zip(active, _split(ctx.proposals, [1.0] * len(active)), strict=True))
    support_shares = dict(zip(voting, _split(ctx.supports, [1.0] * len(voting)), strict=True))
    demo_citizen = ctx.accounts.get("citizen") or User.objects.filter(email=DEMO_CITIZEN).first()
    residents_verified = False
    totals: dict[str, int] = defaultdict(int)
    with given_timestamps():
        # Supports a consultation's rules leave unused go to the next one; the most
        # constrained consultations go first, so the unlimited ones take what is left.
        carry = 0
        for consultation in sorted(fresh, key=_constraint_order):
            if consultation.requires_verified_resident and not residents_verified:
                _ensure_residents(citizens, random.Random(f"{ctx.seed}:residents"))
                residents_verified = True
            scope = Scope(
                consultation,
                citizens=citizens,
                proposals=proposal_shares.get(consultation, 0),
                supports=support_shares[consultation] + carry
                if consultation in support_shares
                else 0,
                rng=random.Random(f"{ctx.seed}:{consultation.slug}"),
                now=now,
            )
            done = fill(scope)
            if consultation in support_shares:
                carry = scope.n_supports - done.get("supports", 0)
            for name, count in done.items():
                totals[name] += count
        if carry:
            ctx.log(f"proposals: {carry} supports did not fit the consultations' rules")
    # The showcase runs outside `given_timestamps`: service calls stamp their own times.
    if demo_citizen is not None and ctx.proposals:
        for consultation in fresh:
            for name, count in showcase(consultation, demo_citizen, now=now).items():
                totals[name] += count
    ctx.created["proposal_consultations"] = [c.pk for c in fresh]
    made = ", ".join(f"{totals[name]} {name}" for name in sorted(totals) if totals[name])
    skipped = len(consultations) - len(fresh)
    ctx.log(
        f"proposals: {made or 'nothing new'}"
        + (f" ({skipped} consultation(s) already had proposals)" if skipped else "")
    )


def _constraint_order(consultation) -> tuple:
    limit = consultation.max_supports_per_citizen
    return (limit == 0, limit, not consultation.requires_verified_resident, consultation.pk)


# --- showcase through the services ------------------------------------------------------


def showcase(consultation, citizen, *, now: datetime) -> dict[str, int]:
    """The demo citizen's own activity, through the services: a proposal edited after
    submission (two versions), one withdrawn, supports within the limit, a comment and a
    follow. Only what the consultation's phase allows; anything refused is skipped."""
    counts: dict[str, int] = defaultdict(int)
    if not rules.is_citizen(citizen):
        return counts
    title, body = EN_SUBJECTS[0][0] + " " + EN_PLACES[1], EN_SUBJECTS[0][1] + " by the river."

    def attempt(call, **kwargs):
        try:
            with transaction.atomic():
                return call(**kwargs)
        except JourneyError:
            return None

    if rules.can_submit(citizen, consultation, now=now):
        mine = attempt(
            services.proposal_submit, author=citizen, consultation=consultation,
            title=title, body=body,
        )  # fmt: skip
        if mine is not None:
            counts["showcase proposals"] += 1
            attempt(
                services.proposal_edit, proposal=mine, editor=citizen,
                body=body + "\n\n" + EN_PROBLEMS[1] + EN_EDIT_NOTE,
            )  # fmt: skip
        second = attempt(
            services.proposal_submit, author=citizen, consultation=consultation,
            title=FA_SUBJECTS[4][0] + " " + FA_PLACES[0], body=FA_SUBJECTS[4][1] + ".",
        )  # fmt: skip
        if second is not None:
            counts["showcase proposals"] += 1
            attempt(services.proposal_withdraw, proposal=second, author=citizen)
    published = (
        Proposal.objects.published()
        .filter(consultation=consultation)
        .exclude(author=citizen)
        .select_related("consultation")
        .order_by("-support_count", "pk")
    )
    if consultation.phase_at(now) == Phase.VOTING:
        for proposal in published[:2]:
            if attempt(services.support_cast, citizen=citizen, proposal=proposal) is not None:
                counts["showcase supports"] += 1
    first = published.first()
    if first is not None and rules.can_comment(citizen, first, now=now):
        posted = attempt(services.comment_post, author=citizen, proposal=first, body=EN_COMMENTS[6])
        counts["showcase comments"] += posted is not None
    attempt(services.follow, follower=citizen, consultation=consultation)
    return counts
