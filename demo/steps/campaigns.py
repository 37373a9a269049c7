"""Demo seed step: a possible campaign in the moderation queue.

Runs after `demo.steps.moderation`. In the first live consultation whose proposals are open (or
have been), five citizens post nearly the same comment on one proposal and three others send
nearly the same proposal, as a brigade would; the queue shows both groups
(proposals/moderation/campaigns.py). The items wait for a moderator where the consultation
moderates first, and are published at once otherwise, as the rules of the consultation say.
Each text is looked up before it is written, so a second run adds nothing.
"""

from django.db import transaction

from accounts.models import User
from proposals.models import Comment, ModerationState, Proposal

from .moderation import _comment, _consultations, _proposal

State = ModerationState
PROPOSALS = [
    (
        "Stop the tower on Elm Street",
        "The tower would block the light of every house on Elm Street. Stop it now!",
    ),
    (
        "Stop the tower on Elm Street!",
        "The tower would block the light of every house on Elm Street. Stop it now.",
    ),
    (
        "Stop the Elm Street tower",
        "The tower would block the light of every house on Elm Street. Stop it now!!",
    ),
]
COMMENTS = [
    "This proposal is a waste of money. Vote it down and stop the tower on Elm Street!",
    "This proposal is a waste of money. Vote it down and stop the tower on Elm Street.",
    "This proposal is a waste of money! Vote it down and stop the tower on Elm Street!",
    "this proposal is a waste of money. vote it down and stop the tower on elm street!",
    "This proposal is a waste of money. Vote it down, stop the tower on Elm Street!",
]


def _citizens(ctx) -> list[User]:
    return ctx.created.get("citizens") or list(
        User.objects.filter(email__startswith="resident", email__endswith="@example.org")
        .filter(is_active=True)
        .order_by("pk")[:40]
    )


def seed(ctx) -> None:
    citizens = _citizens(ctx)
    consultations = _consultations()[:1]
    if len(citizens) < len(PROPOSALS) + len(COMMENTS) or not consultations:
        ctx.log("campaigns: no consultation or too few citizens, skipped")
        return
    consultation = consultations[0]
    pre = consultation.moderation == consultation.Moderation.PRE
    state = State.PENDING if pre else State.PUBLISHED
    # The last citizens of the list, so the brigade is not the moderation examples' authors.
    brigade = citizens[-(len(PROPOSALS) + len(COMMENTS)) :]
    made = 0
    with transaction.atomic():
        for (title, body), author in zip(PROPOSALS, brigade, strict=False):
            if not Proposal.objects.filter(consultation=consultation, title=title).exists():
                _proposal(consultation, author, title, body, state)
                made += 1
        host = (
            Proposal.objects.filter(consultation=consultation, state=State.PUBLISHED)
            .exclude(title__in=[title for title, _body in PROPOSALS])
            .order_by("pk")
            .first()
        )
        if host is not None:
            there = set(
                Comment.objects.filter(
                    proposal__consultation=consultation, body__in=COMMENTS
                ).values_list("body", flat=True)
            )
            for body, author in zip(COMMENTS, brigade[len(PROPOSALS) :], strict=False):
                if body not in there:
                    _comment(host, author, body, state)
                    made += 1
    ctx.log(f"campaigns: {made} item(s) of a possible campaign in “{consultation.title}”")
