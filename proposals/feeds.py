"""Atom feed of a consultation's newly published proposals.

Text from citizens goes through `xml_safe`: XML 1.0 cannot carry control characters, and rows
stored before the input was cleaned may still hold some.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic.text import xml_safe
from consultations.models import sorted_by_display_name

from .models import Proposal
from .queries import consultation_for_slug

FEED_ITEMS = 30


class ConsultationFeedMixin:
    """A feed of one consultation, found by its slug in the reader's language, linking to its
    proposals and titled by `title_format` with the consultation's title."""

    title_format = ""

    def get_object(self, request, slug: str):
        page = consultation_for_slug(slug)
        if page is None:
            raise Http404
        return page

    def title(self, obj) -> str:
        return xml_safe(str(self.title_format) % {"title": obj.title})

    def link(self, obj) -> str:
        return reverse("proposals:list", kwargs={"slug": obj.slug})


class ConsultationProposalsFeed(ConsultationFeedMixin, Feed):
    feed_type = Atom1Feed
    title_format = gettext_lazy("New proposals: %(title)s")

    def subtitle(self, obj) -> str:
        return _("Proposals published in this consultation, newest first.")

    def feed_url(self, obj) -> str:
        return reverse("proposals:feed", kwargs={"slug": obj.slug})

    def items(self, obj):
        return (
            Proposal.objects.of_consultation(obj.canonical)
            .published()
            .select_related("author")
            .prefetch_related("topics")
            .order_by("-published_at", "-id")[:FEED_ITEMS]
        )

    def item_title(self, item: Proposal) -> str:
        return xml_safe(item.title)

    def item_description(self, item: Proposal) -> str:
        # Atom summaries are HTML: the citizen's plain text is escaped.
        return escape(xml_safe(item.body[:500]))

    def item_link(self, item: Proposal) -> str:
        return reverse("proposals:detail", kwargs={"pk": item.pk})

    def item_categories(self, item: Proposal) -> list[str]:
        """The proposal's topics, named in the feed's language."""
        return [xml_safe(topic.display_name) for topic in sorted_by_display_name(item.topics.all())]

    def item_author_name(self, item: Proposal) -> str:
        return xml_safe(item.author_name)

    def item_pubdate(self, item: Proposal):
        return item.published_at

    def item_updateddate(self, item: Proposal):
        return item.edited_at or item.published_at
