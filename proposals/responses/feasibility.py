"""Feasibility reviews: the official response to a proposal of a budget (DESIGN.md §9).

A budget's proposal is answered like any other (drafted by an official of its consultation,
approved through the "Response approval" workflow), but the official says whether it is
feasible rather than choosing an outcome: feasible (with its cost, above zero) puts it on the
ballot, so its outcome is "under review"; not feasible (with the public reason) rejects it.
Reviews decide feasibility and cost until balloting opens; after that, only the wording, the
duration and the department may change.

What a published review does to the ballot (a budget's project) is the budgets app's: it
listens to `review_published`. This module knows a budget only by its consultation's `kind`,
so `proposals` never imports `budgets`.
"""

from django.dispatch import Signal
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from proposals.models.states import Outcome

BUDGET_KIND = "budget"

# Sent inside the transaction that publishes a budget's review, after the proposal's outcome
# is set: `response` is the live OfficialResponse. A receiver that raises rolls it all back.
review_published = Signal()

# The reason shown in a notification: the start of the public reason.
NOTIFIED_REASON_CHARS = 300


def is_review(proposal) -> bool:
    """Whether the official response to `proposal` is a feasibility review."""
    return proposal is not None and proposal.consultation.kind == BUDGET_KIND


def implied_outcome(feasible: bool | None) -> str:
    return Outcome.UNDER_REVIEW if feasible else Outcome.REJECTED


def balloting_opened(proposal, now=None) -> bool:
    return (now or timezone.now()) >= proposal.consultation.voting_open


def _live_decision(response) -> tuple[bool | None, object]:
    """(feasible, cost) of the published revision, (None, None) before the first one."""
    if response.pk is None:
        return None, None
    row = (
        type(response)
        .objects.filter(pk=response.pk, live=True)
        .values_list("feasible", "cost_estimate")
        .first()
    )
    return row or (None, None)


def changes_decision(response) -> bool:
    """Whether publishing `response` would change the live feasibility or cost."""
    feasible, cost = _live_decision(response)
    live = (feasible, cost if feasible else None)
    proposed = (response.feasible, response.cost_estimate if response.feasible else None)
    return live != proposed


LATE_MESSAGE = _(
    "Balloting has opened: feasibility and cost can no longer change. You may still correct "
    "the wording, the duration and the department."
)


def review_errors(response, *, now=None) -> dict[str, list]:
    """What is wrong with a review about to be saved; also sets its implied outcome."""
    errors: dict[str, list] = {}
    response.outcome = implied_outcome(response.feasible)
    response.merged_into = None
    if response.feasible is None:
        errors["feasible"] = [_("Say whether the proposal is feasible.")]
    elif response.feasible:
        if response.cost_estimate is None:
            errors["cost_estimate"] = [_("A feasible proposal needs its cost.")]
        elif response.cost_estimate <= 0:
            errors["cost_estimate"] = [_("The cost must be more than zero.")]
    elif not (response.text or "").strip():
        errors["text"] = [_("Give the public reason why the proposal is not feasible.")]
    if not errors and balloting_opened(response.proposal, now) and changes_decision(response):
        errors["feasible"] = [LATE_MESSAGE]
    return errors


def publish_refusal(response) -> str | None:
    """Why the revision waiting for approval may not be published now, or None."""
    if not is_review(response.proposal):
        return None
    revision = response.get_latest_revision_as_object()
    if balloting_opened(response.proposal) and changes_decision(revision):
        return str(LATE_MESSAGE)
    return None


def notification_params(response) -> dict:
    """The parameters a review's notification is worded from (notifications.models)."""
    if response.feasible:
        return {
            "review": "feasible",
            "cost": str(response.cost_estimate),
            "currency": response.proposal.consultation.currency,
        }
    return {
        "review": "not_feasible",
        "reason": Truncator(response.text.strip()).chars(NOTIFIED_REASON_CHARS),
    }
