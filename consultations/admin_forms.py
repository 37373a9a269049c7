"""The page editor's form of a consultation: its topics as concepts, and a budget's headings
checked with the page.

Topics typed by a Persian name are the concepts of that name, so a translated page carries the
same topics as its English page, not new ones. The other way round, the editor of a Persian
page (or a Persian-speaking editor) sees the topics by their Persian names.

The headings are an inline formset of the page (`budget_headings`, rows of
budgets.BudgetHeading). This module reads them as plain formset rows, so `consultations`
never imports `budgets` (tests/consultations/test_layering.py). The rules:

- a budget saved with no heading gets one, named "Whole budget", holding the whole amount;
- the headings' amounts add up to the budget's amount;
- a heading limited to an area names one of the consultation's areas;
- two headings of one budget do not share a name.

Consultations of ideas ignore headings: their rows are kept as typed, unchecked.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

HEADINGS = "budget_headings"
DEFAULT_HEADING_NAME = "Whole budget"
DEFAULT_HEADING_NAME_FA = "کل بودجه"


def headings_total_error(amount: Decimal | None, amounts: Iterable[Decimal]):
    """The message when headings' amounts do not add up to the budget's amount, else None."""
    amounts = [a for a in amounts if a is not None]
    if not amounts or amount is None:
        return None
    total = sum(amounts, start=Decimal(0))
    if total == amount:
        return None
    return _(
        "The headings' amounts add up to %(total)s, not to the budget's %(amount)s. "
        "Change an amount so that they add up."
    ) % {"total": f"{total:,.2f}", "amount": f"{amount:,.2f}"}


def tag_string(names: Iterable[str]) -> str:
    """Topic names as the tag field's text: comma-separated, a name with a space or a comma
    in double quotes."""
    return ", ".join(f'"{name}"' if " " in name or "," in name else name for name in names)


def _persian(language_code: str | None) -> bool:
    return (language_code or "").split("-")[0] == "fa"


class ConsultationPageForm(WagtailAdminPageForm):
    """The editor of a consultation page, with a budget's headings checked as one whole."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "topics" in self.fields and not self.is_bound and self._shows_persian():
            topics = self.initial.get("topics")
            if topics is not None and not isinstance(topics, str):
                names = sorted(topic.name_fa or topic.name for topic in topics)
                self.initial["topics"] = tag_string(names)

    def _shows_persian(self) -> bool:
        """A Persian page, or an editor whose admin speaks Persian."""
        locale = self.instance.locale if self.instance.locale_id else None
        return _persian(locale.language_code if locale else None) or _persian(
            translation.get_language()
        )

    def clean_topics(self) -> list[str]:
        from .models import Topic

        return Topic.concept_names(self.cleaned_data.get("topics") or [])

    def _heading_forms(self) -> list:
        """The heading rows that stay (not marked for deletion), each valid on its own."""
        formset = self.formsets.get(HEADINGS)
        if formset is None or not formset.is_valid():
            return []
        return [
            form
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]

    def _post_clean(self):
        # After the page's own clean (consultations.models), so a missing amount is told once.
        super()._post_clean()
        self._clean_headings(self.cleaned_data)

    def _clean_headings(self, cleaned: dict) -> None:
        if cleaned.get("kind") != "budget":
            return
        forms = self._heading_forms()
        amount = cleaned.get("budget_amount")
        message = headings_total_error(amount, [f.cleaned_data.get("amount") for f in forms])
        if message:
            self.add_error("budget_amount", message)
        areas = cleaned.get("areas")
        area_ids = {area.pk for area in areas} if areas is not None else set()
        names: set[str] = set()
        for form in forms:
            area = form.cleaned_data.get("area")
            if area is not None and area.pk not in area_ids:
                form.add_error(
                    "area",
                    _(
                        "“%(area)s” is not one of this consultation's areas: add it to the "
                        "areas above, or choose another."
                    )
                    % {"area": area.display_name},
                )
                self.add_error(None, _("A heading names an area the consultation does not."))
            name = (form.cleaned_data.get("name") or "").strip().casefold()
            if name and name in names:
                form.add_error("name", _("Another heading already has this name."))
                self.add_error(None, _("Two headings have the same name."))
            names.add(name)

    def save(self, commit=True):
        page = super().save(commit=False)
        if page.kind == "budget" and page.budget_amount and not self._heading_forms():
            # A budget with a single pot: one heading with the whole amount.
            heading_model = self.formsets[HEADINGS].model
            getattr(page, HEADINGS).add(
                heading_model(
                    name=DEFAULT_HEADING_NAME,
                    name_fa=DEFAULT_HEADING_NAME_FA,
                    amount=page.budget_amount,
                )
            )
        if commit:
            page.save()
            self.save_m2m()
        return page
