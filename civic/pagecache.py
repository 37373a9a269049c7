"""The anonymous page cache: public pages served from the cache to visitors without a session,
never stale, and the `Cache-Control` every HTML answer carries.

A view opts in with `public_page(request, scope=...)`, naming what its page shows:
- `SITE`: site-wide pages (home, consultation list, site results, "You said, we did", /data/);
- `consultation_scope(pk)`: the pages of one consultation (its page, proposal list, proposal
  pages, results), pk of the default-language page.

Each scope has a generation (a random token in the cache), and one more generation, `EVERYTHING`,
covers every page (the page tree, menus, footer). A cached page is stored with the generations
read *before* its view ran and is served only while they are still current, so a change
made after the view read the database can never be hidden by it. Writes call `changed()`
(through the model and Wagtail signals in each domain's `pagecache.py`), which draws new
generations once the transaction commits: the next request renders afresh. Nothing is ever
deleted; an outdated entry is overwritten by the next render of its address.

A page is cached only for a GET without a session cookie or messages, when the answer is a
200 that sets no cookie (so no CSRF token, no message, no new session), whose user is
anonymous, and that varies on nothing but the cookie and the language. Its entry lives at
most `PAGE_CACHE_SECONDS`, and never past the next phase boundary the view passes as `until`
(a consultation opening or closing changes what its pages say without any write).

The first render of an address only records the address's scope; the second render, with the
generations read before it, is stored. So the generations are always read before the data.

If the cache fails (Redis down) pages are served uncached: every cache call here is guarded.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_cache_control
from django.utils.translation import get_language_from_request

logger = logging.getLogger(__name__)

EVERYTHING = "everything"
SITE = "site"
KEY_PREFIX = "civic:page"
GENERATION_PREFIX = "civic:page-generation"
# Headers of the view's answer that are not replayed (set again on every answer).
NOT_STORED = {"date", "set-cookie", "x-page-cache"}
# What an answer may vary on and still be cached: the cache key covers both.
KEYED_VARY = {"cookie", "accept-language"}
STATUS_HEADER = "X-Page-Cache"


def consultation_scope(consultation_id: int) -> str:
    return f"consultation:{consultation_id}"


Until = datetime | Callable[[], datetime | None] | None


@dataclass(frozen=True)
class Mark:
    scope: str
    until: Until = None


def public_page(request: HttpRequest, *, scope: str, until: Until = None) -> None:
    """This view's page is the same for every visitor without a session: cache it under
    `scope`, at most until `until` (the next moment it changes without a write; a function
    is called only when the page is stored)."""
    request._public_page = Mark(scope, until)


def changed(*scopes: str) -> None:
    """What the pages of these scopes show has changed: new generations once the transaction
    commits (at once outside one)."""
    chosen = tuple(dict.fromkeys(scopes))
    transaction.on_commit(lambda: _renew(chosen), robust=True)


def consultation_changed(consultation_id: int | None) -> None:
    """A consultation's content changed: its pages, and the site-wide pages that count it."""
    if consultation_id is not None:
        changed(consultation_scope(consultation_id), SITE)


def everything_changed(**_signal_kwargs) -> None:
    """The page tree changed (a page published, unpublished, moved, deleted): every page."""
    changed(EVERYTHING)


# --- generations ------------------------------------------------------------------------------


def _generation_key(scope: str) -> str:
    return f"{GENERATION_PREFIX}:{scope}"


def _token() -> str:
    return secrets.token_hex(8)


def _renew(scopes: Iterable[str]) -> None:
    try:
        cache.set_many({_generation_key(scope): _token() for scope in scopes}, timeout=None)
    except Exception:
        # Entries then outlive the change by at most PAGE_CACHE_SECONDS.
        logger.warning("Page cache: generations not renewed for %s", list(scopes), exc_info=True)


def generations(scope: str) -> tuple[str, str] | None:
    """The current generations of EVERYTHING and `scope`; None when the cache cannot say."""
    keys = [_generation_key(EVERYTHING), _generation_key(scope)]
    found = cache.get_many(keys)
    if len(found) < len(keys):
        # Never drawn, or evicted: draw one (a concurrent request may win; read again).
        for key in keys:
            if key not in found:
                cache.add(key, _token(), timeout=None)
        found = cache.get_many(keys)
        if len(found) < len(keys):
            return None
    return (found[keys[0]], found[keys[1]])


