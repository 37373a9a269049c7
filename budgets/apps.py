from decimal import Decimal, InvalidOperation

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _money_param(params: dict) -> str:
    """A notification's stored cost, as money in the reader's language."""
    from budgets.money import format_money

    try:
        return format_money(Decimal(params["cost"]), params.get("currency", ""))
    except (InvalidOperation, TypeError, ValueError):
        return str(params["cost"])


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Participatory budgeting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from budgets.cards import card_phases
        from budgets.review.services import on_review_published
        from consultations.card_phase import register_card_phase_reader
        from proposals.notifications.models import PARAM_FORMATTERS
        from proposals.responses.feasibility import review_published

        # A published review puts its proposal on the ballot, or takes it off.
        review_published.connect(on_review_published, dispatch_uid="budgets_review_published")
        PARAM_FORMATTERS["cost"] = _money_param
        # Lists word a budget's phase by its ballot, not by the ideas' supports.
        register_card_phase_reader(card_phases)
