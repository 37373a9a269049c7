"""Public moderation record of a consultation (shown on its page)."""

from django import template

register = template.Library()


@register.inclusion_tag("proposals/includes/moderation_record.html", takes_context=True)
def moderation_record(context, consultation):
    return {"consultation": consultation, "request": context.get("request")}
