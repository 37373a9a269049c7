"""Similar proposals while a citizen types a title (English and Persian alike).

Trigram similarity as pg_trgm defines it: lower-cased words (runs of letters and digits, so
Persian script counts as letters), each padded with two spaces before and one after, cut
into three-character pieces; similarity = shared pieces / all distinct pieces.

Titles are compared in their folded form (civic/text.py `fold`, stored as `search_title`), so
Arabic and Persian yeh/kaf, digits, ZWNJ and tatweel do not make two equal titles differ.
PostgreSQL uses pg_trgm itself (`%` operator, served by the GIN trigram index on the folded
titles);
SQLite computes the same measure in Python over the consultation's newest published titles
(bounded by CANDIDATES). Both use THRESHOLD, pg_trgm's default similarity threshold, which
keeps "More bike lanes on Main Street" ~ "Bike lane for Main St" (0.44) and
"پارک محله" ~ "پارک جدید برای محله" (0.50) while "Bike lane for Main St" vs
"Fix potholes on Main Street" (0.19) stays out. Figures: `python -m demo.bench --only similarity`.
"""

from django.db import connection

from civic.text import fold

from .models import ModerationState, Proposal

THRESHOLD = 0.3
CANDIDATES = 2000
MIN_LENGTH = 3


def trigrams(text: str) -> frozenset[str]:
    words, word = [], []
    for char in text.lower():
        if char.isalnum():
            word.append(char)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    grams = set()
    for w in words:
        padded = f"  {w} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def similarity(a: str, b: str) -> float:
    first, second = trigrams(a), trigrams(b)
    if not first or not second:
        return 0.0
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


def similar_proposals(
    *, consultation, title: str, limit: int = 5, exclude_id: int | None = None
) -> list[Proposal]:
    """Up to `limit` published proposals of the consultation whose titles resemble `title`.

    Each result has a `similarity` attribute (0..1); best first, then most supported.
    """
    title = fold((title or "")[:150]).strip()
    if len(title) < MIN_LENGTH:
        return []
    consultation = getattr(consultation, "canonical", None) or consultation
    base = Proposal.objects.filter(consultation_id=consultation.pk, state=ModerationState.PUBLISHED)
    if exclude_id is not None:
        base = base.exclude(pk=exclude_id)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        # `%` uses pg_trgm.similarity_threshold (default 0.3 = THRESHOLD) and the GIN index.
        return list(
            base.filter(search_title__trigram_similar=title)
            .annotate(similarity=TrigramSimilarity("search_title", title))
            .filter(similarity__gte=THRESHOLD)
            .order_by("-similarity", "-support_count", "-id")[:limit]
        )
    query = trigrams(title)
    if not query:
        return []
    scored = []
    for pk, candidate in base.order_by("-published_at", "-id").values_list("pk", "search_title")[
        :CANDIDATES
    ]:
        grams = trigrams(candidate)
        shared = len(query & grams)
        if not shared:
            continue
        score = shared / (len(query) + len(grams) - shared)
        if score >= THRESHOLD:
            scored.append((score, pk))
    scored.sort(reverse=True)
    best = {pk: score for score, pk in scored[: limit * 3]}
    found = {p.pk: p for p in Proposal.objects.filter(pk__in=best)}
    ranked = sorted(found.values(), key=lambda p: (-best[p.pk], -p.support_count, -p.pk))
    for proposal in ranked:
        proposal.similarity = best[proposal.pk]
    return ranked[:limit]
