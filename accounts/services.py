"""Writes on accounts."""

from django.db import transaction

from .models import User


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
