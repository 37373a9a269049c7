from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html

from civic import i18n

register = template.Library()


@register.filter
def digits(value: object) -> str:
    """Persian digits for Persian readers; unchanged otherwise. A value without an ASCII digit
    is returned as it is, without asking for the reader's language (counts and dates fill a
    page with this filter)."""
    text = str(value)
    if not any("0" <= char <= "9" for char in text):
        return text
    return i18n.localize_digits(text)


@register.simple_tag
def showdate(value, with_time: bool = False) -> str:
    """<time> with a machine-readable ISO value and the reader's date text."""
    if value is None:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>', value.isoformat(), i18n.display_date(value, with_time)
    )


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """Links to this page in every language (the page's own translation when it has one).

    A page whose context holds `translations` (its other live translations, locales
    selected, as the consultation page reads them) costs no query here; others one."""
    request = context.get("request")
    page = context.get("page")
    current = context.get("LANGUAGE_CODE") or settings.LANGUAGE_CODE
    translations = {}
    given = context.get("translations")
    if page is not None and given is not None:
        # The page's view read its live translations (with their locales) already: no query.
        translations = {translated.locale.language_code: translated for translated in given}
    elif page is not None and hasattr(page, "get_translations"):
        # One query for every live translation of the page, whatever the number of languages.
        translations = {
            translated.locale.language_code: translated
            for translated in page.get_translations(inclusive=True)
            .live()
            .select_related("locale")
            .specific(defer=True)
        }
    links = []
    for code, name in settings.LANGUAGES:
        translated = translations.get(code)
        url = translated.get_url(request) if translated is not None else None
        if url is None and request is not None:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


@register.filter
def page_range(paginator, number: int) -> list[int | None]:
    """Page numbers around `number`, with None where a run of pages is left out."""
    return [
        page if isinstance(page, int) else None
        for page in paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)
    ]
