"""Forms of the Wagtail admin for consultation pages."""

from wagtail.admin.forms import WagtailAdminPageForm


class ConsultationPageForm(WagtailAdminPageForm):
    """A consultation's editing form: topics typed by a Persian name are the concepts of that
    name, so a translated page carries the same topics as its English page, not new ones."""

    def clean_topics(self) -> list[str]:
        from .models import Topic

        return Topic.concept_names(self.cleaned_data.get("topics") or [])
