"""The response editor's own parts: the proposal shown beside the form, and a footer whose
next step is a visible button.

Wagtail's snippet footer shows one button (for us "Save draft") and folds every other action
into a menu under a chevron, where officials did not find "Submit for approval", nor
approvers "Approve". Here the workflow's next step is the button in front, with "Save draft"
visible beside it; the rest (cancel, request changes, ...) stay in the menu.
"""

from django.template.loader import render_to_string
from wagtail.snippets.action_menu import SnippetActionMenu

from proposals.responses.queries import proposal_for_editor

# Items Wagtail names, in the order they are promoted: an official submits (or resubmits) for
# approval; an approver approves.
PROMOTED = ("action-submit", "approve")
SAVE = "action-save"


class ResponseActionMenu(SnippetActionMenu):
    template = "responses/admin/action_menu.html"

    def __init__(self, request, **kwargs):
        super().__init__(request, **kwargs)
        items = [self.default_item, *self.menu_items] if self.default_item else []
        # An action that asks for a comment first (e.g. "Approve with comment") stays in the
        # menu: the button in front does the plain step.
        plain = [item for item in items if not getattr(item, "launch_modal", False)]
        promoted = next((item for name in PROMOTED for item in plain if item.name == name), None)
        self.save_item = None
        if promoted is None:
            return
        self.save_item = next((item for item in items if item.name == SAVE), None)
        self.default_item = promoted
        self.menu_items = [item for item in items if item not in (promoted, self.save_item)]

    def render_html(self):
        if not self.default_item:
            return ""
        return render_to_string(
            self.template,
            {
                "default_menu_item": self.default_item.render_html(self.context),
                "show_menu": bool(self.menu_items),
                "rendered_menu_items": [item.render_html(self.context) for item in self.menu_items],
                "save_draft": self.save_item is not None,
            },
            request=self.request,
        )


def proposal_context(proposal_id: int | None, *, consultation_ids=None) -> dict:
    """What the editor shows of the proposal it answers (two queries), or nothing."""
    if proposal_id is None:
        return {}
    proposal = proposal_for_editor(proposal_id, consultation_ids=consultation_ids)
    if proposal is None:
        return {}
    assignment = next(iter(proposal.response_assignments.all()), None)
    return {
        "editor_proposal": proposal,
        "editor_assignment": assignment,
        "editor_days_late": assignment.days_late() if assignment is not None else None,
    }
