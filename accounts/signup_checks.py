"""Bot checks of the sign-up form, with no third-party service.

- A trap field that people never see: it is hidden by the stylesheet, hidden from assistive
  technology (`aria-hidden`) and kept out of the tab order, so only a program filling in
  every field it finds writes into it.
- A signed time stamp of when the form was shown: a form sent back sooner than
  `settings.SIGNUP_MIN_SECONDS` was not filled in by a person (0 turns the check off).
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

SALT = "accounts.signup.shown-at"
TRAP_FIELD = "website"
SHOWN_AT_FIELD = "shown_at"

TOO_FAST = _(
    "That was quicker than anyone can fill in this form, so we could not tell you from a "
    "program. Please check your details, type your password again and send the form once more."
)
REFUSED = _("We could not accept this sign-up. Please try again.")


class TrapInput(forms.TextInput):
    """A text input inside a container hidden from sight, from screen readers and from Tab."""

    is_hidden = True  # listed with the hidden fields, so no visible label or wrapper

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {}), "tabindex": "-1", "autocomplete": "off"}
        field = super().render(name, "", attrs, renderer)
        return format_html(
            '<div class="form__trap" aria-hidden="true"><label for="{}">{}</label>{}</div>',
            attrs.get("id", ""),
            _("Leave this field empty"),
            field,
        )


class ShownAtInput(forms.HiddenInput):
    """Always carries the moment of this rendering, signed; never the value sent back."""

    def format_value(self, value):
        return signing.Signer(salt=SALT).sign(f"{time.time():.3f}")


def trap_field() -> forms.CharField:
    return forms.CharField(required=False, widget=TrapInput, label=_("Leave this field empty"))


def shown_at_field() -> forms.CharField:
    return forms.CharField(required=False, widget=ShownAtInput)


def check(cleaned_data: dict) -> None:
    """Raise a form-wide ValidationError when the form looks sent by a program."""
    if cleaned_data.get(TRAP_FIELD):
        raise forms.ValidationError(REFUSED, code="trap")
    minimum = settings.SIGNUP_MIN_SECONDS
    if minimum <= 0:
        return
    try:
        shown_at = float(signing.Signer(salt=SALT).unsign(cleaned_data.get(SHOWN_AT_FIELD, "")))
    except (signing.BadSignature, ValueError):
        raise forms.ValidationError(TOO_FAST, code="too_fast") from None
    if time.time() - shown_at < minimum:
        raise forms.ValidationError(TOO_FAST, code="too_fast")
