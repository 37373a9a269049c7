"""Atom feeds of newly published official responses: the whole site, and one consultation.

Text goes through `xml_safe` (XML 1.0 cannot carry control characters); the response's and
the proposal's plain text are escaped, since Atom summaries are HTML.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic.text import xml_safe
from proposals.feeds import ConsultationFeedMixin
from proposals.models import OfficialResponse

from .queries import newest_responses

FEED_ITEMS = 30
SUMMARY_CHARS = 500


class ResponsesFeed(Feed):
    """New official responses on the whole site, newest first."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj) -> str:
        return _("New official responses on Civic")

    def subtitle(self, obj) -> str:
        return _("Official responses to proposals, newest first.")

    def link(self, obj) -> str:
        return reverse("data:index")

    def feed_url(self, obj) -> str:
        return reverse("response:feed")

    def items(self, obj):
        return newest_responses(limit=FEED_ITEMS)

    def item_title(self, item: OfficialResponse) -> str:
        return xml_safe(
            _("%(outcome)s: %(title)s")
            % {"outcome": item.get_outcome_display(), "title": item.proposal.title}
        )

    def item_description(self, item: OfficialResponse) -> str:
        return escape(xml_safe(item.text[:SUMMARY_CHARS]))

    def item_link(self, item: OfficialResponse) -> str:
        return reverse("proposals:detail", kwargs={"pk": item.proposal_id}) + "#official-response"

    def item_guid(self, item: OfficialResponse) -> str:
        return f"{self.item_link(item)}-{item.pk}"

    def item_author_name(self, item: OfficialResponse) -> str:
        return xml_safe(item.department.display_name) if item.department_id else ""

    def item_pubdate(self, item: OfficialResponse):
        return item.first_published_at

    def item_updateddate(self, item: OfficialResponse):
        return item.last_published_at or item.first_published_at


class ConsultationResponsesFeed(ConsultationFeedMixin, ResponsesFeed):
    """New official responses in one consultation."""

    title_format = gettext_lazy("New official responses: %(title)s")

    def subtitle(self, obj) -> str:
        return _("Official responses to this consultation's proposals, newest first.")

    def feed_url(self, obj) -> str:
        return reverse("response:consultation_feed", kwargs={"slug": obj.slug})

    def items(self, obj):
        return newest_responses(obj.canonical.pk, limit=FEED_ITEMS)
