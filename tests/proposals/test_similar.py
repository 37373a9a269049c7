"""Similar proposals while typing a title, in English and Persian, on both databases."""

import pytest

from proposals.similarity import similar_proposals, similarity
from tests.factories import make_consultation, make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation():
    consultation = make_consultation()
    for title in [
        "More bike lanes on Main Street",
        "Fix potholes on Main Street",
        "More trees in the park",
        "پارک جدید برای محله",
        "مسیر دوچرخه در خیابان اصلی",
    ]:
        make_proposal(consultation, title=title)
    return consultation


def titles(results):
    return [p.title for p in results]


def test_english_near_match(consultation):
    found = titles(similar_proposals(consultation=consultation, title="Bike lane for Main St"))
    assert found[0] == "More bike lanes on Main Street"
    assert "Fix potholes on Main Street" not in found


def test_the_same_idea_in_the_other_language(consultation):
    found = titles(similar_proposals(consultation=consultation, title="Bike lane for Main St"))
    assert "مسیر دوچرخه در خیابان اصلی" in found


def test_persian_near_match(consultation):
    found = titles(similar_proposals(consultation=consultation, title="پارک محله"))
    assert found[0] == "پارک جدید برای محله"


def test_unrelated_title_finds_nothing(consultation):
    assert similar_proposals(consultation=consultation, title="Night buses to the centre") == []


def test_only_published_of_the_same_consultation(consultation):
    hidden = make_proposal(consultation, title="Bike lanes on Main Street", state="hidden")
    other = make_consultation(title="Other")
    elsewhere = make_proposal(other, title="Bike lanes on Main Street")
    found = similar_proposals(consultation=consultation, title="Bike lane for Main St")
    assert found
    assert {hidden.pk, elsewhere.pk}.isdisjoint(p.pk for p in found)


def test_at_most_five(consultation):
    for n in range(8):
        make_proposal(consultation, title=f"Bike lanes on Main Street {n}")
    assert len(similar_proposals(consultation=consultation, title="Bike lanes Main Street")) == 5


def test_too_short_query_finds_nothing(consultation):
    assert similar_proposals(consultation=consultation, title="Bi") == []


def test_python_measure_matches_pg_trgm_figures():
    # Figures printed by PostgreSQL's similarity() for the same pairs.
    assert round(similarity("More bike lanes on Main Street", "Bike lane for Main St"), 2) == 0.44
    assert round(similarity("پارک محله", "پارک جدید برای محله"), 2) == 0.5
    assert round(similarity("Bike lane for Main St", "Fix potholes on Main Street"), 2) == 0.19


def test_best_match_first(consultation):
    make_proposal(consultation, title="Bike lanes on Main Street")
    found = titles(similar_proposals(consultation=consultation, title="Bike lanes on Main Street"))
    assert found[0] == "Bike lanes on Main Street"
