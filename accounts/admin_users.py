"""Staff manage accounts in the Wagtail admin (/admin/users/) with these forms.

Our user has an e-mail and a public display name instead of a username and real names, so
Wagtail's own forms (which ask for first and last names) are replaced.
"""

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import EditView, IndexView, UserViewSet

from civic.text import clean_name, has_visible
from consultations import roles
from consultations.models import ConsultationPage

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


def _role_field(label) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=ConsultationPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CivicUserEditForm(UserEditForm):
    """The account's fields, and, for an administrator, the consultations the person
    moderates or answers for: the same grants as the consultation's "Staff roles" screen,
    through `consultations.roles` (so each change is in the audit log)."""

    first_name = None
    last_name = None
    moderator_of = _role_field(_("Moderator of"))
    official_of = _role_field(_("Official of"))

    class Meta:
        model = User
        fields = [*ACCOUNT_FIELDS, "is_active", "is_superuser", "groups"]
        widgets = {"groups": forms.CheckboxSelectMultiple}

    clean_display_name = _clean_display_name

    def __init__(self, *args, granted_by=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.granted_by = granted_by
        if granted_by is None or not granted_by.is_superuser:
            del self.fields["moderator_of"]
            del self.fields["official_of"]
            return
        # Roles sit on the consultation's page in the default language.
        consultations = ConsultationPage.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE
        ).order_by("title")
        for name, role in (("moderator_of", "moderator"), ("official_of", "official")):
            self.fields[name].queryset = consultations
            self.fields[name].initial = (
                list(consultations.filter(pk__in=roles.consultation_ids_of(self.instance, role)))
                if self.instance.pk
                else []
            )

    def clean(self):
        data = super().clean()
        wants_roles = data.get("moderator_of") or data.get("official_of")
        if wants_roles and not data.get("is_active", self.instance.is_active):
            raise forms.ValidationError(_("An inactive account cannot hold staff roles."))
        return data

    @transaction.atomic
    def save(self, commit: bool = True):
        user = super().save(commit=commit)
        if "moderator_of" in self.fields and commit:
            for name, role in (("moderator_of", "moderator"), ("official_of", "official")):
                held = set(roles.consultation_ids_of(user, role))
                chosen = {page.pk: page for page in self.cleaned_data[name]}
                for pk, page in chosen.items():
                    if pk not in held:
                        roles.grant_role(
                            consultation=page, user=user, role=role, granted_by=self.granted_by
                        )
                for page in ConsultationPage.objects.filter(pk__in=held - set(chosen)):
                    roles.revoke_role(
                        consultation=page, user=user, role=role, revoked_by=self.granted_by
                    )
        return user


class CivicUserEditView(EditView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "granted_by": self.request.user}


class CivicUserIndexView(IndexView):
    @property
    def search_fields(self):
        return {"email", "display_name"}


class CivicUserViewSet(UserViewSet):
    index_view_class = CivicUserIndexView
    edit_view_class = CivicUserEditView
    template_prefix = "accounts/admin/users/"

    def get_form_class(self, for_update: bool = False):
        return CivicUserEditForm if for_update else CivicUserCreationForm
