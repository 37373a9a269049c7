from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from .census import IDENTIFIER_MAX, POSTCODE_MAX, CensusValueError, clean_factor, clean_identifier
from .models import SecondFactor, UploadMode

FACTOR_HELP = {
    SecondFactor.BIRTH_YEAR: _("Four digits, such as 1985."),
    SecondFactor.POSTCODE: _("The postcode of your address in the census."),
}


class ResidentVerifyForm(forms.Form):
    """What a citizen types: their census identifier and the census's second factor."""

    identifier = forms.CharField(
        label=_("Resident identifier"),
        max_length=IDENTIFIER_MAX * 2,
        help_text=_(
            "The identifier the city's census lists you under, such as your national "
            "identification number. Spaces and dashes do not matter."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    factor = forms.CharField(
        max_length=max(POSTCODE_MAX, 4) * 2,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, factor_kinds: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.factor_kinds = factor_kinds
        field = self.fields["factor"]
        if len(factor_kinds) == 1:
            kind = SecondFactor(factor_kinds[0])
            field.label = kind.label
            field.help_text = FACTOR_HELP[kind]
            if kind == SecondFactor.BIRTH_YEAR:
                field.widget.attrs["inputmode"] = "numeric"
        else:
            field.label = _("Year of birth or postcode")
            field.help_text = _("The census lists one of them for you; enter that one.")

    def clean_identifier(self) -> str:
        value = self.cleaned_data["identifier"]
        try:
            clean_identifier(value)
        except CensusValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return value

    def clean_factor(self) -> str:
        value = self.cleaned_data["factor"]
        if len(self.factor_kinds) == 1:
            try:
                clean_factor(self.factor_kinds[0], value)
            except CensusValueError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return value


class CensusUploadForm(forms.Form):
    census_file = forms.FileField(
        label=_("Census file (CSV)"),
        validators=[FileExtensionValidator(["csv", "txt"])],
        help_text=_("UTF-8 text, one resident per line, under the header described above."),
    )
    mode = forms.ChoiceField(
        label=_("What the file does"),
        choices=UploadMode.choices,
        initial=UploadMode.REPLACE,
        widget=forms.RadioSelect,
        help_text=_(
            "Replace: the file becomes the whole census. Add: its residents join the census, "
            "and those already listed get the file's second factor."
        ),
    )


class StaffConfirmForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the account"),
        help_text=_("Confirm only someone whose residence you checked yourself."),
    )
