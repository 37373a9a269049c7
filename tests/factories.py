"""Factories for tests (and nothing else): people, pages, citizen content."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from wagtail.models import Locale

from accounts.models import User
from consultations.models import Area, ConsultationIndexPage, ConsultationPage

DEFAULT_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A citizen: an account whose e-mail is verified, so they can take part."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        self.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"District {n}")
    slug = factory.Sequence(lambda n: f"district-{n}")


def schedule_around(now=None, *, phase: str = "collecting") -> dict:
    """Schedule fields that put a consultation in `phase` at `now`."""
    now = now or timezone.now()
    day = timedelta(days=1)
    starts = {
        "upcoming": now + 10 * day,
        "collecting": now - 1 * day,
        "voting": now - 20 * day,
        "deliberating": now - 40 * day,
        "closed": now - 90 * day,
    }[phase]
    if phase == "voting":
        return {
            "proposals_open": starts,
            "proposals_close": now - 5 * day,
            "voting_open": now - 1 * day,
            "voting_close": now + 10 * day,
            "responses_due": now + 40 * day,
        }
    return {
        "proposals_open": starts,
        "proposals_close": starts + 14 * day,
        "voting_open": starts + 15 * day,
        "voting_close": starts + 25 * day,
        "responses_due": starts + 55 * day,
    }


def make_consultation(
    *, title: str = "Park renewal", phase: str = "collecting", now=None, live: bool = True, **fields
) -> ConsultationPage:
    """A consultation page under the English consultation index, in the given phase."""
    index = ConsultationIndexPage.objects.get(locale=Locale.get_default())
    values = {
        "summary": f"What should we do about {title.lower()}?",
        **schedule_around(now, phase=phase),
    }
    values.update(fields)
    page = ConsultationPage(title=title, live=live, **values)
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


# --- proposals (citizen journey) -------------------------------------------------------


def grant_role(user, role: str, consultation) -> None:
    """Make `user` a moderator or official of one consultation (guardian object permission)."""
    from guardian.shortcuts import assign_perm

    from consultations.roles import PERMISSION_OF_ROLE, Role

    codename = PERMISSION_OF_ROLE[Role(role)]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    assign_perm(f"consultations.{codename}", user, consultation)


def make_proposal(consultation, *, author=None, state: str = "published", **fields):
    """A proposal stored directly (no service), with the tally kept consistent."""
    from django.db.models import F

    from proposals.models import ConsultationTally, Proposal, ProposalVersion

    author = author or UserFactory()
    values = {"title": "More trees in the park", "body": "Plant twenty trees.", **fields}
    proposal = Proposal.objects.create(
        consultation=consultation,
        author=author,
        state=state,
        published_at=timezone.now() if state == "published" else None,
        **values,
    )
    ProposalVersion.objects.create(
        proposal=proposal, number=1, title=proposal.title, body=proposal.body,
        edited_by=author, edited_at=timezone.now(),
    )  # fmt: skip
    if state == "published":
        tally, _ = ConsultationTally.objects.get_or_create(consultation=consultation)
        ConsultationTally.objects.filter(pk=tally.pk).update(proposals=F("proposals") + 1)
    return proposal


def translate_consultation(page: ConsultationPage, language: str = "fa", **fields):
    """A published translation of a consultation page (its own Page, same translation_key)."""
    locale = Locale.objects.get(language_code=language)
    translated = page.copy_for_translation(locale, copy_parents=False, alias=False)
    for name, value in fields.items():
        setattr(translated, name, value)
    if "title" in fields:
        translated.draft_title = fields["title"]
    translated.save_revision().publish()
    return ConsultationPage.objects.get(pk=translated.pk)


def clear_cache() -> None:
    """Empty this test process's cache. On Redis, clear() would flush the whole database
    under the other test processes (pytest-xdist); deleting this process's prefix does not."""
    from django.core.cache import cache

    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()


# --- official responses stored directly (results, open data, API) --------------------------


