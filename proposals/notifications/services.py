"""Notifications: inbox rows written in the transaction of the change, e-mails after commit.

`notify()` is called by services inside their transaction, so a refused or rolled-back change
leaves no notification behind. E-mails are sent by a background task scheduled with
`transaction.on_commit`, according to each recipient's preference: immediately, in the daily
digest, or never. Every e-mail carries a one-click unsubscribe link and the
List-Unsubscribe / List-Unsubscribe-Post headers.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from accounts.models import User
from consultations import roles
from consultations.models import ConsultationPage
from proposals.models import Notification

UNSUBSCRIBE_SALT = "civic.notifications.unsubscribe"


def proposal_link(proposal) -> str:
    """Site-relative link to a proposal's page (its consultation's page until one exists)."""
    for name, kwargs in (
        ("proposals:detail", {"pk": proposal.pk}),
        ("proposals:proposal_detail", {"pk": proposal.pk}),
    ):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return proposal.consultation.url or "/"


_INBOX_ONLY: ContextVar[bool] = ContextVar("civic_notices_inbox_only", default=False)


@contextmanager
def inbox_only_notices():
    """Within it, notices reach the inbox only: nobody is e-mailed, at once or in a digest.
    For replaying history (the demo's seed), whose notices are past events, not news."""
    token = _INBOX_ONLY.set(True)
    try:
        yield
    finally:
        _INBOX_ONLY.reset(token)


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    params: dict,
    link: str = "",
    exclude: Iterable[User | None] = (),
    inbox_only: Iterable[int] = (),
) -> list[Notification]:
    """Write one inbox row per distinct recipient and schedule the e-mails after commit.

    Recipients whose id is in `inbox_only` get the inbox row but no immediate e-mail.
    """
    quiet = set(inbox_only)
    excluded = {user.pk for user in exclude if user is not None}
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in excluded or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        pref = "never" if _INBOX_ONLY.get() else user.email_notifications
        email = Notification.Email.QUEUED if pref == "daily" else Notification.Email.NONE
        rows.append(Notification(recipient=user, kind=kind, params=params, link=link, email=email))
    created = Notification.objects.bulk_create(rows)
    immediate = [
        row.pk
        for row in created
        if row.recipient.email_notifications == "immediately"
        and row.recipient_id not in quiet
        and not _INBOX_ONLY.get()
    ]
    if immediate:
        from proposals.notifications.tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(immediate))
    return created


def unsubscribe_token(user: User) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_id_from_token(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return data.get("u") if isinstance(data, dict) else None


def unsubscribe_url(user: User) -> str:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        path = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user)})
    return settings.SITE_URL + path


def absolute(link: str) -> str:
    if not link or link.startswith(("http://", "https://")):
        return link
    return settings.SITE_URL + link


# A moderator who wants e-mails at once gets at most one per consultation in this time while
# items keep arriving; the inbox, the queue and the staff dashboard list the rest.
PENDING_EMAIL_QUIET = timedelta(hours=1)


def moderation_queue_link(consultation: ConsultationPage) -> str:
    return reverse("moderation:queue", kwargs={"consultation_id": consultation.pk})


def notify_pending(
    consultation: ConsultationPage, *, title: str, exclude: Iterable[User | None] = ()
) -> list[Notification]:
    """Tell the consultation's moderators that a contribution waits for them (DESIGN.md §5).

    Each moderator's e-mail preference is honoured: at once, in the daily digest or never.
    So that a busy hour is not a flood, a moderator already e-mailed at once about this
    consultation within PENDING_EMAIL_QUIET gets the inbox row without another e-mail.
    The notice links to the consultation's moderation queue.
    """
    moderators = [user for user in roles.moderators_of(consultation) if user is not None]
    recently_emailed = set(
        Notification.objects.filter(
            recipient__in=[
                user.pk for user in moderators if user.email_notifications == "immediately"
            ],
            kind=Notification.Kind.PENDING,
            params__consultation_id=consultation.pk,
            email=Notification.Email.SENT,
            created_at__gte=timezone.now() - PENDING_EMAIL_QUIET,
        ).values_list("recipient_id", flat=True)
    )
    return notify(
        recipients=moderators,
        kind=Notification.Kind.PENDING,
        params={
            "title": title,
            "consultation": consultation.title,
            "consultation_id": consultation.pk,
        },
        link=moderation_queue_link(consultation),
        exclude=exclude,
        inbox_only=recently_emailed,
    )


def notify_decision(author: User, *, title: str, state: str, reason: str, link: str) -> None:
    """Tell an author what moderation decided about their contribution."""
    if author is None:
        return
    notify(
        recipients=[author],
        kind=Notification.Kind.DECISION,
        params={"title": title, "state": state, "reason": reason},
        link=link,
    )


@transaction.atomic
def notifications_mark_read(*, recipient: User, ids: Iterable[int] | None = None) -> int:
    """Mark the recipient's notifications (all, or these) read. Returns how many changed."""
    rows = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())
