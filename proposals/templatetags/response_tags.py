"""Official responses on public pages: a proposal's response and a consultation's
"You said, we did"."""

from django import template

register = template.Library()


@register.inclusion_tag("proposals/includes/official_response.html", takes_context=True)
def official_response(context, proposal):
    return {"proposal": proposal, "request": context.get("request")}


@register.inclusion_tag("proposals/includes/you_said_we_did.html", takes_context=True)
def you_said_we_did(context, consultation):
    return {"consultation": consultation, "request": context.get("request")}
