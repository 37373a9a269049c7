from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def staff_mfa_required() -> bool:
    """Whether staff accounts must set up two-factor (CIVIC_STAFF_MFA_REQUIRED)."""
    return bool(settings.CIVIC_STAFF_MFA_REQUIRED)
