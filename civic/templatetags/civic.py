from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from civic import i18n, routing

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

    A Wagtail page's translations are read from the routing cache (civic/routing.py): no
    query once read; other pages link to their own address in each language."""
    request = context.get("request")
    page = context.get("page")
    current = context.get("LANGUAGE_CODE") or settings.LANGUAGE_CODE
    links_of_page = None
    if page is not None and hasattr(page, "get_translations"):
        links_of_page = routing.page_links(request, page)
    links = []
    for code, name in settings.LANGUAGES:
        url = links_of_page.url_in(code) if links_of_page is not None else None
        if not url and request is not None:
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


class FragmentNode(template.Node):
    def __init__(self, key: template.base.FilterExpression, nodelist: template.NodeList) -> None:
        self.key = key
        self.nodelist = nodelist

    def render(self, context) -> str:
        key = self.key.resolve(context)
        fragments = context.get("fragments")
        if not key or fragments is None:
            return self.nodelist.render(context)
        html = fragments.found.get(key)
        if html is None:
            html = fragments.fresh[key] = self.nodelist.render(context)
        return mark_safe(html)  # noqa: S308 (our own template's output, cached as rendered)


@register.tag
def fragment(parser, token):
    """`{% fragment key %}...{% endfragment %}`: the part from the page's `fragments`
    (civic/fragments.py) when cached under `key`, else rendered (and kept for the view to
    store). An empty key, or a page without `fragments`, renders the part every time."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("'fragment' takes one argument: the part's key")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[1]), nodelist)
