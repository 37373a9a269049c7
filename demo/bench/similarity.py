"""Figures for similar-title lookup (proposals/similarity.py): pg_trgm against the Python
fallback, on the bench database that `python -m demo.bench` seeds.

    python -m demo.bench --only similarity            # seeds the default bench data set first
    python -m demo.bench --only similarity --reuse    # on an already seeded bench database

Prints latencies; never judges them.
"""

import random
import time
from contextlib import contextmanager
from types import SimpleNamespace


@contextmanager
def python_fallback():
    """Make `similar_proposals` take its Python path whatever the database is."""
    from proposals import similarity

    real = similarity.connection
    similarity.connection = SimpleNamespace(vendor="python")
    try:
        yield
    finally:
        similarity.connection = real


def typed_titles(consultation, *, count: int, seed: int = 1) -> list[str]:
    """What citizens type: the start of existing titles (English and Persian), and a few
    unrelated ones that should find nothing."""
    from proposals.models import Proposal

    rng = random.Random(seed)  # a sample, not a secret
    titles = list(
        Proposal.objects.filter(consultation=consultation, state="published")
        .order_by("-id")
        .values_list("title", flat=True)[:2000]
    )
    typed = []
    for _n in range(count):
        if not titles or rng.random() < 0.15:
            typed.append(rng.choice(["Zoning for a new cemetery", "مالیات بر خودروهای برقی"]))
            continue
        words = rng.choice(titles).split()
        typed.append(" ".join(words[: max(2, len(words) * 2 // 3)]))
    return typed


def similarity_figures(consultation, *, requests: int = 30) -> list[tuple[str, list[float], float]]:
    """(label, seconds per lookup, average results found) for each path this database has."""
    from django.db import connection

    from proposals.similarity import similar_proposals

    titles = typed_titles(consultation, count=requests)

    def measure() -> tuple[list[float], float]:
        similar_proposals(consultation=consultation, title=titles[0])  # warm up
        seconds, found = [], 0
        for title in titles:
            start = time.perf_counter()
            found += len(similar_proposals(consultation=consultation, title=title))
            seconds.append(time.perf_counter() - start)
        return seconds, found / len(titles)

    figures = []
    if connection.vendor == "postgresql":
        figures.append(("pg_trgm (GIN index)", *measure()))
    with python_fallback():
        figures.append(("Python trigrams (newest 2,000 titles)", *measure()))
    return figures


class _Rollback(Exception):
    pass


def recall_figures() -> list[tuple[str, str, dict]]:
    """(path, language, figures) on the evaluation set of tests/proposals/similarity_cases.py:
    recall@5 of paraphrases and the unrelated titles that got a hint, for each path this
    database has. The set is stored in a consultation of its own and rolled back."""
    from django.db import connection, transaction

    from tests.factories import make_consultation
    from tests.proposals.similarity_cases import evaluate, load_cases

    paths = [("Python trigrams + concepts", python_fallback)]
    if connection.vendor == "postgresql":
        paths.insert(0, ("pg_trgm candidates + concepts", None))
    results = []
    try:
        with transaction.atomic():
            consultation = make_consultation(title="Similar proposals evaluation")
            ids = load_cases(consultation)
            for label, context in paths:
                start = time.perf_counter()
                if context is None:
                    figures = evaluate(consultation, ids)
                else:
                    with context():
                        figures = evaluate(consultation, ids)
                lookups = sum(f["queries"] + f["unrelated"] for f in figures.values())
                seconds = (time.perf_counter() - start) / lookups
                for language, values in figures.items():
                    results.append((label, language, {**values, "seconds": seconds}))
            raise _Rollback
    except _Rollback:
        pass
    return results