def make_response(
    proposal,
    *,
    outcome: str = "accepted",
    live: bool = True,
    due_in_days: int = 10,
    late_by_days=None,
    **fields,
):
    """An official response stored directly (no workflow): live as if approved, or a draft.

    With `late_by_days`, also its assignment, answered that many days after the due date
    (negative: before it); without, published with no assignment.
    """
    from datetime import timedelta

    from proposals.models import OfficialResponse, Proposal, ResponseAssignment

    now = timezone.now()
    published = now if live else None
    if live and late_by_days is not None:
        due = now - timedelta(days=due_in_days)
        published = due + timedelta(days=late_by_days)
        ResponseAssignment.objects.create(
            proposal=proposal,
            consultation_id=proposal.consultation_id,
            reason="picked",
            assigned_at=due - timedelta(days=30),
            due_at=due,
            answered_at=published,
        )
    values = {"text": "We will do it.", **fields}
    response = OfficialResponse.objects.create(
        proposal=proposal,
        outcome=outcome,
        live=live,
        first_published_at=published,
        last_published_at=published,
        **values,
    )
    if live:
        Proposal.objects.filter(pk=proposal.pk).update(outcome=outcome)
    return response


# --- topics: one concept, a name per language ---------------------------------------------


def make_topic(name: str, name_fa: str = ""):
    """A topic concept with its English name (its slug follows) and, optionally, Persian."""
    from consultations.models import Topic

    return Topic.objects.create(name=name, name_fa=name_fa)


# --- budgets: review ---------------------------------------------------------------------


def review_budget_schedule(phase: str = "reviewing", now=None) -> dict:
    """Schedule fields that put a budget in `phase` (collecting, reviewing, balloting) at `now`."""
    now = now or timezone.now()
    day = timedelta(days=1)
    proposals = {
        "collecting": (now - 2 * day, now + 5 * day, now + 10 * day),
        "reviewing": (now - 20 * day, now - 5 * day, now + 5 * day),
        "balloting": (now - 30 * day, now - 10 * day, now - 1 * day),
    }[phase]
    opens, closes, voting_open = proposals
    return {
        "proposals_open": opens,
        "proposals_close": closes,
        "voting_open": voting_open,
        "voting_close": voting_open + 10 * day,
        "responses_due": voting_open + 40 * day,
    }


def make_review_budget(
    *,
    title: str = "Neighbourhood budget",
    phase: str = "reviewing",
    amount=250000,
    headings=None,
    areas=(),
    **fields,
) -> ConsultationPage:
    """A live budget under the English index. `headings` are (name, amount, area) triples;
    by default one heading, "City", with the whole amount and no area."""
    from decimal import Decimal

    from budgets.models import BudgetHeading

    index = ConsultationIndexPage.objects.get(locale=Locale.get_default())
    page = ConsultationPage(
        title=title,
        summary="How should we spend the district's money?",
        kind="budget",
        budget_amount=Decimal(amount),
        currency="EUR",
        **{**review_budget_schedule(phase), **fields},
    )
    rows = headings if headings is not None else [("City", amount, None)]
    page.budget_headings = [
        BudgetHeading(name=name, amount=Decimal(value), area=area, sort_order=i)
        for i, (name, value, area) in enumerate(rows)
    ]
    page.areas = list(areas)
    index.add_child(instance=page)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def publish_review(proposal, *, official, approver, feasible: bool, cost=None, text="", **fields):
    """A feasibility review drafted by `official`, submitted and approved by `approver`."""
    from decimal import Decimal

    from proposals.responses import services as response_services

    response = response_services.response_draft(
        proposal=proposal,
        official=official,
        feasible=feasible,
        cost_estimate=Decimal(cost) if cost is not None else None,
        text=text,
        **fields,
    )
    response_services.response_submit(response=response, official=official)
    response_services.response_approve(response=response, approver=approver)
    return response


# --- budgets: ballots ----------------------------------------------------------------------


def budget_schedule(now=None, *, phase: str = "balloting") -> dict:
    """Schedule fields that put a budget in `phase` at `now` (balloting after collecting)."""
    now = now or timezone.now()
    day = timedelta(days=1)
    # Days from now at which collecting opens; each window then follows in order.
    start = {
        "upcoming": 5,
        "collecting": -1,
        "reviewing": -20,
        "balloting": -30,
        "counting": -50,
    }[phase]
    opens = now + start * day
    return {
        "proposals_open": opens,
        "proposals_close": opens + 14 * day,
        "voting_open": opens + 25 * day,
        "voting_close": opens + 40 * day,
        "responses_due": opens + 70 * day,
    }


