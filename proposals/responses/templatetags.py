"""Official responses on public pages: a proposal's response and a consultation's
"You said, we did".

Both tags make a fixed number of queries whatever the number of revisions or responses.
In a list, pass proposals with `official_response` already fetched
(`select_related("official_response")`) and `compact=True`: the tag then makes none.
"""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from wagtail.models import ModelLogEntry, Revision

from consultations.roles import answered_ids
from proposals.models import OfficialResponse, Outcome, Proposal, ResponseAssignment
from proposals.responses.queries import LOG_PUBLISH, on_time_counts

register = template.Library()

# Outcomes in the order a reader expects them: from "done" to "not done".
OUTCOME_ORDER = [
    Outcome.IMPLEMENTED,
    Outcome.ACCEPTED,
    Outcome.PARTIALLY_ACCEPTED,
    Outcome.UNDER_REVIEW,
    Outcome.MERGED,
    Outcome.REJECTED,
]
SHOWN_PER_OUTCOME = 5


def _live_response(proposal: Proposal) -> OfficialResponse | None:
    if Proposal.official_response.is_cached(proposal):
        try:
            response = proposal.official_response
        except OfficialResponse.DoesNotExist:
            return None
        return response if response.live else None
    return (
        OfficialResponse.objects.filter(proposal_id=proposal.pk, live=True)
        .select_related("department", "responsible_official", "merged_into")
        .first()
    )


def _history(response: OfficialResponse) -> tuple[list, list[dict]]:
    """Dates of every publication (newest first) and the earlier published versions."""
    entries = list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(OfficialResponse),
            object_id=str(response.pk),
            action=LOG_PUBLISH,
        )
        .order_by("-timestamp", "-id")
        .values_list("timestamp", "revision_id")
    )
    earlier_ids = [revision_id for _at, revision_id in entries[1:] if revision_id]
    contents = dict(
        Revision.objects.filter(pk__in=earlier_ids).values_list("pk", "content")
    )  # one query, whatever the number of revisions
    labels = dict(Outcome.choices)
    earlier = []
    for at, revision_id in entries[1:]:
        content = contents.get(revision_id)
        if content:
            earlier.append(
                {
                    "published_at": at,
                    "outcome": content.get("outcome", ""),
                    "outcome_label": labels.get(content.get("outcome", ""), ""),
                    "text": content.get("text", ""),
                }
            )
    return [at for at, _revision in entries], earlier


@register.inclusion_tag("responses/includes/official_response.html", takes_context=True)
def official_response(context, proposal, compact: bool = False):
    request = context.get("request")
    user = getattr(request, "user", None)
    response = _live_response(proposal)
    result = {
        "proposal": proposal,
        "response": response,
        "compact": compact,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
    if compact:
        return result
    if response is not None:
        dates, earlier = _history(response)
        result.update(
            published_at=dates[-1] if dates else None,
            updated_at=dates[0] if len(dates) > 1 else None,
            earlier=earlier,
        )
    else:
        result["assignment"] = (
            ResponseAssignment.objects.filter(proposal_id=proposal.pk)
            .only("due_at", "answered_at")  # all `is_overdue` reads
            .first()
        )
    is_staff = bool(user and user.is_authenticated and user.is_staff)
    if is_staff and proposal.consultation_id in answered_ids(user):
        # Officials of this consultation: straight to the editor, or to a new draft.
        from proposals.responses.views import add_response_url, edit_response_url

        response_id = (
            response.pk
            if response is not None
            else OfficialResponse.objects.filter(proposal_id=proposal.pk)
            .values_list("pk", flat=True)
            .first()
        )
        if response_id is not None:
            result["staff_link"] = edit_response_url(response_id)
        elif result.get("assignment") is not None:
            result["staff_link"] = add_response_url(proposal.pk)
        elif proposal.state == "published":
            result["pick_url"] = reverse("response:pick", args=[proposal.pk])
    return result


@register.inclusion_tag("responses/includes/you_said_we_did.html", takes_context=True)
def you_said_we_did(context, consultation):
    canonical = getattr(consultation, "canonical", consultation)
    live = OfficialResponse.objects.filter(live=True, proposal__consultation_id=canonical.pk)
    counts = {
        row["outcome"]: row["n"]
        for row in live.values("outcome").annotate(n=Count("pk")).order_by()
    }
    total = sum(counts.values())
    recent = list(
        live.select_related("proposal").order_by("-proposal__support_count", "-pk")[
            : SHOWN_PER_OUTCOME * len(OUTCOME_ORDER)
        ]
    )
    labels = dict(Outcome.choices)
    try:
        list_url = reverse("proposals:list", kwargs={"slug": consultation.slug})
    except NoReverseMatch:  # a page without a slug has no list to link to
        list_url = ""
    groups = []
    for outcome in OUTCOME_ORDER:
        if not counts.get(outcome):
            continue
        groups.append(
            {
                "outcome": outcome,
                "label": labels[outcome],
                "count": counts[outcome],
                "responses": [r for r in recent if r.outcome == outcome][:SHOWN_PER_OUTCOME],
                "url": f"{list_url}?outcome={outcome}" if list_url else "",
            }
        )
    timing = on_time_counts([canonical.pk]).get(
        canonical.pk, {"on_time": 0, "late": 0, "overdue": 0, "waiting": 0}
    )
    answered = timing["on_time"] + timing["late"]
    share = round(100 * timing["on_time"] / answered) if answered else None
    return {
        "consultation": consultation,
        "groups": groups,
        "total": total,
        "timing": timing,
        "answered": answered,
        "on_time_share": share,
        "request": context.get("request"),
    }
