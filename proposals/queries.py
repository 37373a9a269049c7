"""Reads over citizen content, free of HTTP: each a fixed number of queries whatever the
row count.

The list evaluates one sliced queryset (plus one count and one prefetch of topics); the
detail page loads its comments a page at a time with the replies prefetched. A missing row
is None, never Http404: the views translate. Nothing here decides who may do what: that is
proposals/rules.py, and writes are proposals/services.py.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import (
    Aggregate,
    BigIntegerField,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Mod, TruncDate
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from civic.text import fold
from consultations.counts import Counts
from consultations.models import ConsultationPage, default_locale_id

from .models import (
    Comment,
    ConsultationTally,
    Follow,
    ModerationDecision,
    ModerationState,
    Outcome,
    Proposal,
    Report,
    Support,
    SupportBudget,
    SupportShard,
)
from .similarity import similar_proposals

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

State = ModerationState

SORTS = ("random", "supports", "newest", "comments")
# States a reader may list. Pending proposals are never public; rejected and hidden ones
# are listed by number with their public reason, never their content.
LISTABLE_STATES = (State.PUBLISHED, State.WITHDRAWN, State.REJECTED, State.HIDDEN)
SEARCH_WORDS = 8

# Random order stable per visitor: a multiplicative hash of the id, keyed by the visitor's
# seed (kept in a cookie by the view), modulo a prime. Plain integer arithmetic, so SQLite
# and PostgreSQL agree. Seeds run from 2 to RANDOM_PRIME - 1.
RANDOM_PRIME = 2_147_483_647


def consultation_for_slug(slug: str) -> ConsultationPage | None:
    """The live consultation with this slug in the reader's language (else the default one);
    None when there is none."""
    pages = ConsultationPage.objects.live().filter(slug=slug).select_related("locale")
    found = {page.locale.language_code: page for page in pages}
    try:
        active = get_supported_content_language_variant(get_language())
    except LookupError:
        active = settings.LANGUAGE_CODE
    return found.get(active) or found.get(settings.LANGUAGE_CODE)


def page_in_language(consultation: ConsultationPage) -> ConsultationPage:
    """The reader's-language version of a (canonical) consultation, if it is live. A reader
    of the default language gets the canonical page itself, without a query."""
    try:
        language = get_supported_content_language_variant(get_language())
    except LookupError:
        language = settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE and consultation.locale_id == default_locale_id():
        return consultation
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
        return bool(self.query or self.narrowed)

    @property
    def narrowed(self) -> int:
        """How many of the folded filters (topic, area, outcome, which proposals) are in use."""
        return sum(
            bool(value)
            for value in (self.topic, self.area, self.outcome, self.state != State.PUBLISHED)
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
    decided = ModerationDecision.objects.filter(proposal=OuterRef("pk"))
    queryset = (
        Proposal.objects.of_consultation(consultation)
        .filter(state=state)
        .for_listing()
        .annotate(has_decisions=Exists(decided))  # what rules.check_can_edit asks, per card
    )
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


def located(proposals: Iterable[Proposal]) -> list[dict]:
    """The located proposals among those a list page shows, as plain rows for the map and its
    table: the map follows the page (its filters, order and page number), so a page never
    carries more rows than it shows cards, and it costs no query."""
    return [
        {
            "id": proposal.pk,
            "title": proposal.title,
            "latitude": proposal.latitude,
            "longitude": proposal.longitude,
            "area__name": proposal.area.name if proposal.area_id else "",
            "area__name_fa": proposal.area.name_fa if proposal.area_id else "",
        }
        for proposal in proposals
        if proposal.latitude is not None
        and proposal.longitude is not None
        and proposal.state not in (State.REJECTED, State.HIDDEN)
    ]


def outcome_choices() -> list[tuple[str, str]]:
    return list(Outcome.choices)


def proposal_for_page(pk: int) -> Proposal | None:
    """A proposal as its public page shows it (None when there is none); who may open it is
    the view's question (pending ones are for their author only)."""
    return (
        Proposal.objects.select_related("consultation", "author", "area")
        .prefetch_related("topics")
        .filter(pk=pk)
        .first()
    )