def make_budget(
    *,
    title: str = "City budget 2027",
    phase: str = "balloting",
    headings=(("Whole city", 250_000, None),),
    ballot_rule: str = "knapsack",
    currency: str = "EUR",
    now=None,
    **fields,
) -> ConsultationPage:
    """A budget consultation with its headings ((name, amount, area or None[, name_fa]), ...)."""
    from decimal import Decimal

    from budgets.models import BudgetHeading

    total = sum(Decimal(heading[1]) for heading in headings)
    values = {
        "kind": "budget",
        "budget_amount": total,
        "currency": currency,
        "ballot_rule": ballot_rule,
        "allocation_rule": "greedy",
        **budget_schedule(now, phase=phase),
        **fields,
    }
    if ballot_rule == "approval":
        values.setdefault("max_choices", 3)
    page = make_consultation(title=title, **values)
    for order, (name, amount, area, *name_fa) in enumerate(headings):
        BudgetHeading.objects.create(
            consultation=page, name=name, name_fa=name_fa[0] if name_fa else "",
            amount=Decimal(amount), area=area, sort_order=order,
        )  # fmt: skip
    return page


def make_project(heading, *, cost, title: str = "", author=None, **fields):
    """A published proposal of the heading's budget, on its ballot at `cost`."""
    from decimal import Decimal

    from budgets.models import Project

    proposal = make_proposal(
        heading.consultation,
        author=author,
        title=title or f"Project costing {cost}",
        body=fields.pop("body", "A costed project for the neighbourhood."),
        **fields,
    )
    return Project.objects.create(proposal=proposal, heading=heading, cost=Decimal(cost))


def make_resident(*, area=None, **fields):
    """A citizen who is a verified resident, living in `area` when given."""
    from budgets.models import ResidentArea
    from proposals.models import ResidentVerification

    user = UserFactory(**fields)
    ResidentVerification.objects.create(user=user, method="staff")
    if area is not None:
        ResidentArea.objects.create(user=user, area=area)
    return user


# --- budgets: results ---------------------------------------------------------------------


def make_counted_budget(
    *,
    title: str = "Neighbourhood budget",
    phase: str = "deliberating",
    headings=(("Whole city", 100_000),),
    allocation_rule: str = "greedy",
    ballot_rule: str = "knapsack",
    currency: str = "EUR",
    **fields,
):
    """A budget consultation with its headings ((name, amount) pairs). The default phase,
    "deliberating", has balloting closed (counting); "voting" has it open."""
    from budgets.models import BudgetHeading

    page = make_consultation(
        title=title,
        phase=phase,
        kind="budget",
        budget_amount=sum(amount for _name, amount in headings),
        currency=currency,
        allocation_rule=allocation_rule,
        ballot_rule=ballot_rule,
        **fields,
    )
    for order, (name, amount) in enumerate(headings):
        BudgetHeading.objects.create(consultation=page, name=name, amount=amount, sort_order=order)
    return page


def make_counted_project(heading, *, cost, title: str = "A project", **fields):
    """A project on the ballot (its proposal published and reviewed feasible), stored directly."""
    from budgets.models import Project

    proposal = make_proposal(heading.consultation, title=title, **fields)
    return Project.objects.create(proposal=proposal, heading=heading, cost=cost)


def cast_ballots(heading, choices, *, voters=None) -> list:
    """Ballots stored directly: one per list of projects in `choices`, each from a new voter
    (or from `voters`, in order), with the voter token the ballot services would store."""
    from budgets.models import Ballot, BallotChoice
    from proposals.tokens import voter_token

    voters = list(voters) if voters is not None else [UserFactory() for _c in choices]
    ballots = Ballot.objects.bulk_create(
        [
            Ballot(
                heading=heading,
                voter=voter,
                voter_token=voter_token(
                    citizen_id=voter.pk, consultation_id=heading.consultation_id
                ),
            )
            for voter in voters
        ]
    )
    BallotChoice.objects.bulk_create(
        [
            BallotChoice(ballot=ballot, project=project)
            for ballot, chosen in zip(ballots, choices, strict=True)
            for project in chosen
        ]
    )
    return ballots
