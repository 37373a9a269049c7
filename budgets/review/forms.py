"""The admin form of a project: staff choose its heading (its cost is its review's)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from budgets.models import BudgetHeading, Project
from budgets.review.services import move_refusal


class ProjectForm(WagtailAdminModelForm):
    class Meta:
        model = Project
        fields = ["heading"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField = self.fields["heading"]
        field.queryset = BudgetHeading.objects.filter(
            consultation_id=self.instance.heading.consultation_id
        ).order_by("sort_order", "pk")
        field.help_text = _(
            "The part of the budget this project is voted under. It can change until balloting "
            "opens; its cost comes from the feasibility review."
        )

    def clean_heading(self):
        heading = self.cleaned_data["heading"]
        refusal = move_refusal(project=self._stored(), heading=heading)
        if refusal:
            raise forms.ValidationError(refusal)
        return heading

    def _stored(self):
        return Project.objects.select_related("heading__consultation").get(pk=self.instance.pk)
