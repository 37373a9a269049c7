"""Reads from a PostgreSQL read replica (`DATABASE_REPLICA_URL`), writes on the primary.

The replica follows the primary by streaming replication, a little behind. So it serves only
what may be a moment old without anyone noticing: the reads of a request that changes
nothing. `ReplicaMiddleware` marks such requests (GET, HEAD and OPTIONS, outside the staff and
account pages); `ReplicaRouter` sends their reads to the replica and everything else to the
primary:

- every write, and every read after the first write of the same request (a visit that marks
  notifications read, say, reads its own change back);
- every read inside a transaction (`atomic`) on the primary, where a read may decide a write;
- every read outside a request (management commands, task workers, the shell);
- sessions, always: a session a sign-out just removed must not come back from the replica;
- read-your-own-writes across requests: a request that may have written (POST, PUT, PATCH,
  DELETE) pins its client to the primary for `READ_REPLICA_PIN_SECONDS` through a cookie,
  so the page a citizen lands on after supporting a proposal shows the support even if the
  replica has not caught up yet.

Without a replica (`READ_REPLICA` is None) the router has no opinion and everything uses
`default`. Migrations run on the primary only; the replica receives them by replication.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# Whether reads of the current request may go to the replica (None: not in a request).
_replica_allowed: ContextVar[bool] = ContextVar("civic_replica_allowed", default=False)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Models read from the primary whatever the request.
PRIMARY_ONLY_APPS = frozenset({"sessions"})


def replica_alias() -> str | None:
    alias = getattr(settings, "READ_REPLICA", None)
    return alias if alias and alias in connections.settings else None


@contextmanager
def replica_reads(allowed: bool = True):
    """Within this block (one request), reads may go to the replica until the first write."""
    token = _replica_allowed.set(allowed)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def primary_from_now() -> None:
    """The rest of this request reads the primary (it wrote, or must see the latest)."""
    _replica_allowed.set(False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = replica_alias()
        if alias is None or not _replica_allowed.get():
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model, **hints):
        if replica_alias() is not None:
            primary_from_now()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return None


def _pinned(request) -> bool:
    value = request.COOKIES.get(settings.READ_REPLICA_PIN_COOKIE, "")
    try:
        return time.time() - float(value) < settings.READ_REPLICA_PIN_SECONDS
    except ValueError:
        return False


def _excluded(path: str) -> bool:
    """Staff and account pages read the primary (the language prefix set aside)."""
    first, _slash, rest = path.lstrip("/").partition("/")
    unprefixed = "/" + rest if first in dict(settings.LANGUAGES) else path
    return any(
        candidate.startswith(prefix)
        for candidate in (path, unprefixed)
        for prefix in settings.READ_REPLICA_PRIMARY_PATHS
    )


def _reading_replica(chunks):
    iterator = iter(chunks)
    while True:
        with replica_reads(True):
            try:
                chunk = next(iterator)
            except StopIteration:
                return
        yield chunk


class ReplicaMiddleware:
    """Lets a request's reads go to the replica when it changes nothing and its client is
    not pinned to the primary; pins the client after a request that may have written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if replica_alias() is None:
            return self.get_response(request)
        safe = request.method in SAFE_METHODS
        allowed = safe and not _pinned(request) and not _excluded(request.path_info)
        with replica_reads(allowed):
            response = self.get_response(request)
        if allowed and response.streaming:
            # A download is read while it is sent, after this method has returned.
            response.streaming_content = _reading_replica(response.streaming_content)
        if not safe:
            response.set_cookie(
                settings.READ_REPLICA_PIN_COOKIE,
                f"{time.time():.3f}",
                max_age=settings.READ_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
