"""Public moderation record of a consultation (shown on its page)."""

from django import template

register = template.Library()


@register.inclusion_tag("proposals/includes/moderation_record.html", takes_context=True)
def moderation_record(context, consultation):
    return {"consultation": consultation, "request": context.get("request")}


@register.inclusion_tag("proposals/includes/appeal_box.html", takes_context=True)
def appeal_box(context, item):
    """The author's way to appeal a moderation decision on their proposal or comment."""
    return {"item": item, "request": context.get("request")}
