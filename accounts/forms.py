from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import DISPLAY_NAME_MAX, User


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

    field_order = ["email", "display_name", "password1", "password2", "accept_terms"]

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Please choose a display name."))
        return name

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.accepted_terms_at = timezone.now()
        user.language = getattr(request, "LANGUAGE_CODE", "en") or "en"
        user.save(update_fields=["display_name", "accepted_terms_at", "language"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "language", "email_notifications"]

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Please choose a display name."))
        return name
