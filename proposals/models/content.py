"""What proposals and comments share as citizen text under moderation."""

from django.utils.html import linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .states import ModerationState


class CitizenText:
    """Mixed into models with `author`, `body` and a moderation `state`."""

    @property
    def author_name(self) -> str:
        if self.author_id is None:
            return str(_("deleted account"))
        return self.author.display_name

    @property
    def body_html(self) -> SafeString:
        """The body as HTML: escaped, with line breaks and nofollow links; no markup passes."""
        return mark_safe(linebreaks(urlize(self.body, nofollow=True, autoescape=True)))  # noqa: S308

    @property
    def shows_content(self) -> bool:
        """Rejected and hidden items show their public reason, never their content."""
        return self.state not in {ModerationState.REJECTED, ModerationState.HIDDEN}

    @property
    def content_kind(self) -> str:
        """ "proposal" or "comment": how moderation, reports and appeals name the item."""
        return self._meta.model_name

    @property
    def parent_proposal(self):
        """The proposal itself, or the proposal a comment is on."""
        return self if self._meta.model_name == "proposal" else self.proposal

    def as_target(self) -> dict:
        """The keyword that points a report, decision or appeal at this item."""
        return {self._meta.model_name: self}
