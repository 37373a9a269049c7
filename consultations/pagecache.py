"""Which page-cache scope a public page belongs to, and until when it may be kept
(civic/pagecache.py): the site-wide pages, and the pages of one consultation. And what renews
every page: a page published, unpublished, moved or deleted (the menus, the footer, the
consultations and their schedules), an area or department renamed. Citizen content renews
its consultation's pages (proposals/pagecache.py).
"""

from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished, post_page_move

from civic.pagecache import SITE, consultation_scope, everything_changed, public_page


def site_page(request: HttpRequest) -> None:
    """A site-wide page (home, lists, site results, open data): renewed by any change, kept
    no later than the next phase boundary of any consultation."""
    from .queries import next_display_change

    public_page(request, scope=SITE, until=lambda: next_display_change(timezone.now()))


def consultation_page(request: HttpRequest, consultation) -> None:
    """A page of one consultation (`consultation`: its default-language page, the one its
    proposals belong to), kept no later than the consultation's next phase boundary."""
    from .queries import next_display_change

    public_page(
        request,
        scope=consultation_scope(consultation.pk),
        until=lambda: next_display_change(timezone.now(), consultation),
    )


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(everything_changed, dispatch_uid=f"pagecache-pages-{id(signal)}")
    post_delete.connect(
        everything_changed, sender="wagtailcore.Page", dispatch_uid="pagecache-page-delete"
    )
    for model in ("consultations.Area", "consultations.Department"):
        for signal in (post_save, post_delete):
            signal.connect(
                everything_changed, sender=model, dispatch_uid=f"pagecache-{model}-{id(signal)}"
            )
