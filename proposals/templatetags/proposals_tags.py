"""Template tags of the proposal pages: the panel shown on a consultation's page, and a
filter that keeps a name in its own writing direction inside a sentence."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from proposals.models import Follow, Proposal

register = template.Library()

PANEL_ITEMS = 3


@register.filter
def isolate(value) -> SafeString:
    """`value` escaped and wrapped in <bdi>, so an English title inside a Persian sentence (or
    the other way round) keeps its own direction and its quotation marks stay in place."""
    return format_html("<bdi>{}</bdi>", value)


@register.inclusion_tag("proposals/includes/panel_body.html", takes_context=True)
def consultation_proposals(context, page):
    """The most supported proposals of a consultation and the ways in: two queries at most.

    `page` is the consultation page in the reader's language; its canonical page holds the
    proposals.
    """
    consultation = page.canonical
    request = context.get("request")
    user = getattr(request, "user", None)
    now = context.get("now") or timezone.now()
    top = list(
        Proposal.objects.of_consultation(consultation)
        .published()
        .select_related("area")
        .order_by("-support_count", "-id")[:PANEL_ITEMS]
    )
    following = bool(
        user is not None
        and user.is_authenticated
        and Follow.objects.filter(follower=user, consultation=consultation).exists()
    )
    return {
        "page": page,
        "top": top,
        "counts": context.get("counts") or {},
        "phase": context.get("phase"),
        "collecting": consultation.schedule.is_collecting(now),
        "list_url": reverse("proposals:list", kwargs={"slug": page.slug}),
        "new_url": reverse("proposals:create", kwargs={"slug": page.slug}),
        "feed_url": reverse("proposals:feed", kwargs={"slug": page.slug}),
        "follow_url": reverse("proposals:follow_consultation", kwargs={"slug": page.slug}),
        "unfollow_url": reverse("proposals:unfollow_consultation", kwargs={"slug": page.slug}),
        "following": following,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