def proposal_for_support(pk: int) -> Proposal | None:
    """A proposal with only what casting or withdrawing a support asks of it (its state,
    author, count and consultation with its schedule and rules), in one query: not its text,
    author, area or topics, which the proposal page loads."""
    proposal = (
        Proposal.objects.select_related("consultation")
        .defer(
            "body",
            "search_title",
            "search_body",
            "public_reason",
            "consultation__body",
            "consultation__summary",
            "consultation__search_text",
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is not None:
        # Proposals attach to the default-language page: it is its own canonical page.
        proposal.consultation.canonical = proposal.consultation
    return proposal


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


def comment_page_number(comment: Comment, per_page: int) -> int:
    """The page of `comment_threads` that shows this comment (a reply: its thread's page).

    Threads are oldest first, so the page is the number of visible threads started before
    this one, divided by the page size. One query (two for a reply whose parent is not loaded).
    """
    root = comment.parent if comment.parent_id else comment
    earlier = Comment.objects.filter(
        Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, id__lt=root.pk),
        proposal_id=root.proposal_id,
        parent__isnull=True,
        state__in=VISIBLE_COMMENT_STATES,
    ).count()
    return earlier // per_page + 1


@dataclass(frozen=True)
class ReaderReports:
    """When the reader reported the proposal (None: not) and which of its comments."""

    proposal: datetime | None = None
    comments: dict[int, datetime] | None = None

    def comment(self, pk: int) -> datetime | None:
        return (self.comments or {}).get(pk)


def reader_reports(
    user: "User | AnonymousUser", proposal_id: int, comment_ids: Iterable[int] = ()
) -> ReaderReports:
    """What the reader already reported of a proposal and these comments: one query."""
    if user is None or not user.is_authenticated:
        return ReaderReports(comments={})
    rows = Report.objects.filter(
        Q(proposal_id=proposal_id) | Q(comment_id__in=list(comment_ids)), reporter=user
    ).values_list("proposal_id", "comment_id", "created_at")
    on_proposal, on_comments = None, {}
    for reported_proposal, reported_comment, created_at in rows:
        if reported_comment is not None:
            on_comments[reported_comment] = created_at
        elif reported_proposal == proposal_id:
            on_proposal = created_at
    return ReaderReports(proposal=on_proposal, comments=on_comments)


def similar(consultation: ConsultationPage, title: str, *, exclude_id: int | None = None):
    """Up to five published proposals of the consultation whose titles resemble `title`."""
    return similar_proposals(
        consultation=consultation.canonical, title=title, limit=5, exclude_id=exclude_id
    )


def support_totals(consultation_ids: Iterable[int]) -> dict[int, int]:
    """Live supports per consultation (supports of its published proposals), the sum of its
    stored support shards: one grouped query over at most `SUPPORT_SHARDS` rows each,
    whatever the number of proposals or supports. Consultations without supports map to 0.
    """
    ids = list(consultation_ids)
    totals = dict.fromkeys(ids, 0)
    if not ids:
        return totals
    rows = (
        SupportShard.objects.filter(consultation_id__in=ids)
        .values("consultation_id")
        .annotate(total=Sum("supports"))
        .order_by()
        .values_list("consultation_id", "total")
    )
    for consultation_id, total in rows:
        totals[consultation_id] = total or 0
    return totals


VERIFIED_MARK = -1  # not a proposal id: stands for "has a verified e-mail address"


def reader_supports(user: "User | AnonymousUser", proposal_ids: Iterable[int]) -> set[int]:
    """Which of these proposals the reader supports, in one query that also tells whether the
    reader is a citizen (a verified e-mail address), remembered for `rules.is_citizen`."""
    if user is None or not user.is_authenticated:
        return set()
    supported = Support.objects.filter(citizen=user, proposal_id__in=list(proposal_ids))
    verified = EmailAddress.objects.filter(user=user, verified=True).annotate(
        mark=Value(VERIFIED_MARK, output_field=BigIntegerField())
    )
    rows = set(
        supported.order_by()
        .values_list("proposal_id", flat=True)
        .union(verified.order_by().values_list("mark", flat=True))
    )
    if getattr(user, "_civic_email_verified", None) is None:
        user._civic_email_verified = VERIFIED_MARK in rows
    rows.discard(VERIFIED_MARK)
    return rows


def consultation_counts(ids: list[int]) -> dict[int, Counts]:
    """The stored counts of these canonical consultations: one query whatever the number
    (each tally with the sum of its support shards; shards never exist without a tally).

    Registered in ProposalsConfig.ready() as the reader of consultations/counts.py."""
    result = {pk: Counts() for pk in ids}
    supports = (
        SupportShard.objects.filter(consultation_id=OuterRef("pk"))
        .order_by()
        .values("consultation_id")
        .annotate(total=Sum("supports"))
        .values("total")
    )
    tallies = ConsultationTally.objects.filter(consultation_id__in=ids).annotate(
        supports=Coalesce(Subquery(supports, output_field=IntegerField()), 0)
    )
    for tally in tallies:
        counts = result[tally.consultation_id]
        counts.proposals = tally.proposals
        counts.responses = tally.responses
        counts.comments = tally.comments
        counts.supports = tally.supports
    return result


# --- open data (the public API) ------------------------------------------------------------

OPEN_DATA_SORTS = ("newest", "supports", "id")


def open_data_proposals(
    *,
    consultation: int | None = None,
    state: str = "",
    topic: str = "",
    area: str = "",
    outcome: str = "",
    sort: str = "newest",
) -> QuerySet:
    """Proposals of live consultations in a state the public listing shows (published when
    no state is asked for), filtered and ordered in SQL, the id breaking every tie.

    `consultation` is the id of any language version of the consultation. Rejected and
    hidden proposals are rows here; the caller must show only their number and reason
    (`shows_content`)."""
    queryset = (
        Proposal.objects.filter(
            state=state if state in LISTABLE_STATES else State.PUBLISHED,
            consultation__live=True,
        )
        .select_related("area")
        .prefetch_related("topics")
    )
    if consultation is not None:
        same = ConsultationPage.objects.filter(pk=consultation).values("translation_key")
        queryset = queryset.filter(consultation__translation_key__in=same)
    if topic:
        queryset = queryset.filter(topics__slug=topic)
    if area:
        queryset = queryset.filter(area__slug=area)
    if outcome:
        queryset = queryset.filter(outcome=outcome)
    if sort == "supports":
        return queryset.order_by("-support_count", "-id")
    if sort == "id":
        return queryset.order_by("id")
    return queryset.order_by(F("published_at").desc(nulls_last=True), "-id")


def open_data_proposal(pk: int) -> Proposal | None:
    """One proposal as the API shows it, or None when it is not public."""
    return (
        Proposal.objects.filter(pk=pk, state__in=LISTABLE_STATES, consultation__live=True)
        .select_related("area")
        .prefetch_related("topics")
        .first()
    )


def open_data_topics() -> QuerySet:
    """Topics used by a live consultation or a published proposal, by name then id."""
    from consultations.models import ConsultationTopic, Topic

    from .models import ProposalTopic

    in_consultation = ConsultationTopic.objects.filter(
        tag=OuterRef("pk"), content_object__live=True
    )
    in_proposal = ProposalTopic.objects.filter(
        tag=OuterRef("pk"),
        content_object__state=State.PUBLISHED,
        content_object__consultation__live=True,
    )
    return Topic.objects.filter(Exists(in_consultation) | Exists(in_proposal)).order_by(
        "name", "id"
    )


# --- open data (opendata/downloads reads these) ---------------------------------------------
#
# The files show what the public pages show: proposals in the listable states (rejected and
# hidden ones by number, state and public reason only; the readers in opendata/downloads blank
# their content), the live supports of those proposals, never a user id or an e-mail address.
# Each reader is one query whatever the number of rows, meant to be streamed with
# `.iterator(chunk_size=…)`.

EXPORT_STATES = LISTABLE_STATES
LIST_SEPARATOR = ";"


class JoinedText(Aggregate):
    """The group's values joined by `LIST_SEPARATOR`, in no particular order (readers sort)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ';')"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        template = "%(function)s(%(expressions)s::text, ';')"
        return self.as_sql(compiler, connection, function="STRING_AGG", template=template)


def _in_scope(queryset: QuerySet, consultation_id: int | None, field: str) -> QuerySet:
    """One consultation's rows, or the rows of every published consultation."""
    if consultation_id is None:
        return queryset.filter(**{field.replace("_id", "__live"): True})
    return queryset.filter(**{field: consultation_id})


def export_proposals(consultation_id: int | None = None) -> QuerySet:
    """Rows of proposals.csv/json as tuples, by id: see `EXPORT_PROPOSAL_FIELDS`."""
    from .models import ProposalTopic

    topics = (
        ProposalTopic.objects.filter(content_object_id=OuterRef("pk"))
        .order_by()
        .values("content_object_id")
        .annotate(slugs=JoinedText("tag__slug"))
        .values("slugs")
    )
    rows = Proposal.objects.filter(state__in=EXPORT_STATES).annotate(topic_slugs=Subquery(topics))
    return (
        _in_scope(rows, consultation_id, "consultation_id")
        .order_by("id")
        .values_list(*EXPORT_PROPOSAL_FIELDS)
    )


EXPORT_PROPOSAL_FIELDS = (
    "id",
    "consultation_id",
    "state",
    "title",
    "body",
    "author__display_name",
    "author_id",  # only to tell a deleted account; never written out
    "topic_slugs",
    "area__slug",
    "latitude",
    "longitude",
    "outcome",
    "merged_into_id",
    "support_count",
    "comment_count",
    "public_reason",
    "published_at",
    "edited_at",
)


def export_supports(consultation_id: int | None = None) -> QuerySet:
    """Rows of ballots.csv: (proposal_id, cast at, voter token) of every live support of an
    exported proposal, by proposal then id."""
    rows = Support.objects.filter(proposal__state__in=EXPORT_STATES)
    return (
        _in_scope(rows, consultation_id, "proposal__consultation_id")
        .order_by("proposal_id", "id")
        .values_list("proposal_id", "created_at", "voter_token")
    )


def export_supports_daily(consultation_id: int | None = None) -> QuerySet:
    """Rows of supports_daily.csv: (consultation_id, proposal_id, UTC day, supports cast that
    day and still live), grouped in SQL."""
    rows = Support.objects.filter(proposal__state__in=EXPORT_STATES)
    return (
        _in_scope(rows, consultation_id, "proposal__consultation_id")
        .annotate(day=TruncDate("created_at", tzinfo=UTC))
        .values("proposal__consultation_id", "proposal_id", "day")
        .annotate(supports=Count("id"))
        .order_by("proposal__consultation_id", "proposal_id", "day")
        .values_list("proposal__consultation_id", "proposal_id", "day", "supports")
    )


def export_counts(consultation_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Per consultation: exported proposals, their live supports (ballots.csv rows) and the
    rows of supports_daily.csv. Two grouped queries whatever the number of rows."""
    ids = list(consultation_ids)
    counts = {pk: {"proposals": 0, "ballots": 0, "supports_daily": 0} for pk in ids}
    for pk, n, supports in (
        Proposal.objects.filter(consultation_id__in=ids, state__in=EXPORT_STATES)
        .values("consultation_id")
        .annotate(n=Count("id"), supports=Sum("support_count"))
        .order_by()
        .values_list("consultation_id", "n", "supports")
    ):
        counts[pk].update(proposals=n, ballots=supports or 0)
    # A proposal supported on a day is one row of supports_daily.csv: per consultation and day,
    # the distinct proposals supported, summed over the days.
    for pk, proposals in (
        Support.objects.filter(proposal__consultation_id__in=ids, proposal__state__in=EXPORT_STATES)
        .annotate(day=TruncDate("created_at", tzinfo=UTC))
        .values("proposal__consultation_id", "day")
        .annotate(proposals=Count("proposal_id", distinct=True))
        .order_by()
        .values_list("proposal__consultation_id", "proposals")
    ):
        counts[pk]["supports_daily"] += proposals
    return counts


def export_stamp(consultation_id: int | None = None) -> dict:
    """What changes whenever a proposal or support row of the files changes: counts, sums,
    highest ids and latest times, in two aggregate queries (withdrawn supports change the
    count and sum, not a time)."""
    proposals = Proposal.objects.all()
    supports = Support.objects.all()
    if consultation_id is not None:
        proposals = proposals.filter(consultation_id=consultation_id)
        supports = supports.filter(proposal__consultation_id=consultation_id)
    proposals = proposals.aggregate(
        proposals=Count("id"),
        proposals_max=Max("id"),
        supports_sum=Sum("support_count"),
        comments_sum=Sum("comment_count"),
        created=Max("created_at"),
        published=Max("published_at"),
        edited=Max("edited_at"),
    )
    supports = supports.aggregate(
        supports=Count("id"), supports_max=Max("id"), cast=Max("created_at")
    )
    return {**proposals, **supports}


def is_public(pk: int) -> bool:
    """Whether the proposal is one the public pages list (listable state, published
    consultation): what its permalink /p/<id>/ asks. One query."""
    return Proposal.objects.filter(
        pk=pk, state__in=LISTABLE_STATES, consultation__live=True
    ).exists()


# --- reads for the results pages (opendata/queries.py composes them) ----------------------


def published_in(consultation_ids: Iterable[int]) -> QuerySet:
    """Published proposals of some consultations (not evaluated)."""
    return Proposal.objects.published().filter(consultation_id__in=list(consultation_ids))


def ranked_by_supports(consultation_ids: Iterable[int]) -> QuerySet:
    """Every published proposal, most supported first (ties: oldest first); slice to page."""
    return published_in(consultation_ids).select_related("area").order_by("-support_count", "id")


def outcome_totals(consultation_ids: Iterable[int]) -> dict[str, int]:
    """Published proposals per outcome. One query."""
    return dict(
        published_in(consultation_ids)
        .values("outcome")
        .annotate(n=Count("id"))
        .values_list("outcome", "n")
        .order_by()
    )


def supports_by_day(consultation_ids: Iterable[int]) -> dict:
    """Live supports of published proposals by the UTC day they were cast. One query."""
    return dict(
        Support.objects.filter(
            proposal__state=State.PUBLISHED,
            proposal__consultation_id__in=list(consultation_ids),
        )
        .annotate(day=TruncDate("created_at", tzinfo=UTC))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
        .order_by()
    )


def topic_totals(consultation_ids: Iterable[int]) -> tuple[list[dict], int]:
    """Published proposals per topic (slug, names, n), most first, and how many have none.
    One query: the proposals joined to their topics, grouped by topic, the group without a
    topic being the untagged ones."""
    grouped = (
        published_in(list(consultation_ids))
        .values(
            "tagged_topics__tag__slug", "tagged_topics__tag__name", "tagged_topics__tag__name_fa"
        )
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "tagged_topics__tag__name")
    )
    rows, untagged = [], 0
    for row in grouped:
        if row["tagged_topics__tag__slug"] is None:
            untagged = row["n"]
            continue
        rows.append(
            {
                "tag__slug": row["tagged_topics__tag__slug"],
                "tag__name": row["tagged_topics__tag__name"],
                "tag__name_fa": row["tagged_topics__tag__name_fa"],
                "n": row["n"],
            }
        )
    return rows, untagged


def area_totals(consultation_ids: Iterable[int]) -> list[dict]:
    """Published proposals per area (id, names, slug, n), most first; area None for those
    without one. One query."""
    return list(
        published_in(consultation_ids)
        .values("area_id", "area__name", "area__name_fa", "area__slug")
        .annotate(n=Count("id"))
        .order_by("-n", "area__name")
    )


# --- a citizen's own activity (the "My activity" page in accounts/) -----------------------
#
# Every reader is one query (a Paginator adds its count) whatever the citizen's number of rows.
# The proposals carry what proposals/rules.py asks of a list (`has_decisions`) and their
# consultation, so the page asks the rules without a query per row.


def _decided() -> Exists:
    return Exists(ModerationDecision.objects.filter(proposal=OuterRef("pk")))


def my_proposals(user: "User") -> QuerySet:
    """Every proposal `user` wrote, in any state, newest first (not evaluated)."""
    return (
        Proposal.objects.filter(author=user)
        .select_related("consultation")
        .annotate(has_decisions=_decided())
        .order_by("-created_at", "-id")
    )


def my_supported_proposals(user: "User") -> QuerySet:
    """The proposals `user` supports, with `supported_at`, one consultation after another
    (the latest vote first), the newest support first within each (not evaluated)."""
    mine = Support.objects.filter(proposal=OuterRef("pk"), citizen=user)
    return (
        Proposal.objects.filter(Exists(mine))
        .select_related("consultation")
        .annotate(has_decisions=_decided(), supported_at=Subquery(mine.values("created_at")[:1]))
        .order_by("-consultation__voting_close", "consultation_id", "-supported_at", "-id")
    )


@dataclass
class SupportGroup:
    """Supported proposals of one consultation, with the citizen's use of its limit."""

    consultation: ConsultationPage
    proposals: list
    used: int
    limit: int  # 0: unlimited

    @property
    def unlimited(self) -> bool:
        return not self.limit


def support_groups(user: "User", proposals: Iterable[Proposal]) -> list[SupportGroup]:
    """`proposals` (rows of `my_supported_proposals`, in its order) grouped by consultation,
    each with the supports the citizen has used there. One query."""
    groups: dict[int, SupportGroup] = {}
    for proposal in proposals:
        group = groups.get(proposal.consultation_id)
        if group is None:
            consultation = proposal.consultation
            group = SupportGroup(consultation, [], 0, consultation.max_supports_per_citizen)
            groups[proposal.consultation_id] = group
        group.proposals.append(proposal)
    if groups:
        used = SupportBudget.objects.filter(citizen=user, consultation_id__in=list(groups))
        for consultation_id, n in used.values_list("consultation_id", "used"):
            groups[consultation_id].used = n
    return list(groups.values())


def my_follows(user: "User") -> QuerySet:
    """What `user` follows, proposals and consultations, the latest first (not evaluated)."""
    return (
        Follow.objects.filter(follower=user)
        .select_related("proposal__consultation", "consultation")
        .order_by("-created_at", "-id")
    )


def my_comments(user: "User") -> QuerySet:
    """Every comment `user` wrote, in any state, with its proposal, newest first."""
    return (
        Comment.objects.filter(author=user)
        .select_related("proposal")
        .order_by("-created_at", "-id")
    )


def pages_in_language(consultations: Iterable[ConsultationPage]) -> dict[int, ConsultationPage]:
    """The reader's-language version of each (canonical) consultation, by its id: what
    `page_in_language` answers for one, in one query for all (none in the default language)."""
    pages = {page.pk: page for page in consultations}
    active = Locale.get_active()
    keys = {page.translation_key for page in pages.values() if page.locale_id != active.pk}
    if not keys:
        return pages
    translated = {
        page.translation_key: page
        for page in ConsultationPage.objects.live().filter(translation_key__in=keys, locale=active)
    }
    return {pk: translated.get(page.translation_key, page) for pk, page in pages.items()}
