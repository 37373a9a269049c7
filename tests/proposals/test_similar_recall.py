"""Similar-proposal hints find paraphrases (synonyms, rewordings, other word forms) and stay
silent for unrelated titles, in English and Persian, on SQLite and PostgreSQL alike."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals.similarity import similar_proposals
from tests.factories import make_consultation, make_proposal
from tests.proposals.similarity_cases import LANGUAGES, evaluate, load_cases

pytestmark = pytest.mark.django_db

RECALL_FLOOR = 0.95
# The similar fragment: finding the consultation page and its canonical page, then two
# queries for the hints (candidates, then the proposals shown), whatever the number of rows.
FRAGMENT_QUERIES = 5


@pytest.fixture
def cases():
    consultation = make_consultation(title="Everyday city")
    return consultation, load_cases(consultation)


@pytest.fixture
def figures(cases):
    return evaluate(*cases)


def test_the_set_is_large_enough():
    for proposals, queries, unrelated in LANGUAGES.values():
        assert len(queries) >= 40
        assert len(unrelated) >= 20
        assert {key for _query, key in queries} <= {key for key, _title, _body in proposals}


def test_english_recall_at_five(figures):
    assert figures["en"]["recall"] >= RECALL_FLOOR, figures["en"]["missed"]


def test_persian_recall_at_five(figures):
    assert figures["fa"]["recall"] >= RECALL_FLOOR, figures["fa"]["missed"]


def test_no_hint_for_unrelated_english_titles(figures):
    assert figures["en"]["false_positives"] == []


def test_no_hint_for_unrelated_persian_titles(figures):
    assert figures["fa"]["false_positives"] == []


def test_a_synonym_in_the_body_is_enough(cases):
    consultation, ids = cases
    found = similar_proposals(consultation=consultation, title="Sofas dumped in the street")
    assert ids["en", "bulky-waste"] in [p.pk for p in found]


def test_arabic_letters_find_the_persian_title(cases):
    consultation, ids = cases
    found = similar_proposals(consultation=consultation, title="سطل بازيافت براي شيشه")
    assert found[0].pk == ids["fa", "recycling"]


def test_two_queries_whatever_the_number_of_candidates(cases, django_assert_max_num_queries):
    consultation, _ids = cases
    consultation = consultation.canonical  # as proposals.queries.similar passes it
    with django_assert_max_num_queries(2):
        assert similar_proposals(consultation=consultation, title="Bike parking at the station")


def fragment_queries(client, consultation) -> int:
    url = reverse("proposals:similar", kwargs={"slug": consultation.slug})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"title": "Bike parking at the station"})
    assert response.status_code == 200
    assert "Bike racks at the train station" in response.content.decode()
    return len(queries)


def test_the_similar_fragment_queries_do_not_grow_with_proposals(
    client, cases, django_assert_max_num_queries
):
    consultation, _ids = cases
    fragment_queries(client, consultation)  # process-wide caches (the default locale) filled
    before = fragment_queries(client, consultation)
    for n in range(30):
        make_proposal(consultation, title=f"Bicycle stands by the station, entrance {n}")
    with django_assert_max_num_queries(FRAGMENT_QUERIES):
        assert fragment_queries(client, consultation) == before
