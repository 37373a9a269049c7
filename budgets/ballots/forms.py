"""The ballot form: the chosen projects (checkboxes), posted whole, plus which button."""

from django import forms


class BallotForm(forms.Form):
    """Parses a ballot post. `project` holds every ticked project; `add`/`remove` name the
    project a per-project button changes in the draft; `cast`/`withdraw` store it."""

    project = forms.TypedMultipleChoiceField(coerce=int, required=False)
    add = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    remove = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    cast = forms.BooleanField(required=False)
    withdraw = forms.BooleanField(required=False)

    def __init__(self, *args, project_ids: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(pk, str(pk)) for pk in project_ids]
        for name in ("project", "add", "remove"):
            self.fields[name].choices = choices
        self.fields["add"].choices = [("", ""), *choices]
        self.fields["remove"].choices = [("", ""), *choices]

    def draft(self) -> set[int]:
        """The set the citizen is looking at after this post (a button's change applied)."""
        chosen = set(self.cleaned_data.get("project") or [])
        if self.cleaned_data.get("add") is not None:
            chosen.add(self.cleaned_data["add"])
        if self.cleaned_data.get("remove") is not None:
            chosen.discard(self.cleaned_data["remove"])
        return chosen
