from django import template

from budgets.money import format_amount, format_money

register = template.Library()


@register.filter
def money(amount, currency: str = "") -> str:
    """{{ heading.amount|money:consultation.currency }}: the amount in the reader's digits,
    with the currency's name; without a currency, the amount alone."""
    return format_money(amount, currency) if currency else format_amount(amount)
