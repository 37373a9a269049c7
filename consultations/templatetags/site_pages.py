from django import template
from django.utils import translation

from consultations.site_pages import page_url, site_pages

register = template.Library()


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


@register.simple_tag
def footer_pages() -> list[dict[str, str]]:
    """The standard pages shown in the footer, in the current language."""
    return site_pages(_language())


@register.simple_tag
def site_page_url(purpose: str) -> str:
    """The address of the privacy notice ("privacy") or accessibility statement."""
    return page_url(_language(), purpose)
