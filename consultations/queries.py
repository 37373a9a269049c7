"""Reads of consultations for the public pages: the phase as SQL, filters, counts.

Each function runs a fixed number of queries whatever the number of consultations. The
counts come from consultations/counts.py, which the apps that keep them fill in.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    Case,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from wagtail.search.backends import get_search_backend

from civic.text import clean_text, fold, has_visible

from .card_phase import card_phases
from .counts import counts_for
from .models import Area, ConsultationPage, ConsultationTopic, Topic, sorted_by_display_name
from .phases import Phase

SEARCH_RESULTS_MAX = 500
SEARCH_WORDS = 8


def collecting_q(now: datetime) -> Q:
    return Q(proposals_open__lte=now, proposals_close__gt=now)


def voting_q(now: datetime) -> Q:
    return Q(voting_open__lte=now, voting_close__gt=now)


def phase_q(phase: Phase | str, now: datetime) -> Q:
    """Consultations for which `phase` is in force at `now`; the SQL twin of
    ``Schedule.phases`` (a consultation collecting and voting at once matches both)."""
    collecting, voting = collecting_q(now), voting_q(now)
    idle = ~collecting & ~voting
    phase = Phase(phase)
    if phase == Phase.COLLECTING:
        return collecting
    if phase == Phase.VOTING:
        return voting
    if phase == Phase.UPCOMING:
        return idle & Q(proposals_open__gt=now)
    if phase == Phase.DELIBERATING:
        return (
            idle & Q(proposals_open__lte=now) & (Q(voting_open__gt=now) | Q(responses_due__gt=now))
        )
    return idle & Q(proposals_open__lte=now, voting_open__lte=now, responses_due__lte=now)


def open_q(now: datetime) -> Q:
    """Citizens can act now: collecting proposals or voting."""
    return collecting_q(now) | voting_q(now)


def _deadline(now: datetime) -> Case:
    """When the window open now closes (voting first, as the phase shown); NULL when none."""
    return Case(
        When(voting_q(now), then=F("voting_close")),
        When(collecting_q(now), then=F("proposals_close")),
        default=None,
    )


def public_consultations(locale_id: int) -> QuerySet[ConsultationPage]:
    """Live consultations of one language, with what every listing shows."""
    canonical = ConsultationPage.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=settings.LANGUAGE_CODE,
    ).values("pk")[:1]
    return (
        ConsultationPage.objects.live()
        .filter(locale_id=locale_id)
        .select_related("hero_image", "department")
        .prefetch_related(
            Prefetch("tagged_topics", queryset=ConsultationTopic.objects.select_related("tag")),
            "areas",
        )
        .annotate(
            canonical_pk=Coalesce(Subquery(canonical), F("pk"), output_field=BigIntegerField())
        )
    )


SORTS = ("closing", "newest", "relevance")


def search_ids(query: str, queryset: QuerySet[ConsultationPage]) -> list[int]:
    """Page ids matching words of `query`, best first.

    Wagtail's search (any backend) ranks what it finds in title, summary and body; pages
    whose folded title and summary (`search_text`, civic/text.py `fold`) hold every folded
    word follow, so كتابخانه finds کتابخانه and ۱۴۰۳ finds 1403 on SQLite and PostgreSQL alike.
    """
    # No control character reaches the search backend (PostgreSQL refuses NUL).
    query = clean_text(query)
    if not has_visible(query):
        return []
    backend = get_search_backend()
    results = backend.search(query, queryset.order_by(), operator="and")
    ranked = [page.pk for page in results[:SEARCH_RESULTS_MAX]]
    words = fold(query).split()[:SEARCH_WORDS]
    if words:
        folded = queryset.order_by("-first_published_at", "-pk")
        for word in words:
            folded = folded.filter(search_text__contains=word)
        seen = set(ranked)
        extra = folded.values_list("pk", flat=True)[:SEARCH_RESULTS_MAX]
        ranked += [pk for pk in extra if pk not in seen]
    return ranked[:SEARCH_RESULTS_MAX]


def filter_consultations(
    queryset: QuerySet[ConsultationPage],
    *,
    now: datetime,
    phase: str = "",
    topic: str = "",
    area: str = "",
    query: str = "",
    sort: str = "",
) -> QuerySet[ConsultationPage]:
    """Apply the list page's filters and order; nothing is evaluated here but the search."""
    if phase:
        queryset = queryset.filter(phase_q(phase, now))
    if topic:
        queryset = queryset.filter(tagged_topics__tag__slug=topic)
    if area:
        queryset = queryset.filter(areas__slug=area)
    if topic or area:
        queryset = queryset.distinct()
    ranked: list[int] = []
    if query:
        ranked = search_ids(query, queryset.model.objects.filter(pk__in=queryset.values("pk")))
        queryset = queryset.filter(pk__in=ranked)
    if sort == "relevance" and ranked:
        order = Case(
            *(When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)),
            output_field=IntegerField(),
        )
        return queryset.annotate(rank=order).order_by("rank")
    if sort == "newest":
        return queryset.order_by("-first_published_at", "-pk")
    return queryset.annotate(deadline=_deadline(now)).order_by(
        F("deadline").asc(nulls_last=True), "-proposals_open", "-pk"
    )


