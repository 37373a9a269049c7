"""Demo seed step: every moderation state, made through the real services.

Runs after `demo.steps.proposals`. In the first two live consultations whose proposals are open
(or have been), it leaves: proposals and a comment waiting in the queue, a reported
proposal, one hidden automatically after reports, a rejected one with its public reason, a
hidden comment, an open appeal and a decided one. Each example is found by its title, so a
second run adds nothing. The few rows written directly (the examples' proposals and comments
before the services act on them) get their stored counts from `demo.recount`.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from consultations.models import ConsultationPage
from proposals import services
from proposals.exceptions import JourneyError
from proposals.models import Comment, ModerationReason, ModerationState, Proposal, ProposalVersion
from proposals.moderation import services as moderation

from ..recount import recount

State = ModerationState
MODERATOR_EMAIL = "moderator@example.org"
SECOND_MODERATOR_EMAIL = "admin@example.org"  # decides appeals: not the first moderator

EXAMPLES = [
    # (key, title, body)
    ("pending", "Benches along the river path", "Put a bench every 200 metres for older walkers."),
    ("pending_fa", "آب‌خوری در ورودی پارک", "یک آب‌خوری برای رهگذران و دوچرخه‌سواران بگذارید."),
    ("reported", "Close the car park on Sundays", "Turn the car park into a market on Sundays."),
    ("auto_hidden", "Cheap watches, visit my shop", "Best prices in town, call now for a deal."),
    ("rejected", "Repaint the fountain blue", "The same idea was already proposed last week."),
    ("appeal_open", "A skate ramp behind the library", "Teenagers need a place to meet."),
    ("appeal_decided", "Night lights on the bridge", "The bridge is dark and feels unsafe."),
]
COMMENTS = {
    "pending_comment": "Could this also cover the playground?",
    "hidden_comment": "Anyone who disagrees lives at 12 Elm Street, go and tell them.",
}


def _reason(code: str) -> ModerationReason | None:
    return ModerationReason.objects.filter(code=code).order_by("sort_order").first()


def _proposal(consultation, author, title: str, body: str, state: str) -> Proposal:
    now = timezone.now()
    proposal = Proposal.objects.create(
        consultation=consultation,
        author=author,
        title=title,
        body=body,
        state=state,
        published_at=now if state == State.PUBLISHED else None,
    )
    ProposalVersion.objects.create(
        proposal=proposal, number=1, title=title, body=body, edited_by=author, edited_at=now
    )
    recount(consultation.pk, proposal_ids=[proposal.pk])
    return proposal


def _comment(proposal, author, body: str, state: str) -> Comment:
    comment = Comment.objects.create(
        proposal=proposal,
        author=author,
        body=body,
        state=state,
        published_at=timezone.now() if state == State.PUBLISHED else None,
    )
    recount(proposal.consultation_id, proposal_ids=[proposal.pk])
    return comment


class Showcase:
    def __init__(self, consultation, moderator, second, citizens) -> None:
        self.consultation = consultation
        self.moderator = moderator
        self.second = second
        self.citizens = citizens
        self.made = 0

    def person(self, n: int) -> User:
        return self.citizens[n % len(self.citizens)]

    def existing(self, title: str) -> Proposal | None:
        return Proposal.objects.filter(consultation=self.consultation, title=title).first()

    def run(self) -> int:
        for n, (key, title, body) in enumerate(EXAMPLES):
            if self.existing(title) is None:
                getattr(self, key.removesuffix("_fa"))(title, body, self.person(n))
                self.made += 1
        self.comments()
        return self.made

    def pending(self, title, body, author) -> None:
        _proposal(self.consultation, author, title, body, State.PENDING)

    def reported(self, title, body, author) -> None:
        proposal = _proposal(self.consultation, author, title, body, State.PUBLISHED)
        services.report_file(
            reporter=self.person(11), proposal=proposal, reason="off_topic", text=""
        )

    def auto_hidden(self, title, body, author) -> None:
        proposal = _proposal(self.consultation, author, title, body, State.PUBLISHED)
        reporters = [self.person(20 + n) for n in range(self.consultation.auto_hide_reports)]
        for reporter in reporters:
            if reporter.pk == author.pk:
                continue
            proposal.refresh_from_db()
            if proposal.state != State.PUBLISHED:
                break
            services.report_file(reporter=reporter, proposal=proposal, reason="spam")

    def rejected(self, title, body, author) -> None:
        proposal = _proposal(self.consultation, author, title, body, State.PENDING)
        moderation.moderate(
            item=proposal,
            moderator=self.moderator,
            action="reject",
            reason="duplicate",
            text="See the proposal about the fountain.",
            template=_reason("duplicate"),
        )

    def appeal_open(self, title, body, author) -> None:
        proposal = _proposal(self.consultation, author, title, body, State.PENDING)
        moderation.moderate(
            item=proposal,
            moderator=self.moderator,
            action="reject",
            reason="off_topic",
            text="Sports facilities are the subject of another consultation.",
            template=_reason("off_topic"),
        )
        moderation.appeal_file(
            author=author,
            item=proposal,
            text="The consultation asks about the library grounds; the ramp would be there.",
        )

    def appeal_decided(self, title, body, author) -> None:
        proposal = _proposal(self.consultation, author, title, body, State.PUBLISHED)
        moderation.moderate(
            item=proposal,
            moderator=self.moderator,
            action="hide",
            reason="offensive",
            template=_reason("offensive"),
        )
        appeal = moderation.appeal_file(
            author=author, item=proposal, text="Nothing in it is offensive; please read it again."
        )
        moderation.appeal_decide(
            appeal=appeal,
            moderator=self.second,
            overturn=True,
            text="The proposal is polite and on topic. Published again.",
        )

    def comments(self) -> None:
        host = self.existing(EXAMPLES[2][1])  # the reported, still published proposal
        if host is None or host.state != State.PUBLISHED:
            return
        mine = Comment.objects.filter(proposal=host)
        if not mine.filter(body=COMMENTS["pending_comment"]).exists():
            _comment(host, self.person(3), COMMENTS["pending_comment"], State.PENDING)
            self.made += 1
        if not mine.filter(body=COMMENTS["hidden_comment"]).exists():
            comment = _comment(host, self.person(4), COMMENTS["hidden_comment"], State.PUBLISHED)
            moderation.moderate(
                item=comment,
                moderator=self.moderator,
                action="hide",
                reason="personal_data",
                template=_reason("personal_data"),
            )
            self.made += 1


def _consultations() -> list[ConsultationPage]:
    now = timezone.now()
    return list(
        ConsultationPage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE, proposals_open__lte=now)
        .order_by("proposals_open", "pk")[:2]
    )


def seed(ctx) -> None:
    moderator = ctx.accounts.get("moderator") or User.objects.filter(email=MODERATOR_EMAIL).first()
    second = ctx.accounts.get("admin") or User.objects.filter(email=SECOND_MODERATOR_EMAIL).first()
    citizens = ctx.created.get("citizens") or list(
        User.objects.filter(email__startswith="resident", email__endswith="@example.org")
        .filter(is_active=True)
        .order_by("pk")[:40]
    )
    if moderator is None or second is None or len(citizens) < 8:
        ctx.log("moderation: demo moderator, administrator or citizens missing, skipped")
        return
    made, skipped = 0, []
    for consultation in _consultations():
        from consultations import roles

        if not roles.is_moderator(moderator, consultation):
            skipped.append(consultation.title)
            continue
        try:
            with transaction.atomic():
                made += Showcase(consultation, moderator, second, citizens).run()
        except JourneyError as exc:
            skipped.append(f"{consultation.title} ({exc})")
    ctx.log(
        f"moderation: {made} example(s) of every moderation state"
        + (f"; skipped {', '.join(skipped)}" if skipped else "")
    )
