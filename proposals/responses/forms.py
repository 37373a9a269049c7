"""The admin form of an official response, scoped to the consultations of the person editing.

An official only ever sees, in the form's choices, proposals, merge targets and colleagues of
the consultations they answer for. The proposal of an existing response cannot change.

For a proposal of a budget the same form is its feasibility review (responses/feasibility.py):
"Feasible?" replaces the outcome, the cost is the project's, the text is the public reason.
For consultations of ideas the "Feasible?" question is not asked.
"""

from django import forms
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from civic.i18n import localize_digits
from consultations import roles
from proposals.models import ModerationState, Proposal
from proposals.responses import feasibility


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


# Long titles are cut in a choice's label so that the select keeps to the form's width; the
# number tells apart two proposals of the same title.
CHOICE_TITLE_CHARS = 80


def proposal_choice_label(proposal: Proposal) -> str:
    return gettext("%(title)s (No. %(number)s)") % {
        "title": Truncator(proposal.title).chars(CHOICE_TITLE_CHARS),
        "number": localize_digits(proposal.pk),
    }


class OfficialResponseForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        instance = self.instance
        existing = instance.pk is not None and instance.proposal_id is not None
        if existing:
            consultation_ids = {instance.proposal.consultation_id}
        elif user is not None and user.is_superuser:
            consultation_ids = None
        else:
            consultation_ids = roles.answered_ids(user) if user is not None else set()
        self._consultation_ids = consultation_ids

        if "proposal" in self.fields:
            field = self.fields["proposal"]
            if existing:
                field.queryset = Proposal.objects.filter(pk=instance.proposal_id)
                field.disabled = True
                field.help_text = _("A response always answers the same proposal.")
            else:
                field.queryset = self._proposal_choices(consultation_ids)
                field.help_text = _(
                    "Proposals waiting for a response in your consultations. To answer another "
                    "proposal, use “Draft response” on its page or in the list of assignments."
                )
        if "merged_into" in self.fields:
            merge = Proposal.objects.filter(state=ModerationState.PUBLISHED)
            if existing:
                merge = merge.filter(consultation_id=instance.proposal.consultation_id).exclude(
                    pk=instance.proposal_id
                )
            elif consultation_ids is not None:
                merge = merge.filter(consultation_id__in=consultation_ids)
            self.fields["merged_into"].queryset = merge.order_by("-support_count", "pk")
        for name in ("proposal", "merged_into"):
            if name in self.fields:
                self.fields[name].label_from_instance = proposal_choice_label
        if "responsible_official" in self.fields:
            officials = _user_model().objects.filter(is_active=True, is_staff=True)
            self.fields["responsible_official"].queryset = officials.order_by("display_name", "pk")
        proposal = instance.proposal if existing else self._selected_proposal()
        self.is_review = feasibility.is_review(proposal)
        if self.is_review:
            self._ask_feasibility(proposal)
        else:
            self.fields.pop("feasible", None)

    def _selected_proposal(self):
        pk = self._selected_proposal_pk()
        if pk is None:
            return None
        return Proposal.objects.select_related("consultation").filter(pk=pk).first()

    def _ask_feasibility(self, proposal) -> None:
        """The review's questions in place of the outcome (its outcome follows from them)."""
        for name in ("outcome", "merged_into"):
            self.fields.pop(name, None)
        self.fields["feasible"] = forms.TypedChoiceField(
            label=_("Feasible?"),
            choices=[
                ("True", _("Feasible: it goes on the ballot with its cost")),
                ("False", _("Not feasible: give the public reason")),
            ],
            coerce=lambda value: value == "True",
            empty_value=None,
            widget=forms.RadioSelect,
            required=False,  # the review's own check says what is missing (feasibility.py)
            help_text=_(
                "Feasibility and cost can change until balloting opens. An approver publishes "
                "the review; the author is told."
            ),
        )
        if "cost_estimate" in self.fields:
            field = self.fields["cost_estimate"]
            field.label = _("Cost")
            field.help_text = _(
                "Required when feasible: what carrying it out costs, in %(currency)s."
            ) % {"currency": proposal.consultation.currency}
        if "timeline" in self.fields:
            self.fields["timeline"].label = _("Duration")
            self.fields["timeline"].help_text = _("For example: “six months”.")
        if "text" in self.fields:
            field = self.fields["text"]
            field.label = _("Public reason")
            field.required = False
            field.help_text = _(
                "Shown on the proposal's page. Required when not feasible: say why."
            )

    def selected_proposal_pk(self) -> int | None:
        """The proposal this form answers: the response's, the one chosen, or the one asked
        for (`?proposal=`)."""
        if self.instance.pk is not None and self.instance.proposal_id is not None:
            return self.instance.proposal_id
        return self._selected_proposal_pk()

    @property
    def consultation_ids(self) -> set[int] | None:
        """The consultations whose proposals this form may answer (None: any)."""
        return self._consultation_ids

    def _selected_proposal_pk(self):
        raw = self.data.get(self.add_prefix("proposal")) if self.is_bound else None
        raw = raw or self.initial.get("proposal")
        if hasattr(raw, "pk"):
            raw = raw.pk
        try:
            return int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def _proposal_choices(self, consultation_ids):
        eligible = Proposal.objects.filter(
            state=ModerationState.PUBLISHED, official_response__isnull=True
        )
        if consultation_ids is not None:
            eligible = eligible.filter(consultation_id__in=consultation_ids)
        # Show the open assignments (and the proposal asked for), not every proposal: a
        # consultation may hold thousands.
        selected = self._selected_proposal_pk()
        shown = Q(response_assignments__answered_at__isnull=True)
        if selected is not None:
            shown |= Q(pk=selected)
        return eligible.filter(shown).distinct().order_by("consultation_id", "title", "pk")

    def clean(self):
        cleaned = super().clean()
        proposal = cleaned.get("proposal") or getattr(self.instance, "proposal", None)
        user = self.for_user
        if (
            proposal is not None
            and user is not None
            and not self.instance.pk
            and not roles.is_official(user, proposal.consultation)
        ):
            self.add_error(
                "proposal", _("Only officials of this consultation can answer its proposals.")
            )
        official = cleaned.get("responsible_official")
        if (
            proposal is not None
            and official is not None
            and not roles.is_official(official, proposal.consultation)
        ):
            self.add_error(
                "responsible_official",
                _("Choose an official of the consultation of this proposal."),
            )
        return cleaned
