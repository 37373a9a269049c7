"""/p/<id>/: the stable address of a proposal, redirecting into the reader's language."""

import pytest

from tests.factories import make_consultation, make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation():
    return make_consultation()


def test_redirects_to_the_proposal_page_in_english(client, consultation):
    proposal = make_proposal(consultation)
    response = client.get(f"/p/{proposal.pk}/", headers={"Accept-Language": "en"})
    assert response.status_code == 302
    assert response["Location"] == f"/en/proposals/{proposal.pk}/"


def test_redirects_in_the_readers_language(client, consultation):
    proposal = make_proposal(consultation)
    response = client.get(f"/p/{proposal.pk}/", headers={"Accept-Language": "fa"})
    assert response["Location"] == f"/fa/proposals/{proposal.pk}/"


def test_the_language_cookie_chooses(client, consultation):
    proposal = make_proposal(consultation)
    client.cookies["civic_language"] = "fa"
    assert client.get(f"/p/{proposal.pk}/")["Location"] == f"/fa/proposals/{proposal.pk}/"


def test_hidden_proposals_keep_their_permalink(client, consultation):
    proposal = make_proposal(consultation, state="hidden")
    assert client.get(f"/p/{proposal.pk}/").status_code == 302


def not_found(client, address: str) -> bool:
    """A 404 at once: no redirect, not even to the same address under /en/."""
    return client.get(address).status_code == 404


def test_pending_proposals_are_not_found(client, consultation):
    proposal = make_proposal(consultation, state="pending")
    assert not_found(client, f"/p/{proposal.pk}/")


def test_proposals_of_an_unpublished_consultation_are_not_found(client):
    proposal = make_proposal(make_consultation(live=False))
    assert not_found(client, f"/p/{proposal.pk}/")


def test_unknown_ids_are_not_found(client, db):
    assert not_found(client, "/p/424242/")
