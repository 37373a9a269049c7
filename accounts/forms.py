from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from civic.text import clean_name, has_visible, imitates_staff

from . import signup_checks
from .models import DISPLAY_NAME_MAX, User

# allauth adds the password fields after this form's own __init__ has run. Their labels are
# set again here from the project's catalogue, so the Persian wording is the project's choice.
PASSWORD_LABELS = {"password1": _("Password"), "password2": _("Password (again)")}


def use_project_wording(field: forms.Field, label) -> None:
    """The project's label on an allauth field, without allauth's placeholder repeating it."""
    field.label = label
    field.widget.attrs.pop("placeholder", None)


class LoginForm(AllauthLoginForm):
    """allauth's log-in with the project's wording.

    The page itself offers the one "Forgotten your password?" link, so the password field
    carries no second one; "Keep me logged in" is a choice, not an "optional" field.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        use_project_wording(self.fields["login"], _("E-mail address"))
        if "password" in self.fields:
            use_project_wording(self.fields["password"], _("Password"))
            self.fields["password"].help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me logged in on this device")
            self.fields["remember"].without_optional_mark = True


def citizen_display_name(value, *, current: str = "") -> str:
    """A citizen's public name as stored: cleaned (civic/text.py), visible, not a staff badge.

    A name the account already has (`current`, e.g. one staff gave it) may be kept.
    """
    name = clean_name(value)
    if not has_visible(name):
        raise forms.ValidationError(_("Please choose a display name."), code="empty")
    if len(name) > DISPLAY_NAME_MAX:
        raise forms.ValidationError(
            _("The display name can have at most %(max)d characters.") % {"max": DISPLAY_NAME_MAX},
            code="too_long",
        )
    if name != current and imitates_staff(name):
        raise forms.ValidationError(
            _(
                "This name reads like a staff title (moderator, official, the site itself). "
                "Please choose another one."
            ),
            code="staff_title",
        )
    return name


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form lacks: the public name and the licence agreement."""

    display_name = forms.CharField(
        label=_("Public display name"),
        max_length=DISPLAY_NAME_MAX,
        help_text=_("Shown beside what you publish. It need not be your real name."),
    )
    accept_terms = forms.BooleanField(
        label=_(
            "I agree to the terms of use, and that what I publish is released under the "
            "site's content licence."
        ),
        required=True,
    )
    website = signup_checks.trap_field()
    shown_at = signup_checks.shown_at_field()

    field_order = ["email", "display_name", "password1", "password2", "accept_terms"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Built per request so the link points at the terms in the reader's language.
        self.fields["accept_terms"].help_text = format_html(
            _("Read the {link}terms of use{end} ({licence})."),
            link=format_html('<a href="{}">', reverse("terms")),
            end=mark_safe("</a>"),
            licence=settings.CONTENT_LICENCE,
        )

    def __getitem__(self, name: str):
        # Every rendering goes through here (bound fields are made on first access), after
        # allauth has added password1/password2.
        if name in PASSWORD_LABELS and name in self.fields:
            use_project_wording(self.fields[name], PASSWORD_LABELS[name])
            if name == "password1":
                # The rules in the project's words (accounts/passwords.py), read per request
                # so they follow the reader's language and digits.
                self.fields[name].help_text = format_html(
                    "{}{}", _("Rules for your password:"), password_validators_help_text_html()
                )
        if name == "email" and name in self.fields:
            use_project_wording(self.fields[name], _("E-mail address"))
        return super().__getitem__(name)

    def clean_display_name(self) -> str:
        return citizen_display_name(self.cleaned_data["display_name"])

    def clean(self) -> dict:
        cleaned_data = super().clean()
        signup_checks.check(cleaned_data)
        return cleaned_data

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.accepted_terms_at = timezone.now()
        user.language = getattr(request, "LANGUAGE_CODE", "en") or "en"
        user.save(update_fields=["display_name", "accepted_terms_at", "language"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "language", "email_notifications"]
        labels = {
            "display_name": _("Public display name"),
            "language": _("Language"),
            "email_notifications": _("E-mail notifications"),
        }
        help_texts = {
            "language": _("The language of the site and of the e-mails we send you."),
            "email_notifications": _(
                "When to e-mail you about proposals you follow and answers to yours."
            ),
        }
        widgets = {"email_notifications": forms.RadioSelect}

    def clean_display_name(self) -> str:
        return citizen_display_name(
            self.cleaned_data["display_name"], current=self.instance.display_name
        )


class AccountDeleteForm(forms.Form):
    """Deleting an account asks for the password again, so a borrowed session cannot."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
