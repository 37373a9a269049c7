"""Possible campaigns: the same or nearly the same text posted by many accounts.

A read for the moderation queue, free of HTTP. Per consultation and per kind (proposals,
comments), the items moderators still care about (waiting, published or hidden, created in the
last WINDOW_DAYS; not officials' comments, not texts shorter than MIN_CHARS) are grouped when
their folded text (civic/text.py `fold`: case, accents, Arabic/Persian yeh and kaf, digits,
ZWNJ) is identical or near-identical; a group is a possible campaign when at least
`CIVIC_CAMPAIGN_MIN_ACCOUNTS` distinct accounts wrote it.

Cost is bounded whatever the size of the consultation: ONE query per kind reads the newest
CANDIDATES items of the window together with every item whose text is repeated exactly in the
window (the group-by runs in SQL: the folded title and text of proposals, the text of
comments). Exact copies are then put together by their fold; near-identical texts (trigram
similarity of proposals/similarity.py at least THRESHOLD, linked one to another) are found only
within that bounded set, and only between texts that share one of their rarer trigrams (see
`_near_pairs`), so distinct texts cost almost nothing. Nothing is queried per item.

THRESHOLD is 0.7, far stricter than the 0.3 of similar titles: it keeps a text with a word or
two changed, or a line added, together ("Stop the tower on Elm Street now" ~ "Stop the tower on
Elm Street" is 0.86) while two proposals that only share a subject stay apart.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from civic.text import fold
from proposals.models import Comment, ModerationState, Proposal
from proposals.similarity import trigrams

State = ModerationState
PROPOSAL, COMMENT = "proposal", "comment"
WINDOW_DAYS = 14
# Items of one kind read per consultation besides the exact copies (the newest first).
CANDIDATES = 300
# Exact copies read at most, per kind (a flood of one text is one group however big).
EXACT_MAX = 1000
THRESHOLD = 0.7
# Only the beginning of a text is compared (and, for comments, folded here): enough to tell a
# copy, and it bounds the work per item. "Identical" means identical over that beginning.
COMPARED_CHARS = 500
# Shorter texts ("+1", "Great idea!") are what many people write alike: never a campaign.
MIN_CHARS = 20
# Rarest trigrams of a text through which it meets others (see `_near_pairs`).
PREFIX_MAX = 16
STATES = (State.PENDING, State.PUBLISHED, State.HIDDEN)


def min_accounts() -> int:
    return max(2, int(getattr(settings, "CIVIC_CAMPAIGN_MIN_ACCOUNTS", 3)))


@dataclass
class Member:
    """One proposal or comment of a possible campaign, as the queue shows it."""

    kind: str
    pk: int
    label: str  # a proposal's title, the beginning of a comment
    state: str
    created_at: datetime
    author_id: int | None
    author_name: str
    joined: datetime | None  # when the author's account was made

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"

    def get_state_display(self) -> str:
        return str(State(self.state).label)


@dataclass
class Campaign:
    """Items of one kind with the same or nearly the same text, from several accounts."""

    kind: str
    members: list[Member]
    identical: bool
    accounts: int = 0
    first: datetime | None = None
    last: datetime | None = None
    newest_account: datetime | None = None
    by_state: dict[str, list[Member]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Stable while its first item stays in the window: the kind and that item's id."""
        return f"{self.kind}-{min(m.pk for m in self.members)}"

    @property
    def at_once(self) -> bool:
        """All posted within the same minute (the page shows times to the minute)."""
        if self.first is None or self.last is None:
            return False
        minute = {"second": 0, "microsecond": 0}
        return self.first.replace(**minute) == self.last.replace(**minute)

    @property
    def item_keys(self) -> list[str]:
        return [m.key for m in self.members]


def _window(model, consultation, now: datetime):
    scope = (
        {"consultation_id": consultation.pk}
        if model is Proposal
        else {"proposal__consultation_id": consultation.pk}
    )
    rows = model.objects.filter(
        **scope, state__in=STATES, created_at__gte=now - timedelta(days=WINDOW_DAYS)
    )
    # Officials answer with the department's words: staff are not a campaign.
    return rows if model is Proposal else rows.filter(is_official=False)


def _rows(model, consultation, now: datetime) -> list[dict]:
    """The bounded set of one kind, in one query: the newest items and the exact copies."""
    window = _window(model, consultation, now)
    text_fields = ["search_title", "search_body"] if model is Proposal else ["body"]
    # Texts written by more than one item of the window (SQL group-by on the stored text).
    repeated = (
        window.order_by()
        .values(*text_fields)
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .values(text_fields[-1])
    )
    newest = window.order_by("-created_at", "-id").values("pk")[:CANDIDATES]
    fields = ["pk", "state", "created_at", "author_id", "author__display_name"]
    fields += ["author__date_joined"]
    fields += ["title", "search_title", "search_body"] if model is Proposal else ["body"]
    wanted = Q(pk__in=newest) | Q(**{f"{text_fields[-1]}__in": repeated})
    rows = window.filter(wanted).order_by("-created_at", "-id").values(*fields)
    return list(rows[: CANDIDATES + EXACT_MAX])