# --- the middleware ---------------------------------------------------------------------------


def _enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_ENABLED", False))


def _eligible(request: HttpRequest) -> bool:
    """May this request be answered from the cache (and its answer stored)?"""
    if request.method != "GET":
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies:
        return False
    if getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies:
        return False
    # Fragments fetched by scripts are never pages.
    return "X-Requested-With" not in request.headers


def _entry_key(request: HttpRequest) -> str:
    language = get_language_from_request(request, check_path=True)
    address = f"{request.scheme}://{request.get_host()}\n{language}\n{request.get_full_path()}"
    return f"{KEY_PREFIX}:{hashlib.sha256(address.encode()).hexdigest()}"


def _vary(response: HttpResponseBase) -> set[str]:
    if not response.has_header("Vary"):
        return set()
    return {value.strip().lower() for value in cc_delim_re.split(response["Vary"]) if value}


def _private(response: HttpResponseBase) -> bool:
    control = response.get("Cache-Control", "").lower()
    return any(word in control for word in ("private", "no-store", "no-cache"))


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and (user is None or not user.is_authenticated)
        and not _private(response)
        and _vary(response) <= KEYED_VARY
    )


def _timeout(mark: Mark) -> int:
    timeout = int(settings.PAGE_CACHE_SECONDS)
    until = mark.until() if callable(mark.until) else mark.until
    if until is not None:
        timeout = min(timeout, int((until - timezone.now()).total_seconds()))
    return timeout


def _guarded(action: Callable, *args, default=None):
    try:
        return action(*args)
    except Exception:
        logger.warning("Page cache unavailable; serving uncached", exc_info=True)
        return default


def _replay(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response[STATUS_HEADER] = "hit"
    _public(response)
    return response


def _public(response: HttpResponseBase) -> None:
    """Proxies may hold a public page a few seconds (s-maxage); a browser asks again each
    time, so a person who just changed something never reads their own page from its cache."""
    patch_cache_control(response, public=True, max_age=0, s_maxage=int(settings.PAGE_PROXY_MAX_AGE))


def _store(key: str, request: HttpRequest, response: HttpResponseBase, gens) -> None:
    mark: Mark = request._public_page
    timeout = _timeout(mark)
    if timeout <= 0:
        return
    entry: dict = {"scope": mark.scope}
    if gens is not None:
        entry.update(
            generations=gens,
            status=response.status_code,
            headers=[
                (name, value) for name, value in response.items() if name.lower() not in NOT_STORED
            ],
            content=response.content,
        )
    cache.set(key, entry, timeout)


def cache_control(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """`Cache-Control` of an HTML answer that does not state its own.

    A public page for a visitor without a session may be held by proxies for
    `PAGE_PROXY_MAX_AGE` seconds; everything else is private: `no-store` when it is a
    signed-in person's page or sets a cookie (a new session, a CSRF token, a message),
    `no-cache` otherwise (forms, refusals and error pages; the browser asks again)."""
    if response.has_header("Cache-Control"):
        return response
    if not response.get("Content-Type", "").startswith("text/html"):
        return response
    public = (
        getattr(request, "_public_page", None) is not None
        and _eligible(request)
        and _storable(request, response)
    )
    if public:
        _public(response)
        return response
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    if signed_in or response.cookies or settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response


class PageCacheMiddleware:
    """Serves and stores the public pages of visitors without a session (see the module).

    It stands outside the session, CSRF and messages middleware, so what it stores is the
    answer they produced (no session touched, no cookie set) and what it replays still gets
    the security headers of the middleware outside it."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not (_enabled() and _eligible(request)):
            return cache_control(request, self.get_response(request))
        key = _entry_key(request)
        entry = _guarded(cache.get, key)
        gens = None
        if entry:
            gens = _guarded(generations, entry["scope"])
            if gens is not None and entry.get("generations") == gens:
                return _replay(entry)
        response = self.get_response(request)
        mark = getattr(request, "_public_page", None)
        if mark is not None and _storable(request, response):
            # Generations read before this render belong to its scope only if the address
            # was known; else this render records the scope and the next one is stored.
            known = entry is not None and entry["scope"] == mark.scope
            _guarded(_store, key, request, response, gens if known else None)
            response[STATUS_HEADER] = "miss"
        return cache_control(request, response)
