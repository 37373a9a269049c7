"""The aggregates every results figure comes from, free of HTTP.

A results page covers a scope: one consultation (its canonical page, which proposals attach
to) or the whole site (every live consultation). Each figure counts published proposals and
reads the other domains through their own queries modules; each function makes a fixed
number of queries whatever the number of proposals, supports or responses.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import get_supported_content_language_variant

from consultations.models import Area, ConsultationPage, Department, Topic
from proposals import queries as proposal_queries
from proposals.models import OfficialResponse, Outcome, Proposal
from proposals.moderation.queries import ModerationRecord, moderation_record_of
from proposals.responses import queries as response_queries
from proposals.responses.queries import on_time_counts

# The outcome order a reader expects, from "done" to "not done"; "no outcome yet" last.
OUTCOME_ORDER = [
    Outcome.IMPLEMENTED,
    Outcome.ACCEPTED,
    Outcome.PARTIALLY_ACCEPTED,
    Outcome.UNDER_REVIEW,
    Outcome.MERGED,
    Outcome.REJECTED,
    Outcome.NONE,
]
ON_TIME, LATE = "on_time", "late"
TIMING_LABELS = {ON_TIME: _("On time"), LATE: _("Late")}
ON_TIME_RULE = _(
    "A response counts as on time when it was first published on or before its due date. A "
    "proposal gets a due date when it reaches the response threshold or staff pick it for an "
    "answer: that day plus the consultation's answer time. A proposal past its due date "
    "without a published response is overdue."
)


@dataclass(frozen=True)
class Scope:
    """What a results page covers: one consultation, or the site (consultation None)."""

    consultation_ids: tuple[int, ...]
    consultation: ConsultationPage | None = None

    @property
    def site_wide(self) -> bool:
        return self.consultation is None


def consultation_scope(consultation: ConsultationPage) -> Scope:
    canonical = consultation.canonical
    return Scope(consultation_ids=(canonical.pk,), consultation=canonical)


def site_scope() -> Scope:
    """Every live consultation in the default language (the pages proposals attach to)."""
    ids = (
        ConsultationPage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return Scope(consultation_ids=tuple(ids))


def ranking(scope: Scope) -> QuerySet[Proposal]:
    """Every published proposal, most supported first (ties: oldest first); slice to page."""
    return proposal_queries.ranked_by_supports(scope.consultation_ids)


def outcome_counts(scope: Scope) -> list[dict]:
    """Published proposals per outcome, in `OUTCOME_ORDER`, zeros left out. One query."""
    counts = proposal_queries.outcome_totals(scope.consultation_ids)
    labels = dict(Outcome.choices)
    return [
        {"key": outcome.value, "label": labels[outcome], "count": counts[outcome]}
        for outcome in OUTCOME_ORDER
        if counts.get(outcome)
    ]


def supports_per_day(scope: Scope) -> list[dict]:
    """Live supports of published proposals by the UTC day they were cast, every day from
    the first to the last (days without supports count zero). One query."""
    rows = proposal_queries.supports_by_day(scope.consultation_ids)
    if not rows:
        return []
    days: list[dict] = []
    day: date = min(rows)
    while day <= max(rows):
        days.append({"day": day, "count": rows.get(day, 0)})
        day += timedelta(days=1)
    return days


def support_total(scope: Scope) -> int:
    """The stored support counts of the published proposals, summed. One query."""
    return sum(proposal_queries.support_totals(scope.consultation_ids).values())


def topic_counts(scope: Scope) -> list[dict]:
    """Published proposals per topic, most first; a proposal with two topics counts in
    both. Proposals without a topic are one row of their own. One query."""
    rows, untagged = proposal_queries.topic_totals(scope.consultation_ids)
    result = [
        {
            "key": r["tag__slug"],
            "label": Topic(name=r["tag__name"], name_fa=r["tag__name_fa"] or "").display_name,
            "count": r["n"],
        }
        for r in rows
    ]
    if untagged:
        result.append({"key": "", "label": _("No topic"), "count": untagged})
    return result


def area_counts(scope: Scope) -> list[dict]:
    """Published proposals per area, most first; those without an area last. One query."""
    result, unplaced = [], 0
    for row in proposal_queries.area_totals(scope.consultation_ids):
        if row["area_id"] is None:
            unplaced = row["n"]
            continue
        area = Area(name=row["area__name"], name_fa=row["area__name_fa"] or "")
        result.append({"key": row["area__slug"], "label": area.display_name, "count": row["n"]})
    if unplaced:
        result.append({"key": "", "label": _("No area"), "count": unplaced})
    return result


def response_timing(scope: Scope) -> dict[str, int]:
    """Assignments answered on time, late, still open and overdue. One query."""
    totals = {"on_time": 0, "late": 0, "overdue": 0, "waiting": 0}
    for counts in on_time_counts(scope.consultation_ids).values():
        for key in totals:
            totals[key] += counts[key]
    return totals


def response_count(scope: Scope) -> int:
    """Published official responses to the published proposals. One query."""
    return response_queries.live_response_count(scope.consultation_ids)


def moderation(scope: Scope) -> ModerationRecord:
    return moderation_record_of(scope.consultation_ids)


# --- "You said, we did": the published responses ------------------------------------------


@dataclass(frozen=True)
class ResponseFilters:
    consultation: str = ""  # the consultation's canonical page id, as text
    outcome: str = ""
    department: str = ""  # department id, as text
    topic: str = ""  # tag slug
    timing: str = ""  # "on_time" or "late"

    @property
    def active(self) -> bool:
        return any((self.consultation, self.outcome, self.department, self.topic, self.timing))


FACETS = ("consultation", "outcome", "department", "topic", "timing")


def _filtered(filters: ResponseFilters, *, without: str = "") -> QuerySet[OfficialResponse]:
    rows = response_queries.live_responses()
    if filters.consultation and without != "consultation" and filters.consultation.isdigit():
        rows = rows.filter(proposal__consultation_id=int(filters.consultation))
    if filters.outcome and without != "outcome":
        rows = rows.filter(outcome=filters.outcome)
    if filters.department and without != "department" and filters.department.isdigit():
        rows = rows.filter(department_id=int(filters.department))
    if filters.topic and without != "topic":
        rows = rows.filter(proposal__tagged_topics__tag__slug=filters.topic)
    if filters.timing and without != "timing":
        on_time = filters.timing == ON_TIME
        rows = rows.filter(response_queries.ON_TIME_Q if on_time else response_queries.LATE_Q)
    return rows


def published_responses(filters: ResponseFilters) -> QuerySet[OfficialResponse]:
    """The filtered responses, newest publication first; slice it to paginate."""
    return (
        _filtered(filters)
        .select_related("proposal", "department")
        .order_by("-first_published_at", "-pk")
    )


def response_facets(filters: ResponseFilters) -> dict[str, list[dict]]:
    """For each filter, its values with how many responses each would show, given the other
    filters. One query per filter, whatever the number of responses."""
    facets: dict[str, list[dict]] = {}
    rows = _filtered(filters, without="consultation")
    grouped = (
        rows.values("proposal__consultation_id", "proposal__consultation__title")
        .annotate(n=Count("pk", distinct=True))
        .order_by("proposal__consultation__title")
    )
    facets["consultation"] = [
        {
            "value": str(r["proposal__consultation_id"]),
            "label": r["proposal__consultation__title"],
            "count": r["n"],
        }
        for r in grouped
    ]
    counts = dict(
        _filtered(filters, without="outcome")
        .values("outcome")
        .annotate(n=Count("pk", distinct=True))
        .values_list("outcome", "n")
        .order_by()
    )
    labels = dict(Outcome.choices)
    facets["outcome"] = [
        {"value": o.value, "label": labels[o], "count": counts[o]}
        for o in OUTCOME_ORDER
        if counts.get(o)
    ]
    grouped = (
        _filtered(filters, without="department")
        .filter(department__isnull=False)
        .values("department_id", "department__name", "department__name_fa")
        .annotate(n=Count("pk", distinct=True))
        .order_by("department__name")
    )
    facets["department"] = [
        {
            "value": str(r["department_id"]),
            "label": Department(
                name=r["department__name"], name_fa=r["department__name_fa"] or ""
            ).display_name,
            "count": r["n"],
        }
        for r in grouped
    ]
    grouped = (
        _filtered(filters, without="topic")
        .filter(proposal__tagged_topics__isnull=False)
        .values(
            "proposal__tagged_topics__tag__slug",
            "proposal__tagged_topics__tag__name",
            "proposal__tagged_topics__tag__name_fa",
        )
        .annotate(n=Count("pk", distinct=True))
        .order_by("proposal__tagged_topics__tag__name")
    )
    topics = [
        (
            r["proposal__tagged_topics__tag__slug"],
            Topic(
                name=r["proposal__tagged_topics__tag__name"],
                name_fa=r["proposal__tagged_topics__tag__name_fa"] or "",
            ).display_name,
            r["n"],
        )
        for r in grouped
    ]
    facets["topic"] = [
        {"value": slug, "label": label, "count": n}
        for slug, label, n in sorted(topics, key=lambda t: (t[1].casefold(), t[0]))
    ]
    timing = _filtered(filters, without="timing").aggregate(
        on_time=Count("pk", filter=response_queries.ON_TIME_Q),
        late=Count("pk", filter=response_queries.LATE_Q),
    )
    facets["timing"] = [
        {"value": key, "label": TIMING_LABELS[key], "count": timing[key]}
        for key in (ON_TIME, LATE)
        if timing[key]
    ]
    return facets


def consultation_titles(consultation_ids) -> dict[int, str]:
    """Each consultation's title in the reader's language (its live translation), else its
    own. One query, and one more when some are in another language than the reader's."""
    rows = ConsultationPage.objects.filter(pk__in=list(consultation_ids)).values_list(
        "pk", "translation_key", "title", "locale__language_code"
    )
    pages = {pk: key for pk, key, _title, _code in rows}
    titles = {pk: title for pk, _key, title, _code in rows}
    try:
        active = get_supported_content_language_variant(get_language())
    except LookupError:
        active = settings.LANGUAGE_CODE
    others = {key for _pk, key, _title, code in rows if code != active}
    translated = {}
    if others:  # pages read in their own language need no second query
        translated = dict(
            ConsultationPage.objects.live()
            .filter(translation_key__in=others, locale__language_code=active)
            .values_list("translation_key", "title")
        )
    return {pk: translated.get(key, titles[pk]) for pk, key in pages.items()}
