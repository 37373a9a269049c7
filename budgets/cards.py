"""A budget's phase on its card in lists (home, consultation list), in the budget's words:
registered with consultations.card_phase from BudgetsConfig.ready()."""

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from budgets.phases import BudgetPhase, budget_phase
from budgets.results.queries import allocated_ids
from consultations.card_phase import CardPhase

if TYPE_CHECKING:
    from consultations.models import ConsultationPage

# Short words for a card's badge; the budget's own page says more (budgets_tags).
CARD_LABELS = {
    BudgetPhase.UPCOMING: _("Upcoming"),
    BudgetPhase.COLLECTING: _("Collecting proposals"),
    BudgetPhase.REVIEWING: _("Feasibility review"),
    BudgetPhase.BALLOTING: _("Voting open"),
    BudgetPhase.COUNTING: _("Counting the votes"),
    BudgetPhase.FINISHED: _("Results published"),
}


def card_phases(pages: Sequence["ConsultationPage"], now: datetime) -> dict[int, CardPhase]:
    """Each listed budget's phase; a query only when a listed budget's balloting has closed."""
    budgets = [page for page in pages if page.kind == "budget"]

    def canonical(page) -> int:
        return getattr(page, "canonical_pk", page.pk)

    closed = allocated_ids(canonical(page) for page in budgets if now >= page.voting_close)
    result = {}
    for page in budgets:
        phase = budget_phase(page.schedule, now, allocated=canonical(page) in closed)
        result[page.pk] = CardPhase(phase.value, CARD_LABELS[phase])
    return result
