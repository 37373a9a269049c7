"""Parts of a page kept in the cache under a key made of everything they show.

A view names each cached part by `key(name, *values)`, the values being all the part shows
(the proposal's title, counts, state, dates, names...). The reader's language and time zone and
the running release (templates, translations, formatting code) are folded in too. A change to
anything shown is a new key, so a cached part is never stale and no write has to invalidate it:
an outdated entry is simply never asked for again and ages out after `FRAGMENT_CACHE_SECONDS`.
That also holds for a cache in process memory, one per worker.

A page reads all its parts with one `get_many` (`Fragments`), the `{% fragment key %}` tag
(civic/templatetags/civic.py) renders the missing ones from the template, and the view stores
them with one `set_many` after rendering (`Fragments.save`). A part the reader's own state
changes (a form with their CSRF token, their "you support this" badge) gets no key and is
rendered every time. If the cache fails the page is rendered whole.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

KEY_PREFIX = "civic:fragment"
# What a part's HTML is made from besides its values: the templates, the translations and the
# code that formats dates and digits. Read once per process.
_SOURCES = ("templates/**/*.html", "locale/**/*.mo", "civic/i18n.py", "civic/templatetags/*.py")


@functools.cache
def release() -> str:
    """A digest of the running templates, translations and formatting code."""
    digest = hashlib.blake2b(django.get_version().encode(), digest_size=8)
    base = Path(settings.BASE_DIR)
    for pattern in _SOURCES:
        for path in sorted(base.glob(pattern)):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def key(name: str, *values: object) -> str:
    """The cache key of the part `name` showing `values` to the current reader.

    `values` must be plain data (str, int, datetime, tuples of them) whose repr is the same in
    every process: lazy translations and model instances are not."""
    shown = repr((get_language(), timezone.get_current_timezone_name(), values))
    digest = hashlib.blake2b(shown.encode(), digest_size=16).hexdigest()
    return f"{KEY_PREFIX}:{release()}:{name}:{digest}"


class Fragments:
    """The cached parts of one page: read at once, the missing ones stored after rendering."""

    def __init__(self, keys: Iterable[str | None]) -> None:
        self.found: dict[str, str] = {}
        self.fresh: dict[str, str] = {}
        wanted = [k for k in keys if k]
        if wanted:
            try:
                self.found = cache.get_many(wanted)
            except Exception:
                logger.warning("Fragment cache unavailable; rendering whole", exc_info=True)

    def save(self) -> None:
        if not self.fresh:
            return
        try:
            cache.set_many(self.fresh, timeout=settings.FRAGMENT_CACHE_SECONDS)
        except Exception:
            logger.warning("Fragment cache unavailable; parts not stored", exc_info=True)
        self.fresh = {}
