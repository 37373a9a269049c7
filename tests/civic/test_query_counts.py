"""Every public page and API list makes a fixed number of SQL queries, whatever the data:
each is measured with 3 proposals and again with 40 (supports, comments, responses and a
second consultation grown with them), must not grow, and stays within its pinned bound of
at most 12 for an anonymous visitor.

A Wagtail page is routed from the cache (civic/routing.py: the site, the page an address
leads to, view restrictions, its translations and breadcrumb), so finding it costs one query;
the moderation record is read in two queries and the results figures in one each. A
signed-in reader's pages also read the user and what is the reader's own on the page
(whether they may enter the admin is remembered in the cache: accounts/staff_access.py);
they must not grow either (`SIGNED_IN`).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals import services
from tests.factories import (
    AreaFactory,
    UserFactory,
    make_consultation,
    make_proposal,
    make_response,
    translate_consultation,
)

pytestmark = pytest.mark.django_db

# Anonymous visitors, per page.
PINNED = {
    "home": 6,
    "home (Persian)": 6,
    "consultation list": 8,
    "consultation page": 10,
    "proposal list, most supported": 6,
    "proposal list, newest": 6,
    "proposal list, most commented": 6,
    "proposal list, random": 6,
    "proposal list, deep page": 6,
    "proposal page": 8,
    "results page": 11,
    "site results": 12,
    "you said, we did": 8,
    "data page": 8,
    "api consultations": 5,
    "api proposals": 3,
    "api responses": 2,
    "api topics": 2,
    "api areas": 2,
}
# Signed-in readers (a citizen without staff roles), for the pages above 12 before.
SIGNED_IN = {
    "consultation list": 9,
    "consultation page": 14,
    "results page": 12,
    "site results": 13,
}
SIGNED_IN_PROPOSAL_PAGE = 14


def grow(consultation, other, area, size: int) -> list:
    made = list(consultation.proposals.order_by("pk"))
    for n in range(len(made), size):
        proposal = make_proposal(consultation, title=f"Idea {n}", area=area)
        proposal.topics.add("Parks")
        made.append(proposal)
        if n % 3 == 0:
            services.support_cast(citizen=UserFactory(), proposal=proposal)
            services.comment_post(author=UserFactory(), proposal=proposal, body=f"Yes {n}")
            make_response(proposal)
        make_proposal(other, title=f"Elsewhere {n}")
    return made


def urls(consultation, proposal) -> dict[str, str]:
    listed = reverse("proposals:list", kwargs={"slug": consultation.slug})
    return {
        "home": "/en/",
        "home (Persian)": "/fa/",
        "consultation list": "/en/consultations/",
        "consultation page": consultation.url,
        "proposal list, most supported": f"{listed}?sort=supports",
        "proposal list, newest": f"{listed}?sort=newest",
        "proposal list, most commented": f"{listed}?sort=comments",
        "proposal list, random": f"{listed}?sort=random",
        "proposal list, deep page": f"{listed}?sort=supports&page=3",
        "proposal page": reverse("proposals:detail", kwargs={"pk": proposal.pk}),
        "results page": reverse("results:consultation", kwargs={"slug": consultation.slug}),
        "site results": reverse("results:site"),
        "you said, we did": reverse("results:responses"),
        "data page": "/data/",
        "api consultations": "/api/v1/consultations/",
        "api proposals": "/api/v1/proposals/",
        "api responses": "/api/v1/responses/",
        "api topics": "/api/v1/topics/",
        "api areas": "/api/v1/areas/",
    }


def queries_of(client, path: str) -> int:
    client.get(path)  # per-process caches (site root paths, menus) as in production
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.fixture
def city():
    consultation = make_consultation(title="Bike lanes", phase="voting")
    translate_consultation(consultation, title="خطوط دوچرخه")
    other = make_consultation(title="Libraries", phase="voting")
    area = AreaFactory(slug="centre")
    consultation.areas.add(area)
    consultation.topics.add("Parks")
    consultation.save_revision().publish()
    return consultation, other, area


def test_public_pages_make_the_same_queries_with_3_and_40_proposals(client, city):
    consultation, other, area = city
    first = grow(consultation, other, area, 3)[0]
    pages = urls(consultation, first)
    few = {name: queries_of(client, path) for name, path in pages.items()}
    grow(consultation, other, area, 40)
    many = {name: queries_of(client, path) for name, path in pages.items()}
    assert many == few
    over = {name: (count, PINNED[name]) for name, count in many.items() if count > PINNED[name]}
    assert over == {}


def test_the_signed_in_proposal_page_makes_the_same_queries_with_3_and_40(client, city):
    consultation, other, area = city
    first = grow(consultation, other, area, 3)[0]
    citizen = UserFactory()
    services.support_cast(citizen=citizen, proposal=first)
    client.force_login(citizen)
    page = reverse("proposals:detail", kwargs={"pk": first.pk})
    few = queries_of(client, page)
    grow(consultation, other, area, 40)
    assert queries_of(client, page) == few <= SIGNED_IN_PROPOSAL_PAGE


def test_signed_in_pages_make_the_same_queries_with_3_and_40_proposals(client, city):
    consultation, other, area = city
    first = grow(consultation, other, area, 3)[0]
    pages = {name: path for name, path in urls(consultation, first).items() if name in SIGNED_IN}
    client.force_login(UserFactory())
    few = {name: queries_of(client, path) for name, path in pages.items()}
    grow(consultation, other, area, 40)
    many = {name: queries_of(client, path) for name, path in pages.items()}
    assert many == few
    over = {
        name: (count, SIGNED_IN[name]) for name, count in many.items() if count > SIGNED_IN[name]
    }
    assert over == {}


def test_a_proposal_awaiting_its_response_costs_no_more_queries_than_one_without(client, city):
    """The deadline shown (and whether it has passed) is read with the assignment itself."""
    from datetime import timedelta

    from django.utils import timezone

    from proposals.models import ResponseAssignment

    consultation, other, area = city
    _first, waiting, unassigned = grow(consultation, other, area, 3)
    now = timezone.now()
    ResponseAssignment.objects.create(
        proposal=waiting,
        consultation_id=consultation.pk,
        reason="picked",
        assigned_at=now - timedelta(days=40),
        due_at=now - timedelta(days=10),
    )
    page = reverse("proposals:detail", kwargs={"pk": waiting.pk})
    other_page = reverse("proposals:detail", kwargs={"pk": unassigned.pk})
    assert queries_of(client, page) == queries_of(client, other_page) <= PINNED["proposal page"]
