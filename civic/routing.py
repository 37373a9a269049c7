"""Page routing read from the cache: what Wagtail works out anew on every request although
it changes only when the page tree does.

- the `Site` of a request's host (Wagtail queries it on every request);
- the page an address leads to (Wagtail walks the tree from the site's root, one or two
  queries per level): kept as the page's id and type, so a hit costs one query for the page
  itself, read fresh (a page no longer live is still refused by its own `route`);
- whether a page or one of its ancestors has view restrictions (usually not: no query);
- a page's links: its live translations' addresses (the language switcher, `hreflang`) and
  its ancestors' titles and addresses (the breadcrumb).

Everything is kept under one generation, drawn anew when the tree may have changed: a page
saved, published, unpublished, moved or deleted, a site, locale or view restriction saved
or deleted (`connect`). It is drawn at once, and again once the transaction commits, so a
request that read the tree before the commit cannot keep its reading under the new
generation. Entries are never deleted; they expire after `ROUTING_SECONDS`.

If the cache fails, everything is read from the database as Wagtail does.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import Http404, HttpRequest
from django.http.request import split_domain_port
from django.urls import re_path
from django.utils.translation import get_language, override
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger(__name__)

GENERATION_KEY = "civic:routing-generation"
KEY_PREFIX = "civic:routing"
ROUTING_SECONDS = 24 * 60 * 60
_MISSING = object()


# --- the generation ---------------------------------------------------------------------------


def _renew() -> None:
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:
        logger.warning("Routing cache: generation not renewed", exc_info=True)


def tree_changed(**_signal_kwargs) -> None:
    """The page tree may have changed: new routing data now, and again after the commit."""
    _renew()
    transaction.on_commit(_renew, robust=True)


def _page_saved(sender, instance, **_kwargs) -> None:
    if isinstance(instance, Page):
        tree_changed()


def _generation() -> str | None:
    try:
        found = cache.get(GENERATION_KEY)
        if found is None:
            cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
            found = cache.get(GENERATION_KEY)
        return found
    except Exception:
        logger.warning("Routing cache unavailable; routing from the database", exc_info=True)
        return None


def remembered(parts: tuple, compute: Callable[[], object]):
    """`compute()`, kept under the current generation and `parts` (the entry's name). None
    is never kept (an address that leads nowhere is not worth an entry)."""
    generation = _generation()
    if generation is None:
        return compute()
    name = "\n".join(str(part) for part in parts)
    key = f"{KEY_PREFIX}:{generation}:{hashlib.sha256(name.encode()).hexdigest()}"
    try:
        found = cache.get(key, _MISSING)
    except Exception:
        found = _MISSING
    if found is not _MISSING:
        return found
    value = compute()
    if value is None:
        return value
    try:
        cache.set(key, value, ROUTING_SECONDS)
    except Exception:
        logger.warning("Routing cache: %s not kept", parts, exc_info=True)
    return value


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(tree_changed, dispatch_uid=f"routing-pages-{id(signal)}")
    # Every page type sends its own post_save and post_delete: any Page counts.
    post_save.connect(_page_saved, dispatch_uid="routing-page-save")
    post_delete.connect(_page_saved, dispatch_uid="routing-page-delete")
    for model in (Site, Locale, PageViewRestriction):
        for signal in (post_save, post_delete):
            signal.connect(
                tree_changed, sender=model, dispatch_uid=f"routing-{model.__name__}-{id(signal)}"
            )


# --- the site ---------------------------------------------------------------------------------


class SiteMiddleware:
    """Gives each request its Wagtail `Site` from the cache, where `Site.find_for_request`
    (Wagtail's routing, page URLs) finds it instead of querying. Nothing is read for a
    request that needs no site; one that read it leaves it for the next."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        hostname = split_domain_port(request._get_raw_host())[0]
        parts = ("site", hostname, request.get_port())
        known = False
        if not hasattr(request, "_wagtail_site"):
            found = remembered(parts, lambda: None)  # never reads the database
            if found is not None:
                request._wagtail_site = found
                known = True
        response = self.get_response(request)
        site = getattr(request, "_wagtail_site", None)
        if site is not None and not known:
            remembered(parts, lambda: site)
        return response


# --- routes -----------------------------------------------------------------------------------


def _route(request: HttpRequest, path: str) -> None:
    """Sets `request._wagtail_route_for_request`, where Wagtail's `serve` reads it."""
    if hasattr(request, "_wagtail_route_for_request"):
        return
    site = Site.find_for_request(request)
    if site is None:
        return
    components = [component for component in path.split("/") if component]
    parts = ("route", site.pk, get_language(), "/".join(components))

    def walk():
        result = Page.route_for_request(request, path)
        if result is None:
            return None
        page = result[0]
        consumed = page.depth - site.root_page.depth
        if not 0 <= consumed <= len(components):
            return None
        return (page._meta.label, page.pk, consumed)

    found = remembered(parts, walk)
    if found is None or hasattr(request, "_wagtail_route_for_request"):
        return
    label, pk, consumed = found
    page = apps.get_model(label)._default_manager.filter(pk=pk).first()
    if page is None:
        return  # gone since: Wagtail walks the tree
    try:
        request._wagtail_route_for_request = page.route(request, components[consumed:])
    except Http404:
        request._wagtail_route_for_request = None


def _with_cached_route(view: Callable) -> Callable:
    """Wagtail's page view, given the route from the cache."""

    @functools.wraps(view)
    def serve(request: HttpRequest, path: str):
        _route(request, path)
        return view(request, path)

    return serve


def wagtail_patterns() -> list:
    """Wagtail's front-end URL patterns with its page view given the cached route."""
    from wagtail import urls as wagtail_urls
    from wagtail import views as wagtail_views

    serve = _with_cached_route(wagtail_views.serve)
    return [
        re_path(pattern.pattern.regex.pattern, serve, name="wagtail_serve")
        if getattr(pattern, "name", None) == "wagtail_serve"
        else pattern
        for pattern in wagtail_urls.urlpatterns
    ]


# --- view restrictions ------------------------------------------------------------------------


class CachedViewRestrictionsMixin:
    """For page models: whether a page has view restrictions (its own or an ancestor's) is
    read from the cache; a page without any costs no query when it is served."""

    def get_view_restrictions(self):
        if self.pk is None:  # a new page's preview
            return super().get_view_restrictions()
        restricted = remembered(
            ("restricted", self.pk),
            lambda: super(CachedViewRestrictionsMixin, self).get_view_restrictions().exists(),
        )
        if not restricted:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


# --- a page's links ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Translation:
    pk: int
    code: str
    name: str
    url: str


@dataclass(frozen=True)
class PageLinks:
    translations: tuple[Translation, ...]  # every live version, this page's own included
    crumbs: tuple[tuple[str, str], ...]  # (title, url) of the ancestors below the tree's root

    def url_in(self, code: str) -> str | None:
        return next((t.url for t in self.translations if t.code == code), None)

    def others(self, pk: int) -> list[Translation]:
        """The versions in other languages than the page `pk`'s own."""
        return [t for t in self.translations if t.pk != pk]


def _name_in_own_language(locale) -> str:
    with override(locale.language_code):
        return str(locale.get_display_name() or "")


def page_links(request: HttpRequest | None, page) -> PageLinks:
    """The addresses of a page's live translations and its breadcrumb, from the cache."""
    host = request.get_host() if request is not None else ""

    def read() -> PageLinks:
        translations = (
            page.get_translations(inclusive=True)
            .live()
            .select_related("locale")
            .specific(defer=True)
            .order_by("locale__language_code")
        )
        ancestors = page.get_ancestors().filter(depth__gt=1)
        return PageLinks(
            translations=tuple(
                Translation(
                    pk=translated.pk,
                    code=translated.locale.language_code,
                    name=_name_in_own_language(translated.locale),
                    url=translated.get_url(request) or "",
                )
                for translated in translations
            ),
            crumbs=tuple(
                (ancestor.title, ancestor.get_url(request) or "") for ancestor in ancestors
            ),
        )

    if page.pk is None:  # a new page's preview
        return read()
    return remembered(("links", host, get_language(), page.pk), read)
