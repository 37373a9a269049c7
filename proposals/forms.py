"""Forms of the citizen journey. They parse input; the services decide what is allowed.

A refusal raised by a service (`JourneyError`) is put back on the form with `show_error`,
tied to its field when the error names one.
"""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from civic.i18n import localize_digits
from consultations.models import Area, sorted_by_display_name
from proposals.models.reports import REPORT_TEXT_MAX

from .exceptions import JourneyError
from .models import ModerationState, Outcome, ReportReason
from .models.comments import COMMENT_MAX
from .models.proposals import BODY_MAX, TITLE_MAX
from .queries import SORTS, Filters

# Service error fields that have another name on the form.
FIELD_ALIASES = {"location": "latitude"}
IMAGE_TYPES = "image/jpeg,image/png,image/webp,image/gif"


def _with_example(message, example: str) -> str:
    """A help text whose example number is written in the reader's digits when shown (the
    field itself takes Latin digits: it is a number input)."""
    return lazy(lambda: str(message) % {"example": localize_digits(example)}, str)()


def show_error(form: forms.Form, exc: JourneyError) -> None:
    field = FIELD_ALIASES.get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, str(exc.message))


class SubmissionTokenMixin(forms.Form):
    """A hidden once-only token (see proposals/submissions.py)."""

    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class ProposalForm(SubmissionTokenMixin):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        help_text=_("A short name for your idea (at most 150 characters)."),
    )
    body = forms.CharField(
        label=_("Your proposal"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        help_text=_("What should be done, where and why. Plain text; links are allowed."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("No area")
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        decimal_places=6,
        max_digits=9,
        help_text=_with_example(
            _("For example %(example)s. Pick a point on the map, or type both numbers."),
            "35.6892",
        ),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        decimal_places=6,
        max_digits=9,
        help_text=_with_example(_("For example %(example)s."), "51.3890"),
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, at most 5 MB. Location data in photos is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
    )
    image_alt = forms.CharField(
        label=_("Image description"),
        required=False,
        max_length=200,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    def __init__(self, *args, consultation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        # The value is the concept's own name (the same in every language), the label the
        # name the reader reads.
        self.fields["topics"].choices = [
            (topic.name, topic.display_name)
            for topic in sorted_by_display_name(consultation.topics.all())
        ]
        if not self.fields["topics"].choices:
            del self.fields["topics"]
        area_ids = list(consultation.areas.values_list("pk", flat=True))
        self.fields["area"].queryset = (
            Area.objects.filter(pk__in=area_ids) if area_ids else Area.objects.all()
        )
        self.fields["area"].label_from_instance = lambda area: area.display_name
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update({"step": "any", "inputmode": "decimal"})
        # Citizens write in either language: each text box follows what is typed in it.
        self.fields["title"].widget.attrs.update({"autocomplete": "off", "dir": "auto"})
        self.fields["image_alt"].widget.attrs["dir"] = "auto"

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None) and "latitude" not in self.errors:
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        if data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "topics": data.get("topics") or [],
            "area": data.get("area"),
            "latitude": data.get("latitude"),
            "longitude": data.get("longitude"),
            "image": data.get("image") or None,
            "image_alt": data.get("image_alt") or "",
        }


class ProposalEditForm(ProposalForm):
    """Editing keeps the image unless a new one is uploaded or removal is asked for."""

    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)

    def __init__(self, *args, proposal, **kwargs) -> None:
        super().__init__(*args, consultation=proposal.consultation, **kwargs)
        self.proposal = proposal
        self.fields["image"].widget = forms.FileInput(attrs={"accept": IMAGE_TYPES})
        if not proposal.image:
            del self.fields["remove_image"]

    @classmethod
    def initial_for(cls, proposal) -> dict:
        return {
            "title": proposal.title,
            "body": proposal.body,
            "topics": list(proposal.topics.names()),
            "area": proposal.area_id,
            "latitude": proposal.latitude,
            "longitude": proposal.longitude,
            "image_alt": proposal.image_alt,
        }

    def clean(self):
        data = forms.Form.clean(self)
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None) and "latitude" not in self.errors:
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        has_image = data.get("image") or (self.proposal.image and not data.get("remove_image"))
        if has_image and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return data

    def service_kwargs(self) -> dict:
        kwargs = super().service_kwargs()
        image = kwargs.pop("image")
        if image:
            kwargs["image"] = image
        elif self.cleaned_data.get("remove_image"):
            kwargs["image"] = None
        return kwargs


class CommentForm(SubmissionTokenMixin):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Plain text; links are allowed. Be kind and stay on topic."),
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=REPORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you choose “Other”."),
    )


class ProposalFilterForm(forms.Form):
    """The list's filters and order, read from the query string; bad values are ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=forms.SearchInput)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    state = forms.ChoiceField(label=_("Which proposals"), required=False)
    sort = forms.ChoiceField(label=_("Order"), required=False)

    def __init__(self, *args, topics=(), areas=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("All topics"))] + [
            (topic.slug, topic.display_name) for topic in sorted_by_display_name(topics)
        ]
        self.fields["area"].choices = [("", _("All areas"))] + [
            (area.slug, area.display_name) for area in areas
        ]
        self.fields["outcome"].choices = [("", _("Any outcome")), *Outcome.choices]
        self.fields["state"].choices = [
            ("", _("Published proposals")),
            (ModerationState.WITHDRAWN, _("Withdrawn proposals")),
            (ModerationState.REJECTED, _("Rejected proposals")),
            (ModerationState.HIDDEN, _("Hidden proposals")),
        ]
        labels = {
            "random": _("Random order"),
            "supports": _("Most supported"),
            "newest": _("Newest"),
            "comments": _("Most commented"),
        }
        self.fields["sort"].choices = [
            ("" if key == "random" else key, labels[key]) for key in SORTS
        ]

    def filters(self) -> Filters:
        if not self.is_bound or not self.is_valid():
            data = {
                name: value
                for name, value in (getattr(self, "cleaned_data", None) or {}).items()
                if name not in self.errors
            }
        else:
            data = self.cleaned_data
        return Filters(
            sort=data.get("sort") or "random",
            state=data.get("state") or ModerationState.PUBLISHED,
            topic=data.get("topic") or "",
            area=data.get("area") or "",
            outcome=data.get("outcome") or "",
            query=(data.get("q") or "").strip(),
        )
