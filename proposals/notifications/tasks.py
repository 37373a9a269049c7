"""Background tasks (django-tasks): notification e-mails and the daily digest."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext
from django_tasks import task

from proposals.models import Notification
from proposals.notifications.services import absolute, unsubscribe_url


def _email(user, subject: str, notifications: list[Notification]) -> EmailMessage:
    unsubscribe = unsubscribe_url(user)
    body = render_to_string(
        "notifications/email.txt",
        {
            "user": user,
            "items": [(n.message, absolute(n.link)) for n in notifications],
            "unsubscribe_url": unsubscribe,
            "site_url": settings.SITE_URL,
        },
    )
    return EmailMessage(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail notifications to recipients who want them at once. Returns how many were sent."""
    sent = 0
    rows = Notification.objects.filter(
        pk__in=notification_ids, email=Notification.Email.NONE
    ).select_related("recipient")
    for notification in rows:
        user = notification.recipient
        if user.email_notifications != "immediately" or not user.is_active:
            continue
        with transaction.atomic():
            # Claim the row first, so a retried task never sends twice.
            claimed = Notification.objects.filter(
                pk=notification.pk, email=Notification.Email.NONE
            ).update(email=Notification.Email.SENT)
            if not claimed:
                continue
            with translation.override(user.language or settings.LANGUAGE_CODE):
                message = _email(user, notification.get_kind_display(), [notification])
            message.send()
            sent += 1
    return sent


@task()
def send_daily_digests() -> int:
    """One e-mail per recipient with everything queued since the last digest."""
    sent = 0
    recipient_ids = (
        Notification.objects.filter(email=Notification.Email.QUEUED)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by()
    )
    for recipient_id in list(recipient_ids):
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update()
                .filter(recipient_id=recipient_id, email=Notification.Email.QUEUED)
                .select_related("recipient")
                .order_by("created_at", "id")
            )
            if not rows:
                continue
            user = rows[0].recipient
            ids = [row.pk for row in rows]
            if user.email_notifications != "daily" or not user.is_active:
                Notification.objects.filter(pk__in=ids).update(email=Notification.Email.NONE)
                continue
            Notification.objects.filter(pk__in=ids).update(email=Notification.Email.SENT)
            with translation.override(user.language or settings.LANGUAGE_CODE):
                subject = ngettext(
                    "Your daily digest: %(count)d update",
                    "Your daily digest: %(count)d updates",
                    len(rows),
                ) % {"count": len(rows)}
                message = _email(user, subject, rows)
            message.send()
            sent += 1
    return sent
