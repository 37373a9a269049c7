"""Staff manage accounts in the Wagtail admin (/admin/users/) with these forms.

Our user has an e-mail and a public display name instead of a username and real names, so
Wagtail's own forms (which ask for first and last names) are replaced.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import IndexView, UserViewSet

from civic.text import clean_name, has_visible

from .models import User

ACCOUNT_FIELDS = ["email", "display_name", "language", "email_notifications", "is_staff"]


def _clean_display_name(form: forms.ModelForm) -> str:
    # Staff may name an account after its role; the text itself is cleaned as everywhere.
    name = clean_name(form.cleaned_data["display_name"])
    if not has_visible(name):
        raise forms.ValidationError(_("Please choose a display name."))
    return name


class CivicUserCreationForm(UserCreationForm):
    first_name = None
    last_name = None

    class Meta:
        model = User
        fields = [*ACCOUNT_FIELDS, "is_superuser", "groups"]
        widgets = {"groups": forms.CheckboxSelectMultiple}

    clean_display_name = _clean_display_name


class CivicUserEditForm(UserEditForm):
    first_name = None
    last_name = None

    class Meta:
        model = User
        fields = [*ACCOUNT_FIELDS, "is_active", "is_superuser", "groups"]
        widgets = {"groups": forms.CheckboxSelectMultiple}

    clean_display_name = _clean_display_name


class CivicUserIndexView(IndexView):
    @property
    def search_fields(self):
        return {"email", "display_name"}


class CivicUserViewSet(UserViewSet):
    index_view_class = CivicUserIndexView
    template_prefix = "accounts/admin/users/"

    def get_form_class(self, for_update: bool = False):
        return CivicUserEditForm if for_update else CivicUserCreationForm
