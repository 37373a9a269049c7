"""Forms of the consultation pages and of the staff roles screen."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Area, sorted_by_display_name
from .phases import Phase
from .roles import Role


class ConsultationFilterForm(forms.Form):
    """The list page's filters, read from the query string (GET)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=forms.SearchInput)
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, topics=(), areas: list[Area] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("All phases")), *Phase.choices]
        self.fields["topic"].choices = [("", _("All topics"))] + [
            (topic.slug, topic.display_name) for topic in sorted_by_display_name(topics)
        ]
        self.fields["area"].choices = [("", _("All areas"))] + [
            (area.slug, area.display_name) for area in areas
        ]
        self.fields["sort"].choices = [
            ("", _("Closing soon")),
            ("newest", _("Newest")),
            ("relevance", _("Best match (with a search)")),
        ]

    def filters(self) -> dict[str, str]:
        """Valid filters as keyword arguments; an invalid filter is simply ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": (data.get("q") or "").strip(),
            "phase": data.get("phase") or "",
            "topic": data.get("topic") or "",
            "area": data.get("area") or "",
            "sort": data.get("sort") or ("relevance" if data.get("q") else ""),
        }


class GrantRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    email = forms.EmailField(label=_("E-mail address of the staff member"))
