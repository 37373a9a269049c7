"""Atom feed of newly published consultations, one per language (the index page's route)."""

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from civic.text import xml_safe

from .models import ConsultationPage, ConsultationTopic, sorted_by_display_name

FEED_ITEMS = 30


class ConsultationFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, index_page) -> None:
        self.index_page = index_page

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index_page

    def title(self, obj) -> str:
        return _("New consultations on Civic")

    def subtitle(self, obj) -> str:
        return _("Consultations published by the city, newest first.")

    def link(self, obj) -> str:
        return obj.get_url(request=self.request)

    def feed_url(self, obj) -> str:
        return obj.get_url(request=self.request) + "feed/"

    def items(self, obj):
        return (
            ConsultationPage.objects.live()
            .filter(locale_id=obj.locale_id)
            .exclude(first_published_at=None)
            .prefetch_related(
                Prefetch("tagged_topics", queryset=ConsultationTopic.objects.select_related("tag"))
            )
            .order_by("-first_published_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, item: ConsultationPage) -> str:
        return xml_safe(item.title)

    def item_description(self, item: ConsultationPage) -> str:
        return xml_safe(item.summary)

    def item_categories(self, item: ConsultationPage) -> list[str]:
        """The consultation's topics, named in the feed's language."""
        topics = sorted_by_display_name(tagged.tag for tagged in item.tagged_topics.all())
        return [xml_safe(topic.display_name) for topic in topics]

    def item_link(self, item: ConsultationPage) -> str:
        return item.get_url(request=self.request)

    def item_pubdate(self, item: ConsultationPage):
        return item.first_published_at

    def item_updateddate(self, item: ConsultationPage):
        return item.last_published_at