def with_counts(pages: Sequence[ConsultationPage], now: datetime) -> list[ConsultationPage]:
    """Attach `.counts` (of the canonical page), `.current_phase`, `.card_phase` (the phase as
    its card words it) and `.closes` (when the window open now ends) to each listed page,
    without a query per page."""
    pages = list(pages)
    counts = counts_for(getattr(page, "canonical_pk", page.pk) for page in pages)
    for page in pages:
        page.counts = counts[getattr(page, "canonical_pk", page.pk)]
        page.current_phase = page.phase_at(now)
        schedule = page.schedule
        if schedule.is_voting(now):
            page.closes = schedule.voting_close
        elif schedule.is_collecting(now):
            page.closes = schedule.proposals_close
        else:
            page.closes = None
    phases = card_phases(pages, now)
    for page in pages:
        page.card_phase = phases[page.pk]
    return pages


def topic_choices(locale_id: int) -> list[Topic]:
    """Topics used by live consultations of this language, by the name the reader sees."""
    return sorted_by_display_name(
        Topic.objects.filter(
            consultations_consultationtopic_items__content_object__live=True,
            consultations_consultationtopic_items__content_object__locale_id=locale_id,
        ).distinct()
    )


def area_choices() -> list[Area]:
    return list(Area.objects.order_by("name"))


HOME_OPEN_MAX = 6
HOME_UPCOMING_MAX = 3
CLOSING_SOON_DAYS = 7


def home_listing(*, locale_id: int, now: datetime) -> dict:
    """Open consultations (closing soonest first) and the next ones to open."""
    base = public_consultations(locale_id)
    open_now = list(
        base.filter(open_q(now))
        .annotate(deadline=_deadline(now))
        .order_by("deadline", "-pk")[:HOME_OPEN_MAX]
    )
    upcoming = list(
        base.filter(phase_q(Phase.UPCOMING, now)).order_by("proposals_open", "pk")[
            :HOME_UPCOMING_MAX
        ]
    )
    with_counts([*open_now, *upcoming], now)
    soon = now + timedelta(days=CLOSING_SOON_DAYS)
    for page in open_now:
        page.closing_soon = page.deadline is not None and page.deadline <= soon
    return {"open_consultations": open_now, "upcoming_consultations": upcoming, "now": now}


SCHEDULE_FIELDS = (
    "proposals_open",
    "proposals_close",
    "voting_open",
    "voting_close",
    "responses_due",
)
# Deadlines that pages also flag as "closing soon" CLOSING_SOON_DAYS before them.
DEADLINE_FIELDS = ("proposals_close", "voting_close")


def next_display_change(now: datetime, consultation: ConsultationPage | None = None):
    """The first moment after `now` at which a page changes without any write: a phase
    boundary, or a deadline becoming "closing soon"; of one consultation, or of any live
    one (one query). None when nothing is scheduled."""
    soon = timedelta(days=CLOSING_SOON_DAYS)
    if consultation is not None:
        moments = [getattr(consultation, name) for name in SCHEDULE_FIELDS]
        moments += [getattr(consultation, name) - soon for name in DEADLINE_FIELDS]
        return min((moment for moment in moments if moment > now), default=None)
    aggregates = {
        f"next_{name}": Min(name, filter=Q(**{f"{name}__gt": now})) for name in SCHEDULE_FIELDS
    }
    aggregates |= {
        f"soon_{name}": Min(name, filter=Q(**{f"{name}__gt": now + soon}))
        for name in DEADLINE_FIELDS
    }
    row = ConsultationPage.objects.live().aggregate(**aggregates)
    moments = [
        value - soon if name.startswith("soon_") else value
        for name, value in row.items()
        if value is not None
    ]
    return min(moments, default=None)


# --- open data (the public API) ------------------------------------------------------------


def open_data_consultations() -> QuerySet[ConsultationPage]:
    """Live consultations of every language, each with its language and the id of its
    default-language version (`canonical_pk`, the one proposals attach to); ordered by id."""
    canonical = ConsultationPage.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=settings.LANGUAGE_CODE,
    ).values("pk")[:1]
    return (
        ConsultationPage.objects.live()
        .select_related("locale", "department")
        .prefetch_related(
            Prefetch("tagged_topics", queryset=ConsultationTopic.objects.select_related("tag")),
            "areas",
        )
        .annotate(
            canonical_pk=Coalesce(Subquery(canonical), F("pk"), output_field=BigIntegerField())
        )
        .order_by("pk")
    )


def open_data_filter(
    queryset: QuerySet[ConsultationPage],
    *,
    now: datetime,
    language: str = "",
    phase: str = "",
    topic: str = "",
    area: str = "",
) -> QuerySet[ConsultationPage]:
    """The API's filters on `open_data_consultations()`; the order stays by id."""
    if language:
        queryset = queryset.filter(locale__language_code=language)
    if phase:
        queryset = queryset.filter(phase_q(phase, now))
    if topic:
        queryset = queryset.filter(
            pk__in=ConsultationTopic.objects.filter(tag__slug=topic).values("content_object_id")
        )
    if area:
        queryset = queryset.filter(
            pk__in=ConsultationPage.areas.through.objects.filter(area__slug=area).values(
                "consultationpage_id"
            )
        )
    return queryset
