"""Reads of the public proposal pages: each a fixed number of queries whatever the row count.

The list evaluates one sliced queryset (plus one count and one prefetch of topics); the
detail page loads its comments a page at a time with the replies prefetched. Nothing here
decides who may do what: that is proposals/rules.py, and writes are proposals/services.py.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, IntegerField, Prefetch, Q, QuerySet
from django.db.models.functions import Mod
from django.http import Http404, HttpRequest
from wagtail.models import Locale

from civic.text import fold
from consultations.models import ConsultationPage

from .models import Comment, ModerationState, Outcome, Proposal
from .similarity import similar_proposals

State = ModerationState

SORTS = ("random", "supports", "newest", "comments")
# States a reader may list. Pending proposals are never public; rejected and hidden ones
# are listed by number with their public reason, never their content.
LISTABLE_STATES = (State.PUBLISHED, State.WITHDRAWN, State.REJECTED, State.HIDDEN)
MAP_LIMIT = 200
SEARCH_WORDS = 8

# Random order stable per visitor: a multiplicative hash of the id, keyed by the visitor's
# seed, modulo a prime. Plain integer arithmetic, so SQLite and PostgreSQL agree.
RANDOM_PRIME = 2_147_483_647
SEED_COOKIE = "civic_order_seed"


def new_seed() -> int:
    return secrets.randbelow(RANDOM_PRIME - 2) + 2


def visitor_seed(request: HttpRequest) -> tuple[int, bool]:
    """The visitor's seed from their cookie; (seed, True) when a new one must be set."""
    raw = request.COOKIES.get(SEED_COOKIE, "")
    if raw.isdigit() and 2 <= int(raw) < RANDOM_PRIME:
        return int(raw), False
    return new_seed(), True


def consultation_for_slug(slug: str) -> ConsultationPage:
    """The live consultation with this slug in the reader's language (else the default one)."""
    pages = ConsultationPage.objects.live().filter(slug=slug).select_related("locale")
    found = {page.locale.language_code: page for page in pages}
    active = Locale.get_active().language_code
    page = found.get(active) or found.get(settings.LANGUAGE_CODE)
    if page is None:
        raise Http404
    return page


def page_in_language(consultation: ConsultationPage) -> ConsultationPage:
    """The reader's-language version of a (canonical) consultation, if it is live."""
    active = Locale.get_active()
    if consultation.locale_id == active.pk:
        return consultation
    translated = (
        ConsultationPage.objects.live()
        .filter(translation_key=consultation.translation_key, locale=active)
        .first()
    )
    return translated or consultation


@dataclass(frozen=True)
class Filters:
    sort: str = "random"
    state: str = State.PUBLISHED
    topic: str = ""
    area: str = ""
    outcome: str = ""
    query: str = ""

    @property
    def active(self) -> bool:
        return bool(
            self.topic or self.area or self.outcome or self.query or self.state != State.PUBLISHED
        )


def _search(queryset: QuerySet, query: str) -> QuerySet:
    """Every word in the title or the text, compared in folded form (civic/text.py `fold`).

    The folded columns are stored, so case, accents, Arabic/Persian letter forms, digits,
    ZWNJ and tatweel match alike on SQLite and PostgreSQL (whose LIKE and ILIKE know none
    of the Persian equivalences).
    """
    for word in fold(query).split()[:SEARCH_WORDS]:
        queryset = queryset.filter(Q(search_title__contains=word) | Q(search_body__contains=word))
    return queryset


def proposals_for(consultation: ConsultationPage, filters: Filters, *, seed: int) -> QuerySet:
    """The consultation's listable proposals, filtered and ordered in SQL (not evaluated)."""
    state = filters.state if filters.state in LISTABLE_STATES else State.PUBLISHED
    queryset = Proposal.objects.of_consultation(consultation).filter(state=state).for_listing()
    if filters.topic:
        queryset = queryset.filter(topics__slug=filters.topic)
    if filters.area:
        queryset = queryset.filter(area__slug=filters.area)
    if filters.outcome:
        queryset = queryset.filter(outcome=filters.outcome)
    if filters.query and state not in (State.REJECTED, State.HIDDEN):
        queryset = _search(queryset, filters.query)
    return ordered(queryset, filters.sort, seed=seed)


def ordered(queryset: QuerySet, sort: str, *, seed: int) -> QuerySet:
    if sort == "supports":
        return queryset.order_by("-support_count", "-id")
    if sort == "comments":
        return queryset.order_by("-comment_count", "-id")
    if sort == "newest":
        return queryset.order_by(F("published_at").desc(nulls_last=True), "-id")
    multiplier = seed % (RANDOM_PRIME - 2) + 2
    offset = (seed // 7) % RANDOM_PRIME
    shuffle = Mod(F("id") * multiplier + offset, RANDOM_PRIME, output_field=IntegerField())
    return queryset.annotate(shuffle=shuffle).order_by("shuffle", "id")


def located(queryset: QuerySet) -> list[dict]:
    """Up to MAP_LIMIT located proposals of a listing, as plain rows for the map and its list."""
    return list(
        queryset.filter(latitude__isnull=False, longitude__isnull=False)
        .exclude(state__in=(State.REJECTED, State.HIDDEN))
        .order_by("-support_count", "-id")
        .values("id", "title", "latitude", "longitude", "area__name", "area__name_fa")[:MAP_LIMIT]
    )


def outcome_choices() -> list[tuple[str, str]]:
    return list(Outcome.choices)


def proposal_for_page(pk: int) -> Proposal:
    """A proposal as its public page shows it; pending ones are for their author only."""
    try:
        return (
            Proposal.objects.select_related("consultation", "author", "area")
            .prefetch_related("topics")
            .get(pk=pk)
        )
    except Proposal.DoesNotExist as exc:
        raise Http404 from exc


VISIBLE_COMMENT_STATES = (State.PUBLISHED, State.HIDDEN, State.REJECTED)


def comment_threads(proposal: Proposal) -> QuerySet:
    """Top-level comments with their replies (one prefetch), oldest first.

    Published comments show their text; hidden and rejected ones stay in place (so replies
    keep their context) but show only their public reason. Pending ones are not listed.
    """
    replies = (
        Comment.objects.filter(state__in=VISIBLE_COMMENT_STATES)
        .select_related("author")
        .order_by("created_at", "id")
    )
    return (
        Comment.objects.filter(
            proposal=proposal, parent__isnull=True, state__in=VISIBLE_COMMENT_STATES
        )
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )


def similar(consultation: ConsultationPage, title: str, *, exclude_id: int | None = None):
    """Up to five published proposals of the consultation whose titles resemble `title`."""
    return similar_proposals(
        consultation=consultation.canonical, title=title, limit=5, exclude_id=exclude_id
    )
