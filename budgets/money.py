"""Money as the reader expects it: grouped digits (Persian digits and separators in Persian),
the currency's name in the reader's language, and no invented cents."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civic.i18n import persian_digits, uses_persian

# Currencies a city is likely to budget in; any other ISO 4217 code is shown as its code.
CURRENCY_NAMES = {
    "EUR": pgettext_lazy("currency", "euros"),
    "USD": pgettext_lazy("currency", "US dollars"),
    "GBP": pgettext_lazy("currency", "pounds"),
    "IRR": pgettext_lazy("currency", "rials"),
    "IRT": pgettext_lazy("currency", "tomans"),
    "CHF": pgettext_lazy("currency", "Swiss francs"),
}
PERSIAN_THOUSANDS = "\u066c"  # ARABIC THOUSANDS SEPARATOR
PERSIAN_DECIMAL = "\u066b"  # ARABIC DECIMAL SEPARATOR


def format_amount(amount: Decimal | int | None, language: str | None = None) -> str:
    """12,500 or 12,500.50 in English; in Persian the same with Persian digits and the Arabic
    thousands and decimal separators. Whole amounts show no cents."""
    if amount is None:
        return ""
    value = Decimal(amount)
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    if uses_persian(language):
        text = (
            text.replace(",", "\0").replace(".", PERSIAN_DECIMAL).replace("\0", PERSIAN_THOUSANDS)
        )
        return persian_digits(text)
    return text


def currency_name(code: str) -> str:
    return str(CURRENCY_NAMES.get(code, code))


def format_money(amount: Decimal | int | None, currency: str, language: str | None = None) -> str:
    """The amount, then the currency's name ("12,500 euros"; in Persian, Persian digits)."""
    if amount is None:
        return ""
    return str(_("%(amount)s %(currency)s")) % {
        "amount": format_amount(amount, language),
        "currency": currency_name(currency),
    }