def _member(kind: str, row: dict) -> Member:
    if kind == PROPOSAL:
        label = row["title"]
    else:
        body = " ".join(row["body"].split())
        label = body if len(body) <= 90 else body[:89] + "…"
    return Member(
        kind=kind,
        pk=row["pk"],
        label=label,
        state=row["state"],
        created_at=row["created_at"],
        author_id=row["author_id"],
        author_name=row["author__display_name"] or "",
        joined=row["author__date_joined"],
    )


def _folded(kind: str, row: dict) -> str:
    if kind == PROPOSAL:
        text = f"{row['search_title']}\n{row['search_body']}"
    else:
        text = fold(row["body"][:COMPARED_CHARS])
    return " ".join(text.split())[:COMPARED_CHARS]


def _near_pairs(gram_sets: list[frozenset[str]]) -> list[tuple[int, int]]:
    """Pairs (i, j) of sets whose Jaccard similarity reaches THRESHOLD.

    Prefix filtering (as in set-similarity joins): with grams ordered rarest first, two sets
    that reach the threshold share a gram among the first |x| - ceil(t * |x|) + 1 of each, so
    only sets meeting in those prefixes are compared, and then only when their sizes allow it.
    The prefix is cut at PREFIX_MAX grams to bound the work on long texts: near-identical texts
    still share most of their rarest grams, while texts that share only common grams are never
    compared.
    """
    frequency = Counter(gram for grams in gram_sets for gram in grams)
    index: dict[str, list[int]] = {}
    pairs = []
    for i, grams in enumerate(gram_sets):
        size = len(grams)
        if not size:
            continue
        ordered = sorted(grams, key=lambda gram: (frequency[gram], gram))
        prefix = ordered[: min(size - math.ceil(THRESHOLD * size) + 1, PREFIX_MAX)]
        seen: set[int] = set()
        for gram in prefix:
            for j in index.get(gram, ()):
                if j in seen:
                    continue
                seen.add(j)
                other = len(gram_sets[j])
                # Jaccard similarity is at most min/max of the two sizes.
                if min(size, other) < THRESHOLD * max(size, other):
                    continue
                shared = len(grams & gram_sets[j])
                if shared / (size + other - shared) >= THRESHOLD:
                    pairs.append((j, i))
        for gram in prefix:
            index.setdefault(gram, []).append(i)
    return pairs


def _groups(kind: str, rows: list[dict]) -> list[tuple[list[Member], bool]]:
    """Members put together by identical fold, then by near-identical text (single link)."""
    exact: dict[str, list[Member]] = {}
    for row in sorted(rows, key=lambda r: (r["created_at"], r["pk"])):
        text = _folded(kind, row)
        if len(text) >= MIN_CHARS:
            exact.setdefault(text, []).append(_member(kind, row))
    texts = list(exact)
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _near_pairs([trigrams(text) for text in texts]):
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    together: dict[int, list[int]] = {}
    for i in range(len(texts)):
        together.setdefault(root(i), []).append(i)
    return [
        ([member for i in group for member in exact[texts[i]]], len(group) == 1)
        for group in together.values()
    ]


def consultation_campaigns(consultation, *, now: datetime | None = None) -> list[Campaign]:
    """The possible campaigns of one consultation (its canonical page), biggest first: two
    queries in all."""
    now = now or timezone.now()
    needed = min_accounts()
    found = []
    for kind, model in ((PROPOSAL, Proposal), (COMMENT, Comment)):
        for members, identical in _groups(kind, _rows(model, consultation, now)):
            authors = {m.author_id for m in members if m.author_id is not None}
            if len(authors) < needed:
                continue
            members.sort(key=lambda m: (m.created_at, m.pk))
            by_state: dict[str, list[Member]] = {}
            for member in members:
                by_state.setdefault(member.state, []).append(member)
            joined = [m.joined for m in members if m.joined is not None]
            found.append(
                Campaign(
                    kind=kind,
                    members=members,
                    identical=identical,
                    accounts=len(authors),
                    first=members[0].created_at,
                    last=members[-1].created_at,
                    newest_account=max(joined) if joined else None,
                    by_state=by_state,
                )
            )
    found.sort(key=lambda c: (-c.accounts, -len(c.members), c.key))
    return found


def campaign_items(campaigns: list[Campaign], key: str) -> dict[str, list[int]] | None:
    """The item ids of the campaign `key` by kind, or None when there is no such campaign."""
    for campaign in campaigns:
        if campaign.key == key:
            return {campaign.kind: [m.pk for m in campaign.members]}
    return None
