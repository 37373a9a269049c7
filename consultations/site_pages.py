"""The standard pages every page links to (footer, terms): looked up once, then cached.

The cache holds, per language, the title, address and purpose of the live standard pages
marked "Show in menus", in tree order. Publishing, unpublishing, moving or deleting any
page clears it, so the footer never shows a page that is gone.
"""

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

CACHE_KEY = "civic:site-pages:{language}"
CACHE_SECONDS = 60 * 60


def site_pages(language: str) -> list[dict[str, str]]:
    key = CACHE_KEY.format(language=language)
    pages = cache.get(key)
    if pages is None:
        from .models import StandardPage

        try:
            rows = (
                StandardPage.objects.live()
                .public()
                .filter(locale__language_code=language, show_in_menus=True)
                .order_by("path")
            )
            pages = [
                {"title": page.title, "url": page.get_url(), "purpose": page.purpose}
                for page in rows
            ]
        except DatabaseError:  # an error page must still render its footer
            return []
        cache.set(key, pages, CACHE_SECONDS)
    return pages


def page_url(language: str, purpose: str) -> str:
    """The address of the page with this purpose in this language, or ""."""
    for page in site_pages(language):
        if page["purpose"] == purpose:
            return page["url"]
    return ""


def forget_site_pages(**kwargs) -> None:
    from django.conf import settings

    cache.delete_many([CACHE_KEY.format(language=code) for code, _name in settings.LANGUAGES])


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_site_pages, dispatch_uid=f"civic-site-pages-{id(signal)}")
    post_delete.connect(
        forget_site_pages, sender="wagtailcore.Page", dispatch_uid="civic-site-pages-delete"
    )
    post_delete.connect(
        forget_site_pages,
        sender="consultations.StandardPage",
        dispatch_uid="civic-site-pages-delete-standard",
    )
