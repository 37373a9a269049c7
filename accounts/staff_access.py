"""Whether an account may enter the Wagtail admin, remembered in the cache (Redis in
production), so that a citizen who holds no role asks the database nothing about it.

The answer is `user.has_perm("wagtailadmin.access_admin")`: Django's user and group
permissions (the staff groups grant it) and the moderators and officials of any consultation
(`proposals.permissions.ConsultationStaffBackend`, guardian's object permissions). It is kept
per account under a generation drawn anew whenever any of that may have changed (`connect`):
a guardian user or group object permission saved or deleted (`consultations.roles`'s
`grant_role`/`revoke_role`, the admin), a group membership, a group's or a user's
permissions, a group or a permission saved or deleted, an account deleted. The generation
is drawn at once and again once the transaction commits, so a request that read the
permissions before the commit cannot keep its reading under the new generation; an entry
names the generation it was read under and counts only while that generation holds (one
cache read for both).

Superusers and inactive accounts are answered from the user row itself, before the cache.

If the cache fails, the permissions are read from the database as Django does.
"""

from __future__ import annotations

import logging
import secrets

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

ADMIN_ACCESS = "wagtailadmin.access_admin"
GENERATION_KEY = "civic:staff-access-generation"
KEY_PREFIX = "civic:staff-access"
# An entry outlives the account's last request by at most this long.
ENTRY_SECONDS = 24 * 60 * 60


def _renew() -> None:
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:
        logger.warning("Staff access cache: generation not renewed", exc_info=True)


def permissions_changed(**_signal_kwargs) -> None:
    """Who holds which permission may have changed: a new generation now, and again after
    the commit."""
    _renew()
    transaction.on_commit(_renew, robust=True)


def _read(user_pk: int) -> tuple[str | None, bool | None]:
    """The current generation and this account's remembered answer under it (None: not
    remembered, or remembered under another generation)."""
    key = f"{KEY_PREFIX}:{user_pk}"
    try:
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
            return cache.get(GENERATION_KEY), None
    except Exception:
        logger.warning("Staff access cache unavailable; read from the database", exc_info=True)
        return None, None
    entry = found.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == generation:
        return generation, bool(entry[1])
    return generation, None


def has_admin_access(user) -> bool:
    """`user.has_perm("wagtailadmin.access_admin")`, from the cache when the account's
    permissions have not changed since it was last read. Cached on the user object too."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_civic_admin_access", None)
    if cached is not None:
        return cached
    generation, cached = _read(user.pk)
    if cached is None:
        # The generation was read first: a change committed while we read is not kept.
        cached = bool(user.has_perm(ADMIN_ACCESS))
        if generation is not None:
            try:
                cache.set(f"{KEY_PREFIX}:{user.pk}", (generation, cached), ENTRY_SECONDS)
            except Exception:
                logger.warning("Staff access cache: answer not kept", exc_info=True)
    user._civic_admin_access = cached
    return cached


def connect() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from guardian.models import GroupObjectPermission, UserObjectPermission

    user_model = get_user_model()
    for model in (UserObjectPermission, GroupObjectPermission, Group, Permission):
        for signal in (post_save, post_delete):
            signal.connect(
                permissions_changed,
                sender=model,
                dispatch_uid=f"staff-access-{model.__name__}-{id(signal)}",
            )
    # A deleted account's entry must not pass to an account that could reuse its id. (Saving
    # an account changes nothing here: its flags are read from its row on every request.)
    post_delete.connect(
        permissions_changed, sender=user_model, dispatch_uid="staff-access-user-delete"
    )
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(
            permissions_changed,
            sender=through,
            dispatch_uid=f"staff-access-{through.__name__}",
        )
