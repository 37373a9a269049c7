"""The results in words: the rule, and for every project why it won or lost.

Each reason code of `budgets.allocation` (defined precisely in its docstring) becomes one
sentence with the numbers of that project, in the reader's language and digits.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budgets import allocation
from budgets.models import AllocationResult
from budgets.money import format_money
from civic.i18n import localize_digits

from .queries import HeadingResult, ResultRow

Reason = AllocationResult.Reason


def rule_in_words(rule: str) -> list[str]:
    """The allocation rule as the page states it: what it does, its tie-break and, for equal
    shares, its completion."""
    if rule == allocation.Rule.EQUAL_SHARES:
        said = [
            _(
                "Method of Equal Shares: every ballot gives its voter an equal share of the "
                "amount. A project can only be bought with the shares of the voters who chose "
                "it, who split its cost as equally as they can. Round by round, the project "
                "whose supporters pay the least for each unit of its cost is bought, until no "
                "remaining project can be paid for by its own supporters."
            ),
            _(allocation.COMPLETION_TEXT),
        ]
    else:
        said = [
            _(
                "Greedy by votes: projects are taken in the order of their votes, most first. "
                "A project is funded when its cost fits the money still left; otherwise it is "
                "skipped and the next one is tried, so a cheaper project further down can still "
                "be funded. A project nobody voted for is never funded."
            )
        ]
    return [*said, _(allocation.TIE_BREAK_TEXT)]


def explain(row: ResultRow, result: HeadingResult, currency: str) -> str:
    """Why this project won or lost, with its numbers."""
    cost = format_money(row.cost, currency)
    votes = localize_digits(row.votes)
    if row.selected:
        return ngettext(
            "Selected with %(votes)s vote; it costs %(cost)s.",
            "Selected with %(votes)s votes; it costs %(cost)s.",
            row.votes,
        ) % {"votes": votes, "cost": cost}
    if row.reason == Reason.DID_NOT_FIT:
        return _("Did not fit: it costs %(cost)s and %(left)s was left when its turn came.") % {
            "cost": cost,
            "left": format_money(row.money_left or 0, currency),
        }
    if row.reason == Reason.SUPPORTERS_COULD_NOT_AFFORD:
        return _(
            "Its supporters' remaining shares (%(money)s) could not pay for it (it costs "
            "%(cost)s), and the money left over after the rounds did not cover it either."
        ) % {"money": format_money(row.money_left or 0, currency), "cost": cost}
    if row.votes == 0:
        return _("No one voted for it.")
    last = result.last_winner_before(row)
    if last is None:
        return _("The money was spent before its turn came.")
    if last.votes == row.votes:
        return _(
            "As many votes as the last project selected (%(votes)s), which comes first by the "
            "tie-break; the money was spent by its turn."
        ) % {"votes": votes}
    return _(
        "Fewer votes than the last project selected (%(votes)s against %(last)s); the money "
        "was spent by its turn."
    ) % {"votes": votes, "last": localize_digits(last.votes)}


def money_line_in_words(result: HeadingResult, currency: str) -> str:
    """Where the money ran out, or that every project with votes was funded."""
    line = result.money_line
    if result.allocation is None:
        return ""
    left = format_money(result.left, currency)
    if line is None:
        return _("Every project that received a vote was funded; %(left)s is left.") % {
            "left": left
        }
    return _(
        "The money ran out at “%(title)s” (number %(rank)s in the order of votes, with "
        "%(votes)s votes): it costs %(cost)s. In the end %(left)s of %(amount)s is left."
    ) % {
        "title": line.title,
        "rank": localize_digits(line.rank),
        "votes": localize_digits(line.votes),
        "cost": format_money(line.cost, currency),
        "left": left,
        "amount": format_money(result.allocation.amount, currency),
    }
