from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def staff_mfa_required() -> bool:
    """Whether staff accounts must set up two-factor (CIVIC_STAFF_MFA_REQUIRED)."""
    return bool(settings.CIVIC_STAFF_MFA_REQUIRED)


@register.simple_tag(takes_context=True)
def admin_access(context) -> bool:
    """Whether the reader may enter the Wagtail admin, remembered per account in the cache
    (`accounts.staff_access`): a signed-in page asks the database nothing about it."""
    from accounts.staff_access import has_admin_access

    request = context.get("request")
    return has_admin_access(getattr(request, "user", None) or context.get("user"))
