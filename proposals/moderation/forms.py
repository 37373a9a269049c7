"""Forms of the moderation pages: an action with its public reason, the queue's filters,
an appeal and its decision."""

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proposals.models import ModerationReason, ReasonCode
from proposals.moderation.models import APPEAL_TEXT_MAX
from proposals.moderation.queries import QUEUE_LABELS
from proposals.moderation.services import ACTIONS, COMMENT, OFFERED, PROPOSAL, Action

# The key of a possible campaign (proposals/moderation/campaigns.py `Campaign.key`).
CAMPAIGN_KEY = r"^(proposal|comment)-\d{1,12}$"


class ActionForm(forms.Form):
    """An action with its public reason: a template plus optional words."""

    action = forms.ChoiceField(label=gettext_lazy("Action"), choices=())
    reason = forms.ModelChoiceField(
        label=gettext_lazy("Public reason"),
        queryset=ModerationReason.objects.none(),
        required=False,
        empty_label=gettext_lazy("Choose a reason"),
        help_text=gettext_lazy(
            "Needed to reject or hide. The author and the public see it, never the content."
        ),
    )
    text = forms.CharField(
        label=gettext_lazy("Additional words"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Added after the reason's text; shown publicly."),
    )

    def __init__(
        self, *args, actions: Sequence[Action] | None = None, choose: bool = False, **kwargs
    ) -> None:
        """`choose`: the menu starts on "Choose an action", so nothing is applied to many
        items by a default a moderator did not pick (the queue's bulk form)."""
        super().__init__(*args, **kwargs)
        if actions is None:
            actions = [ACTIONS[name] for name in OFFERED]
        choices = [(action.name, action.label) for action in actions]
        if choose:
            choices.insert(0, ("", _("Choose an action")))
        self.fields["action"].choices = choices
        self.fields["action"].error_messages["required"] = _("Choose the action to apply.")
        self.fields["reason"].queryset = ModerationReason.objects.all()
        needing = [action for action in actions if action.needs_reason]
        if not needing:
            del self.fields["reason"]  # publishing and restoring need no reason
        elif len(needing) == len(actions):
            # Every action offered here needs one: the field is plainly required.
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _(
                "Choose the public reason for rejecting or hiding."
            )
            self.fields["reason"].label = _("Public reason (required)")
            self.fields["reason"].help_text = _(
                "The author and the public see it, never the content."
            )
        else:
            names = ", ".join(str(action.label).lower() for action in needing)
            self.fields["reason"].label = _("Public reason")
            # Marked with its condition instead of "optional" (includes/form_fields.html).
            self.fields["reason"].required_when = _("required to %(action)s") % {"action": names}

    def clean(self):
        data = super().clean()
        action = ACTIONS.get(data.get("action", ""))
        missing = not data.get("reason") and "reason" not in self.errors
        if action is not None and action.needs_reason and missing:
            self.add_error("reason", _("Choose the public reason for rejecting or hiding."))
        return data


class QueueFilterForm(forms.Form):
    queue = forms.ChoiceField(
        label=gettext_lazy("Queue"),
        choices=list(QUEUE_LABELS.items()),
        required=False,
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[
            ("", gettext_lazy("Proposals and comments")),
            (PROPOSAL, gettext_lazy("Proposals")),
            (COMMENT, gettext_lazy("Comments")),
        ],
        required=False,
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Reason"),
        choices=[("", gettext_lazy("Any reason"))]
        + [
            (value, label)
            for value, label in ReasonCode.choices
            if value not in {"", ReasonCode.AUTO_HIDDEN, ReasonCode.WITHDRAWN}
        ],
        required=False,
    )
    campaign = forms.RegexField(
        label=gettext_lazy("Possible campaign"),
        regex=CAMPAIGN_KEY,
        max_length=30,
        required=False,
    )


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Decision on the appeal"),
        choices=[
            ("uphold", gettext_lazy("Uphold: the first decision stands")),
            ("overturn", gettext_lazy("Overturn: publish the contribution again")),
        ],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=gettext_lazy("Public explanation"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Sent to the author and kept in the record."),
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Why should the decision change?"),
        max_length=APPEAL_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": APPEAL_TEXT_MAX}),
        help_text=gettext_lazy(
            "You can appeal once. Another moderator, not the one who decided, will read it."
        ),
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the account suspended?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        help_text=gettext_lazy(
            "Kept in the record and shown to the person when they try to contribute."
        ),
    )
    hide = forms.BooleanField(
        label=gettext_lazy("Also hide their published proposals and comments here"),
        required=False,
    )
    template = forms.ModelChoiceField(
        label=gettext_lazy("Public reason on the hidden contributions"),
        queryset=ModerationReason.objects.all(),
        required=False,
        empty_label=gettext_lazy("Choose a reason"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].required_when = _("required to hide")

    def clean(self):
        data = super().clean()
        if data.get("hide") and not data.get("template"):
            self.add_error(
                "template", _("Choose the public reason shown on the contributions you hide.")
            )
        return data
