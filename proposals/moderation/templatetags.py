"""Public moderation record of a consultation (shown on its page) and the author's appeal box."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civic.i18n import localize_digits
from consultations import roles
from proposals.models import Appeal, Comment, ModerationState, Proposal
from proposals.moderation import queries

register = template.Library()


def duration_text(seconds: float | None) -> str:
    """A rounded, readable duration: minutes under an hour, hours under two days, else days."""
    if seconds is None:
        return ""
    minutes = round(seconds / 60)
    if minutes < 60:
        text = ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    elif minutes < 48 * 60:
        hours = round(minutes / 60)
        text = ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    else:
        days = round(minutes / (24 * 60))
        text = ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    return localize_digits(text)


@register.inclusion_tag("moderation/includes/moderation_record.html", takes_context=True)
def moderation_record(context, consultation):
    """Counts by decision and reason, appeal outcomes, median time to decision; for the
    consultation's moderators, a link to their queue with what waits there."""
    request = context.get("request")
    consultation = getattr(consultation, "canonical", None) or consultation
    record = queries.moderation_record(consultation)
    user = getattr(request, "user", None)
    queue = None
    if user is not None and roles.is_moderator(user, consultation):
        from django.urls import reverse

        counts = queries.queue_counts([consultation.pk])[consultation.pk]
        queue = {
            "url": reverse("moderation:queue", args=[consultation.pk]),
            "waiting": sum(counts.values()),
        }
    return {
        "record": record,
        "median": duration_text(record.median_seconds),
        "queue": queue,
        "request": request,
        "consultation": consultation,
    }


@register.inclusion_tag("moderation/includes/appeal_box.html", takes_context=True)
def appeal_box(context, item):
    """The author's way to appeal a moderation decision on their proposal, and on their own
    rejected or hidden comments under it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    proposal = item if isinstance(item, Proposal) else item.proposal
    appeal = None
    own_proposal = proposal.author_id == user.pk and proposal.state in {
        ModerationState.REJECTED,
        ModerationState.HIDDEN,
    }
    if own_proposal:
        appeal = Appeal.objects.filter(proposal=proposal).first()
    comments = list(
        Comment.objects.filter(
            proposal=proposal,
            author=user,
            state__in=[ModerationState.REJECTED, ModerationState.HIDDEN],
        ).order_by("created_at")
    )
    comment_appeals = {
        a.comment_id: a for a in Appeal.objects.filter(comment__in=[c.pk for c in comments])
    }
    return {
        "show": own_proposal or bool(comments),
        "proposal": proposal,
        "own_proposal": own_proposal,
        "appeal": appeal,
        "can_appeal": own_proposal and appeal is None,
        "comments": [(c, comment_appeals.get(c.pk)) for c in comments],
        "form_label": _("Why should the decision change?"),
        "request": request,
    }
