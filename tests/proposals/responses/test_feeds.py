"""Atom feeds of new official responses: site-wide and per consultation."""

from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import translation

from proposals.responses import services as responses
from tests.factories import make_consultation, make_proposal
from tests.proposals.staff import approver, official_of

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def publish(proposal, text="We will plant the trees."):
    official = official_of(proposal.consultation)
    response = responses.response_draft(
        proposal=proposal, official=official, outcome="accepted", text=text
    )
    responses.response_submit(response=response, official=official)
    responses.response_approve(response=response, approver=approver())
    return response


@pytest.fixture
def answered():
    parks = make_consultation(title="Park renewal", phase="deliberating")
    bikes = make_consultation(title="Bike lanes", phase="deliberating")
    trees = make_proposal(parks, title="More trees")
    lanes = make_proposal(bikes, title="Protected lanes")
    publish(trees)
    publish(lanes, text="Lanes next year.")
    make_proposal(parks, title="Not answered")
    return parks, trees, lanes


def entries(client, address: str) -> list[str]:
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    return [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]


def test_site_feed_lists_every_new_response(client, answered):
    with translation.override("en"):
        titles = entries(client, reverse("response:feed"))
    assert titles == ["Accepted: Protected lanes", "Accepted: More trees"]


def test_consultation_feed_lists_only_its_responses(client, answered):
    parks, _trees, _lanes = answered
    with translation.override("en"):
        address = reverse("response:consultation_feed", kwargs={"slug": parks.slug})
    assert entries(client, address) == ["Accepted: More trees"]


def test_feed_links_to_the_response_on_the_proposal_page(client, answered):
    _parks, trees, _lanes = answered
    with translation.override("en"):
        content = client.get(reverse("response:feed")).content.decode()
    assert f"/en/proposals/{trees.pk}/#official-response" in content


def test_persian_feed_is_in_persian(client, answered):
    with translation.override("fa"):
        address = reverse("response:feed")
    assert address.startswith("/fa/")
    assert "پاسخ" in client.get(address).content.decode()


def test_unknown_consultation_feed_is_not_found(client, db):
    with translation.override("en"):
        address = reverse("response:consultation_feed", kwargs={"slug": "nowhere"})
    assert client.get(address).status_code == 404


def test_feed_queries_do_not_grow(client, answered, django_assert_max_num_queries):
    with translation.override("en"):
        address = reverse("response:feed")
    with django_assert_max_num_queries(8) as few:
        client.get(address)
    for n in range(4):
        publish(make_proposal(answered[0], title=f"Idea {n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(address)


def test_the_proposal_list_links_the_consultations_response_feed(client, answered):
    parks, _trees, _lanes = answered
    with translation.override("en"):
        listing = reverse("proposals:list", kwargs={"slug": parks.slug})
        feed = reverse("response:consultation_feed", kwargs={"slug": parks.slug})
    html = client.get(listing).content.decode()
    assert (
        f'type="application/atom+xml" title="New official responses: Park renewal" href="{feed}"'
        in html
    )
