# ruff: noqa: RUF001 (Persian text)
"""Demo participatory budgets (DESIGN.md §9): one finished and counted, one open for balloting.

The finished budget has two headings and a few hundred ballots built so that greedy by votes
and the Method of Equal Shares choose different winners: in each heading a majority bloc
votes for the dear projects and minorities for cheaper ones. Greedy gives the majority
everything; Equal Shares, the budget's declared rule, funds the minorities' projects too. Its
proposals were reviewed (published official responses with `feasible` set: feasible and
costed ones became projects, one per heading was found not feasible), then counted through
`budgets.results.services.count_heading`, so its results page and open data are the real ones.

The open budget is balloting now with reviewed projects and some ballots; the demo citizen
has not voted, so they can try the ballot. Both budgets have a Persian translation.

Rows are written directly (bulk), like the other demo steps; stored counts are set by
`demo.recount`. Idempotent: a budget that exists is left alone.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from accounts.models import User
from budgets.models import Allocation, Ballot, BallotChoice, BudgetHeading, Project
from budgets.results.services import count_heading
from consultations.models import ConsultationIndexPage, ConsultationPage, Department
from consultations.roles import Role, grant_role
from proposals.models import ModerationState, OfficialResponse, Outcome, Proposal, ProposalVersion
from proposals.tokens import voter_token

from ..recount import recount

DAY = timedelta(days=1)
FINISHED_SLUG = "neighbourhood-budget"
OPEN_SLUG = "green-schools-budget"
VOTER_EMAIL = "budget-voter-{}@example.org"

# Per heading: (name, name_fa, amount, projects, blocs, not feasible). A project is
# (key, title, cost); a bloc is (ballots, keys chosen).
FINISHED = {
    "title": "Neighbourhood budget 2026",
    "title_fa": "بودجهٔ محله ۲۰۲۶",
    "summary": "Residents decided how 500,000 euros are spent in the North and South districts.",
    "summary_fa": "ساکنان تصمیم گرفتند ۵۰۰ هزار یورو در محله‌های شمالی و جنوبی چگونه خرج شود.",
    "rule": "equal_shares",
    "headings": [
        (
            "North district",
            "محلهٔ شمالی",
            250_000,
            [
                ("N1", "A sports hall for the North district", 150_000),
                ("N2", "Resurface the North main road", 100_000),
                ("N3", "A music room for young people", 60_000),
                ("N4", "A community garden behind the school", 40_000),
                ("N5", "A reading corner in the library", 30_000),
            ],
            [(120, ("N1", "N2")), (80, ("N3", "N4")), (20, ("N4", "N5"))],
            ("An underground car park below the square", 400_000),
        ),
        (
            "South district",
            "محلهٔ جنوبی",
            250_000,
            [
                ("S1", "A shelter at the South tram stop", 120_000),
                ("S2", "Lights along the South park paths", 80_000),
                ("S3", "Renovate the South playground", 90_000),
                ("S4", "Plant street trees on Mill Lane", 50_000),
                ("S5", "A bicycle repair station", 20_000),
                ("S6", "Public toilets at the market", 70_000),
            ],
            [(100, ("S1", "S3")), (60, ("S2", "S4", "S5")), (30, ("S6", "S5")), (10, ("S3",))],
            ("A cable car to the hill", 900_000),
        ),
    ],
}
OPEN = {
    "title": "Green schools budget",
    "title_fa": "بودجهٔ مدرسه‌های سبز",
    "summary": "Choose which school projects share 150,000 euros: the costs must fit the amount.",
    "summary_fa": "انتخاب کنید کدام طرح‌های مدرسه ۱۵۰ هزار یورو را میان خود تقسیم کنند.",
    "rule": "greedy",
    "headings": [
        (
            "All schools",
            "همهٔ مدرسه‌ها",
            150_000,
            [
                ("G1", "Solar panels on the school roofs", 70_000),
                ("G2", "A vegetable garden at every primary school", 30_000),
                ("G3", "Safe bicycle parking at the schools", 25_000),
                ("G4", "Drinking fountains in the playgrounds", 15_000),
                ("G5", "Shade trees for the schoolyards", 45_000),
            ],
            [(14, ("G1", "G2", "G3")), (9, ("G2", "G4", "G5")), (7, ("G5", "G3"))],
            ("A school swimming pool", 2_000_000),
        ),
    ],
}
FEASIBLE_TEXT = (
    "Feasible: the department has costed it and can carry it out within a year.",
    "شدنی است: اداره هزینهٔ آن را برآورد کرده و می‌تواند ظرف یک سال اجرایش کند.",
)
NOT_FEASIBLE_TEXT = (
    "Not feasible: it costs far more than the whole budget and needs land the city does not own."
)


def _voters(count: int) -> list[User]:
    """Demo accounts that cast the demo ballots (bulk, with one unusable password)."""
    emails = [VOTER_EMAIL.format(n + 1) for n in range(count)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    password = make_password(None)
    User.objects.bulk_create(
        [
            User(email=email, display_name=f"Budget voter {n + 1}", password=password)
            for n, email in enumerate(emails)
            if email not in existing
        ]
    )
    by_email = {user.email: user for user in User.objects.filter(email__in=emails)}
    return [by_email[email] for email in emails]


def _page(index, spec: dict, slug: str, schedule: dict, department) -> ConsultationPage:
    amount = sum(amount for _n, _f, amount, *_rest in spec["headings"])
    page = ConsultationPage(
        title=spec["title"],
        slug=slug,
        summary=spec["summary"],
        department=department,
        contact_name="Public participation team",
        kind=ConsultationPage.Kind.BUDGET,
        budget_amount=amount,
        currency="EUR",
        ballot_rule=ConsultationPage.BallotRule.KNAPSACK,
        allocation_rule=spec["rule"],
        live=False,
        **schedule,
    )
    index.add_child(instance=page)
    for order, (name, name_fa, heading_amount, *_rest) in enumerate(spec["headings"]):
        BudgetHeading.objects.create(
            consultation=page, name=name, name_fa=name_fa, amount=heading_amount, sort_order=order
        )
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def _translate(page: ConsultationPage, spec: dict) -> None:
    persian = Locale.objects.filter(language_code="fa").first()
    if persian is None or page.get_translation_or_none(persian) is not None:
        return
    translated = page.copy_for_translation(persian, copy_parents=False, alias=False)
    translated.title = translated.draft_title = spec["title_fa"]
    translated.summary = spec["summary_fa"]
    translated.save()
    translated.save_revision().publish()


def _proposal(page, author, title: str, when) -> Proposal:
    proposal = Proposal.objects.create(
        consultation=page,
        author=author,
        title=title,
        body=f"{title}. Residents asked for it during the collecting phase.",
        state=ModerationState.PUBLISHED,
        published_at=when,
    )
    ProposalVersion.objects.create(
        proposal=proposal, number=1, title=title, body=proposal.body, edited_by=author,
        edited_at=when,
    )  # fmt: skip
    return proposal


def _review(proposal, *, feasible: bool, cost, department, official, when) -> None:
    OfficialResponse.objects.create(
        proposal=proposal,
        outcome=Outcome.UNDER_REVIEW if feasible else Outcome.REJECTED,
        feasible=feasible,
        text=FEASIBLE_TEXT[0] if feasible else NOT_FEASIBLE_TEXT,
        cost_estimate=Decimal(cost),
        timeline="12 months" if feasible else "",
        department=department,
        responsible_official=official,
        live=True,
        first_published_at=when,
        last_published_at=when,
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        outcome=Outcome.UNDER_REVIEW if feasible else Outcome.REJECTED
    )


def _fill(page, spec: dict, voters: list[User], authors: list[User], official, department):
    """Proposals, reviews, projects and ballots of each heading of `page`."""
    reviewed = page.proposals_close + DAY
    headings = list(BudgetHeading.objects.filter(consultation=page).order_by("sort_order"))
    for heading, (_n, _f, _a, projects, blocs, not_feasible) in zip(
        headings, spec["headings"], strict=True
    ):
        by_key = {}
        for n, (key, title, cost) in enumerate(projects):
            proposal = _proposal(page, authors[n % len(authors)], title, page.proposals_open + DAY)
            _review(
                proposal, feasible=True, cost=cost, department=department, official=official,
                when=reviewed,
            )  # fmt: skip
            by_key[key] = Project.objects.create(proposal=proposal, heading=heading, cost=cost)
        title, cost = not_feasible
        rejected = _proposal(page, authors[-1], title, page.proposals_open + 2 * DAY)
        _review(
            rejected, feasible=False, cost=cost, department=department, official=official,
            when=reviewed,
        )  # fmt: skip
        chosen_sets = [keys for count, keys in blocs for _b in range(count)]
        ballots = Ballot.objects.bulk_create(
            [
                Ballot(
                    heading=heading,
                    voter=voter,
                    voter_token=voter_token(citizen_id=voter.pk, consultation_id=page.pk),
                )
                for voter in voters[: len(chosen_sets)]
            ]
        )
        BallotChoice.objects.bulk_create(
            [
                BallotChoice(ballot=ballot, project=by_key[key])
                for ballot, keys in zip(ballots, chosen_sets, strict=True)
                for key in keys
            ],
            batch_size=2000,
        )
    recount(page.pk)
    return headings


def _ballots_needed(spec: dict) -> int:
    return max(sum(count for count, _keys in heading[4]) for heading in spec["headings"])


@transaction.atomic
def seed(ctx) -> None:
    default = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    index = ConsultationIndexPage.objects.filter(locale=default).first()
    if index is None or not ctx.consultations:
        return  # `--consultations 0` asks for no consultation at all, budgets included
    accounts = getattr(ctx, "accounts", {}) or {}
    official, admin = accounts.get("official"), accounts.get("admin")
    department = Department.objects.order_by("pk").first()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    voters = _voters(max(_ballots_needed(FINISHED), _ballots_needed(OPEN)))
    authors = list(ctx.created.get("citizens") or []) or voters[:5]
    made = []
    plans = [
        (FINISHED, FINISHED_SLUG, {
            "proposals_open": now - 120 * DAY, "proposals_close": now - 90 * DAY,
            "voting_open": now - 60 * DAY, "voting_close": now - 30 * DAY,
            "responses_due": now - 20 * DAY,
        }),
        (OPEN, OPEN_SLUG, {
            "proposals_open": now - 50 * DAY, "proposals_close": now - 25 * DAY,
            "voting_open": now - 5 * DAY, "voting_close": now + 12 * DAY,
            "responses_due": now + 40 * DAY,
        }),
    ]  # fmt: skip
    for spec, slug, schedule in plans:
        if ConsultationPage.objects.filter(locale=default, slug=slug).exists():
            continue
        index.refresh_from_db()
        page = _page(index, spec, slug, schedule, department)
        headings = _fill(page, spec, voters, authors, official, department)
        if official is not None:
            grant_role(consultation=page, user=official, role=Role.OFFICIAL, granted_by=admin)
        if schedule["voting_close"] <= now:
            for heading in headings:
                count_heading(heading, Allocation.Trigger.CLOSE)
        _translate(page, spec)
        made.append(page)
    ctx.created["budgets"] = made
    ctx.log(f"budgets: {len(made)} new (one counted, one balloting), {len(voters)} voters")
