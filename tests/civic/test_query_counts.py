"""Every public page and API list makes a fixed number of SQL queries, whatever the data:
each is measured with 3 proposals and again with 40 (supports, comments, responses and a
second consultation grown with them), must not grow, and stays within its pinned bound.

Pinned above 12 still: the consultation list (15: filter choices, a page of rows with their
topics and areas), the consultation page (22) and the results pages (19 and 18), which show
the moderation record and "You said, we did" with a query per figure. A signed-in reader adds
the user and the staff door's admin-access check (4 queries) to every page.
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

# Anonymous visitors, per page (see the module docstring for those above 12).
PINNED = {
    "home": 11,
    "home (Persian)": 12,
    "consultation list": 15,
    "consultation page": 22,
    "proposal list, most supported": 11,
    "proposal list, newest": 11,
    "proposal list, most commented": 11,
    "proposal list, random": 11,
    "proposal list, deep page": 11,
    "proposal page": 12,
    "results page": 19,
    "site results": 18,
    "you said, we did": 10,
    "data page": 8,
    "api consultations": 5,
    "api proposals": 3,
    "api responses": 2,
    "api topics": 2,
    "api areas": 2,
}
SIGNED_IN_PROPOSAL_PAGE = 22


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
