"""Atom feed of newly published consultations, one per language (the index page's route)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from civic.text import xml_safe

from .models import ConsultationPage

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
            .order_by("-first_published_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, item: ConsultationPage) -> str:
        return xml_safe(item.title)

    def item_description(self, item: ConsultationPage) -> str:
        return xml_safe(item.summary)

    def item_link(self, item: ConsultationPage) -> str:
        return item.get_url(request=self.request)

    def item_pubdate(self, item: ConsultationPage):
        return item.first_published_at

    def item_updateddate(self, item: ConsultationPage):
        return item.last_published_at
