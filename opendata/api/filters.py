"""The query parameters of the lists: validated here (a bad value is a 400, never a 500),
applied by the domains' read functions."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from consultations.phases import Phase
from consultations.queries import open_data_filter
from proposals.models import Outcome
from proposals.queries import LISTABLE_STATES, OPEN_DATA_SORTS, open_data_proposals
from proposals.responses.queries import open_data_responses

ID_MAX = 2**63 - 1  # the largest id either database stores
ID_SCHEMA = {"type": "integer", "format": "int64", "minimum": 1, "maximum": ID_MAX}


@extend_schema_field(ID_SCHEMA)
class IdFilter(filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "string", "maxLength": 100, "pattern": r"^[-\w]*$"})
class SlugFilter(filters.CharFilter):
    """A topic or area slug (letters of any script, digits, `-`, `_`)."""

    field_class = forms.SlugField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("allow_unicode", True)
        super().__init__(*args, **kwargs)


class ConsultationFilter(filters.FilterSet):
    language = filters.ChoiceFilter(
        choices=[(code, code) for code, _name in settings.LANGUAGES], label=_("language")
    )
    phase = filters.ChoiceFilter(choices=[(p.value, p.value) for p in Phase], label=_("phase"))
    topic = SlugFilter(label=_("topic slug"))
    area = SlugFilter(label=_("area slug"))

    def filter_queryset(self, queryset):
        data = {key: value or "" for key, value in self.form.cleaned_data.items()}
        return open_data_filter(queryset, now=timezone.now(), **data)


class ProposalFilter(filters.FilterSet):
    consultation = IdFilter(label=_("consultation id (any language version)"))
    state = filters.ChoiceFilter(
        choices=[(state, state) for state in LISTABLE_STATES],
        label=_("moderation state (default: published)"),
    )
    topic = SlugFilter(label=_("topic slug"))
    area = SlugFilter(label=_("area slug"))
    outcome = filters.ChoiceFilter(choices=[(value, value) for value in Outcome.values])
    ordering = filters.ChoiceFilter(
        choices=[(sort, sort) for sort in OPEN_DATA_SORTS],
        label=_("order: newest (default), supports (most first) or id; ties by id"),
    )

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return open_data_proposals(
            consultation=data.get("consultation"),
            state=data.get("state") or "",
            topic=data.get("topic") or "",
            area=data.get("area") or "",
            outcome=data.get("outcome") or "",
            sort=data.get("ordering") or "newest",
        )


class ResponseFilter(filters.FilterSet):
    consultation = IdFilter(label=_("consultation id (any language version)"))
    proposal = IdFilter(label=_("proposal id"))
    outcome = filters.ChoiceFilter(choices=[(value, value) for value in Outcome.values])

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return open_data_responses(
            consultation=data.get("consultation"),
            proposal=data.get("proposal"),
            outcome=data.get("outcome") or "",
        )
