"""Downloading everything held about oneself (DESIGN.md §7)."""

import json

import pytest

from tests.accounts.privacy_data import EMAIL, NAME, SECOND_EMAIL, build_world
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EXPORT_URL = "/en/profile/data/"


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def export(client, world):
    client.force_login(world.person)
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_the_download_is_a_json_attachment(export):
    response, _data = export
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_it_holds_the_account_addresses_name_and_profile(export):
    _response, data = export
    assert data["account"]["email"] == EMAIL
    assert {a["email"] for a in data["email_addresses"]} == {EMAIL, SECOND_EMAIL}
    assert data["display_name"] == NAME
    assert data["profile"]["language"] == "en"
    assert "accepted_at" in next(iter(data["consents"]))


def test_it_holds_proposals_with_their_versions(export, world):
    _response, data = export
    [proposal] = data["proposals"]
    assert proposal["title"] == "A fountain for the square"
    assert proposal["state"] == "hidden"
    assert [v["number"] for v in proposal["versions"]] == [1]


def test_it_holds_comments_supports_reports_follows_notifications(export, world):
    _response, data = export
    assert [c["body"] for c in data["comments"]] == ["Yes, more benches."]
    [support] = data["supports"]
    assert support["consultation"]["title"] == "Bike lanes"
    assert support["cast_at"]
    assert [r["reason"] for r in data["reports"]] == ["spam"]
    assert [f["consultation"]["title"] for f in data["follows"]] == ["Park renewal"]
    assert data["notifications"]
    assert all(n["message"] for n in data["notifications"])
    assert data["resident_verification"]["method"] == "staff"
    assert data["appeals"] == []


def test_it_holds_nothing_of_anyone_else(client, world):
    other = UserFactory(display_name="Someone Else")
    client.force_login(other)
    data = json.loads(client.get(EXPORT_URL).content)
    assert data["proposals"] == data["comments"] == data["supports"] == []
    assert NAME not in json.dumps(data)
    assert EMAIL not in json.dumps(data)


def test_the_download_needs_a_login(client):
    response = client.get(EXPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_the_query_count_does_not_grow_with_the_data(client, world, django_assert_max_num_queries):
    from proposals import services
    from proposals.models import Proposal
    from tests.factories import make_proposal

    client.force_login(world.person)
    client.get(EXPORT_URL)
    for n in range(5):
        other = make_proposal(world.proposal.consultation, title=f"Another idea {n}")
        services.comment_post(author=world.person, proposal=other, body=f"Comment {n}")
        make_proposal(world.proposal.consultation, author=world.person, title=f"Mine {n}")
    assert Proposal.objects.filter(author=world.person).count() == 6
    with django_assert_max_num_queries(20):
        assert client.get(EXPORT_URL).status_code == 200
