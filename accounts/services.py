"""Writes on accounts: the profile, deleting an account, purging unconfirmed sign-ups."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Suspension, User

# Stored (untranslated) in audit-log rows that described the deleted person.
DELETED_ACCOUNT_LABEL = "deleted account"


class AccountError(Exception):
    """The account action was refused and nothing changed. Carries a user-facing message."""

    def __init__(self, message, *, field: str | None = None) -> None:
        self.message = message
        self.field = field
        super().__init__(str(message))


@transaction.atomic
def profile_update(
    *, user: User, display_name: str, language: str, email_notifications: str
) -> User:
    """Save what a person chose on their profile; staff see the admin in the same language."""
    user.display_name = display_name
    user.language = language
    user.email_notifications = email_notifications
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "language", "email_notifications"])
    if user.is_staff:
        from wagtail.users.models import UserProfile

        UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": language})
    return user


@transaction.atomic
def account_delete(*, user: User, password: str) -> None:
    """Delete a person's account at their request, after they re-entered their password.

    What they published stays, shown as by "deleted account"; their supports stay counted
    with the voter token stored when each was cast, so `ballots.csv` does not change. Their
    personal data goes: e-mail addresses, name, profile, sessions, notifications, follows,
    resident verification, staff permissions. Staff actions stay in the audit trails
    (moderation decisions, Wagtail's log) but no longer point at a person.
    """
    locked = User.objects.select_for_update().filter(pk=user.pk).first()
    if locked is None:
        raise AccountError(_("This account no longer exists."))
    if not password or not locked.check_password(password):
        raise AccountError(_("The password is not correct."), field="password")
    _erase(locked)


@transaction.atomic
def unconfirmed_accounts_purge(*, now: datetime | None = None, days: int | None = None) -> int:
    """Erase sign-ups whose e-mail address was never confirmed within `days` (the setting
    UNCONFIRMED_ACCOUNT_DAYS by default). Returns how many accounts were erased.

    Only accounts made by signing up are concerned (they have an e-mail address row, none
    of them verified); staff accounts and accounts made by administrators never are.
    """
    from allauth.account.models import EmailAddress

    now = now or timezone.now()
    days = settings.UNCONFIRMED_ACCOUNT_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    signed_up = EmailAddress.objects.values("user_id")
    confirmed = EmailAddress.objects.filter(verified=True).values("user_id")
    stale = (
        User.objects.select_for_update()
        .filter(date_joined__lt=cutoff, is_staff=False, is_superuser=False, pk__in=signed_up)
        .exclude(pk__in=confirmed)
        .order_by("pk")
    )
    erased = 0
    for user in stale:
        _erase(user)
        erased += 1
    return erased


def _erase(user: User) -> None:
    """Remove the person and everything that names them; keep what they published."""
    # Everything follows the foreign keys: personal rows cascade, published content and audit
    # rows are set to NULL (models.SET_NULL on every author, moderator and citizen column);
    # `forget_person`, run before any deletion of an account, does the rest.
    user.delete()


def forget_person(*, user_id: int) -> None:
    """What a deleted account's rows cannot do by themselves: end its sessions and take its
    name off the audit-log rows *about* it.

    Connected to the account model's `pre_delete` (accounts.apps), so an account deleted
    any way (its owner, the purge, an administrator in the Wagtail admin, one or many at
    once, the shell) leaves nothing that names the person.
    """
    from django.contrib.admin.models import LogEntry as AdminLogEntry
    from wagtail.models import ModelLogEntry

    _delete_sessions(user_id)
    # Audit-log rows *about* this account (staff edited it) carry its name as a label.
    user_type = ContentType.objects.get_for_model(User)
    ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user_id)).update(
        label=DELETED_ACCOUNT_LABEL, data={}
    )
    AdminLogEntry.objects.filter(content_type=user_type, object_id=str(user_id)).update(
        object_repr=DELETED_ACCOUNT_LABEL, change_message=""
    )
    # Rows *by* this account keep their user id, which now matches no one: Wagtail shows
    # them as "user <id> (deleted)", distinct from automatic actions.


def _delete_sessions(user_id: int) -> None:
    """End every session of the person, in the database and in the cache in front of it."""
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    wanted = str(user_id)
    sessions = Session.objects.filter(expire_date__gt=timezone.now()).only(
        "session_key", "session_data"
    )
    for session in sessions.iterator(chunk_size=500):
        if str(session.get_decoded().get("_auth_user_id", "")) == wanted:
            store(session_key=session.session_key).delete()
    # Expired sessions hold nothing anyone can use; remove them with the rest.
    Session.objects.filter(expire_date__lte=timezone.now()).delete()


# --- suspension ---------------------------------------------------------------------------

LOG_SUSPEND = "civic.account.suspend"
LOG_LIFT = "civic.account.lift_suspension"


def active_suspension(user) -> "Suspension | None":
    """The account's suspension in force, if any (cached on the user object)."""
    from .models import Suspension

    if user is None or not getattr(user, "pk", None):
        return None
    cached = getattr(user, "_civic_suspension", False)
    if cached is False:
        cached = Suspension.objects.filter(user_id=user.pk, lifted_at__isnull=True).first()
        user._civic_suspension = cached
    return cached


@transaction.atomic
def suspend_account(
    *, user: User, by: User, reason: str, consultation_id: int | None = None
) -> "Suspension":
    """Stop `user` from contributing. The caller has checked that `by` may do it."""
    from wagtail.log_actions import log

    from .models import Suspension

    reason = (reason or "").strip()
    if not reason:
        raise AccountError(_("Say why the account is suspended."), field="reason")
    if len(reason) > Suspension.REASON_MAX:
        raise AccountError(
            _("Keep the reason under %(max)d characters.") % {"max": Suspension.REASON_MAX},
            field="reason",
        )
    if user.pk == by.pk:
        raise AccountError(_("You cannot suspend your own account."))
    if user.is_superuser:
        raise AccountError(_("An administrator's account cannot be suspended."))
    User.objects.select_for_update().filter(pk=user.pk).first()  # one suspension at a time
    if Suspension.objects.filter(user=user, lifted_at__isnull=True).exists():
        raise AccountError(_("This account is already suspended."))
    suspension = Suspension.objects.create(
        user=user, reason=reason, suspended_by=by, consultation_id=consultation_id
    )
    log(instance=user, action=LOG_SUSPEND, user=by, data={"reason": reason})
    user._civic_suspension = suspension
    return suspension


@transaction.atomic
def lift_suspension(*, user: User, by: User, note: str = "") -> "Suspension":
    """An administrator lets the account contribute again; the record stays."""
    from wagtail.log_actions import log

    from .models import Suspension

    if not by.is_superuser:
        raise AccountError(_("Only an administrator can lift a suspension."))
    suspension = (
        Suspension.objects.select_for_update().filter(user=user, lifted_at__isnull=True).first()
    )
    if suspension is None:
        raise AccountError(_("This account is not suspended."))
    suspension.lifted_at = timezone.now()
    suspension.lifted_by = by
    suspension.lift_note = (note or "").strip()[:300]
    suspension.save(update_fields=["lifted_at", "lifted_by", "lift_note"])
    log(instance=user, action=LOG_LIFT, user=by, data={"note": suspension.lift_note})
    user._civic_suspension = None
    return suspension
