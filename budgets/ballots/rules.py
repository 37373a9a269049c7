"""Who may cast a ballot under a heading, and which sets of projects a ballot may hold.

Eligibility follows the other consultations (proposals/rules.py): a citizen (confirmed
e-mail), a verified resident where the consultation requires one, and only while balloting is
open (budgets.phases). A heading with an area admits only verified residents of that area
(`ResidentArea`). The ballot rule is the consultation's: *knapsack* (the costs add up to at
most the heading's amount, and to at least `min_share` percent of it when set) or *approval*
(at most `max_choices` projects).

`check_*` functions raise a `JourneyError` whose message a citizen understands; `*_verdict`
answers the same question for a page, so the page and the service never disagree.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from budgets.models import BudgetHeading, ResidentArea
from budgets.money import format_money
from budgets.phases import BudgetPhase, budget_phase
from civic.i18n import localize_digits
from proposals.exceptions import (
    InvalidInput,
    JourneyError,
    LoginRequired,
    NotAllowed,
    NotVisible,
    PhaseClosed,
    VerificationRequired,
)
from proposals.rules import Verdict, check_citizen, is_citizen, is_verified_resident

if TYPE_CHECKING:
    from consultations.models import ConsultationPage
    from proposals.rules import Person

KNAPSACK = "knapsack"
APPROVAL = "approval"


class BallotRefused(JourneyError):
    """The chosen projects break the heading's ballot rule; nothing was stored."""

    default_message = _("This choice of projects is not allowed under this heading.")
    status = 400


class OverAmount(BallotRefused):
    pass


class UnderMinimum(BallotRefused):
    pass


class TooManyChoices(BallotRefused):
    pass


class UnknownProject(BallotRefused):
    default_message = _("One of the chosen projects is not on this heading's ballot.")


class WrongArea(NotAllowed):
    pass


# --- who and when -----------------------------------------------------------------------


def resident_area_id(user: "Person") -> int | None:
    """The area staff confirmed for this verified resident (cached on the user object)."""
    if not is_verified_resident(user):
        return None
    cached = getattr(user, "_civic_resident_area", False)
    if cached is False:
        cached = ResidentArea.objects.filter(user=user).values_list("area_id", flat=True).first()
        user._civic_resident_area = cached
    return cached


def is_balloting(consultation: "ConsultationPage", now: datetime) -> bool:
    return budget_phase(consultation.schedule, now, allocated=False) == BudgetPhase.BALLOTING


def check_can_ballot(
    user: "Person", heading: BudgetHeading, *, now: datetime | None = None
) -> None:
    """May `user` cast, change or withdraw a ballot under `heading` now."""
    consultation = heading.consultation
    now = now or timezone.now()
    if not consultation.live or not consultation.is_budget:
        raise NotVisible()
    # The phase first, so that "sign in" is offered only when signing in is all that is missing.
    if not is_balloting(consultation, now):
        raise PhaseClosed(_("Ballots can only be cast or changed while balloting is open."))
    if not is_citizen(user):
        raise LoginRequired(_("Sign in with a confirmed e-mail address to vote."))
    check_citizen(user)  # a suspended account may read its ballot, not cast or change it
    if (consultation.requires_verified_resident or heading.area_id) and not is_verified_resident(
        user
    ):
        raise VerificationRequired(_("Only verified residents can vote in this budget."))
    if heading.area_id and resident_area_id(user) != heading.area_id:
        raise WrongArea(
            _("Only verified residents of %(area)s can vote under this heading.")
            % {"area": heading.area.display_name}
        )


def ballot_verdict(
    user: "Person", heading: BudgetHeading, *, now: datetime | None = None
) -> Verdict:
    try:
        check_can_ballot(user, heading, now=now)
    except LoginRequired as exc:
        return Verdict(False, str(exc.message), sign_in=not getattr(user, "is_authenticated", 0))
    except JourneyError as exc:
        return Verdict(False, str(exc.message))
    return Verdict(True)


# --- which sets -------------------------------------------------------------------------


@dataclass(frozen=True)
class BallotRule:
    """A heading's ballot rule, with what it needs to judge a choice."""

    kind: str  # KNAPSACK or APPROVAL
    amount: Decimal
    currency: str
    min_share: int = 0  # percent of the amount a knapsack ballot must use
    max_choices: int = 0  # projects an approval ballot may choose

    @classmethod
    def of(cls, heading: BudgetHeading) -> "BallotRule":
        consultation = heading.consultation
        return cls(
            kind=consultation.ballot_rule,
            amount=heading.amount,
            currency=consultation.currency,
            min_share=consultation.min_share or 0,
            max_choices=consultation.max_choices or 0,
        )

    @property
    def minimum(self) -> Decimal:
        """The least a knapsack ballot must spend (0 without a minimum share)."""
        if self.kind != KNAPSACK or not self.min_share:
            return Decimal(0)
        return self.amount * self.min_share / 100

    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.currency)


def check_choice(rule: BallotRule, costs: Iterable[Decimal]) -> None:
    """Raise `BallotRefused` unless a non-empty ballot with projects of these `costs` fits."""
    costs = list(costs)
    if not costs:
        raise InvalidInput(_("Choose at least one project."))
    total = sum(costs, start=Decimal(0))
    if rule.kind == APPROVAL:
        if rule.max_choices and len(costs) > rule.max_choices:
            raise TooManyChoices(
                ngettext(
                    "You chose %(count)s projects; this heading allows at most %(max)s project.",
                    "You chose %(count)s projects; this heading allows at most %(max)s projects.",
                    rule.max_choices,
                )
                % {"count": localize_digits(len(costs)), "max": localize_digits(rule.max_choices)}
            )
        return
    if total > rule.amount:
        raise OverAmount(
            _("These projects cost %(total)s; this heading has %(amount)s.")
            % {"total": rule.money(total), "amount": rule.money(rule.amount)}
        )
    if total < rule.minimum:
        raise UnderMinimum(
            _(
                "These projects cost %(total)s; a ballot here must use at least %(minimum)s "
                "(%(share)s%% of %(amount)s)."
            )
            % {
                "total": rule.money(total),
                "minimum": rule.money(rule.minimum),
                "share": localize_digits(rule.min_share),
                "amount": rule.money(rule.amount),
            }
        )


def choice_fits(rule: BallotRule, costs: Iterable[Decimal]) -> bool:
    try:
        check_choice(rule, costs)
    except JourneyError:
        return False
    return True
