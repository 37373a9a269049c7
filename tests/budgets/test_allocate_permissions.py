"""The permission matrix for "allocate" (DESIGN.md §4 grown by §9): counting a budget on
demand ("Count now" in the Wagtail admin) is for the consultation's officials and
administrators, and only once balloting has closed. Every other role, staff of another
consultation included, is refused and nothing is stored.

role x phase x channel: "service" calls `count_consultation`; "http" posts the admin form
(GET only shows the confirmation), with and without its CSRF token.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from budgets.models import Allocation
from budgets.results.services import count_consultation
from consultations.site_structure import EDITORS_GROUP
from proposals.exceptions import JourneyError
from tests.factories import UserFactory, cast_ballots, make_counted_budget, make_counted_project
from tests.proposals.staff import (  # noqa: F401
    approver,
    english,
    moderator_of,
    official_of,
    staff_admin_backend,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "staff_admin_backend")]

ROLES = [
    "visitor",
    "citizen",
    "author",
    "moderator",
    "official",
    "other_official",
    "approver",
    "editor",
    "administrator",
]
PHASES = {"balloting": "voting", "counting": "deliberating"}


def expected(role: str, phase: str) -> bool:
    return phase == "counting" and role in {"official", "administrator"}


def person(role: str, budget, proposal):
    if role == "visitor":
        return None
    if role == "citizen":
        return UserFactory()
    if role == "author":
        return proposal.author
    if role == "moderator":
        return moderator_of(budget)
    if role == "official":
        return official_of(budget)
    if role == "other_official":
        return official_of(make_counted_budget(title="Another budget"))
    if role == "approver":
        return approver()
    if role == "editor":
        user = UserFactory(is_staff=True)
        user.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
        return user
    if role == "administrator":
        return UserFactory(is_superuser=True, is_staff=True)
    raise AssertionError(role)


@pytest.fixture(params=list(PHASES))
def world(request):
    budget = make_counted_budget(phase=PHASES[request.param])
    heading = budget.budget_headings.get()
    project = make_counted_project(heading, cost=10_000)
    cast_ballots(heading, [[project]] * 2)
    return request.param, budget, project.proposal


def counted(budget) -> int:
    return Allocation.objects.filter(heading__consultation=budget).count()


@pytest.mark.parametrize("role", ROLES)
def test_allocate_by_service(role, world):
    phase, budget, proposal = world
    user = person(role, budget, proposal)
    if expected(role, phase):
        count_consultation(budget, requested_by=user)
        assert counted(budget) == 1
    else:
        with pytest.raises(JourneyError):
            count_consultation(budget, requested_by=user)
        assert counted(budget) == 0


@pytest.mark.parametrize("role", ROLES)
def test_allocate_by_http(role, world):
    phase, budget, proposal = world
    user = person(role, budget, proposal)
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    url = reverse("budgets_count", args=[budget.pk])
    shown = client.get(url)
    assert counted(budget) == 0  # GET only asks for confirmation
    if role in {"official", "administrator"}:
        assert shown.status_code == 200
        token = shown.cookies["csrftoken"].value if "csrftoken" in shown.cookies else None
        assert client.post(url).status_code == 403  # no CSRF token: refused
        assert counted(budget) == 0
        client.post(url, {"csrfmiddlewaretoken": token or client.cookies["csrftoken"].value})
    else:
        assert shown.status_code in {302, 403}
        client.post(url)
    assert counted(budget) == (1 if expected(role, phase) else 0)


def test_a_staff_count_redirects_to_the_results_page():
    budget = make_counted_budget(phase="deliberating")
    client = Client()
    client.force_login(official_of(budget))
    response = client.post(reverse("budgets_count", args=[budget.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/en/consultations/{budget.slug}/budget/results/"


def test_a_staff_count_during_balloting_says_why():
    budget = make_counted_budget(phase="voting")
    client = Client()
    client.force_login(official_of(budget))
    response = client.get(reverse("budgets_count", args=[budget.pk]))
    assert "Balloting is still open" in response.content.decode()
    response = client.post(reverse("budgets_count", args=[budget.pk]), follow=True)
    assert "Balloting is still open" in response.content.decode()
    assert counted(budget) == 0


def test_the_budgets_admin_page_offers_count_the_ballots():
    budget = make_counted_budget(phase="deliberating")
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[budget.pk])).content.decode()
    assert reverse("budgets_count", args=[budget.pk]) in html


def test_an_ideas_consultations_admin_page_has_no_count_button():
    from tests.factories import make_consultation

    ideas = make_consultation(title="Ideas")
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[ideas.pk])).content.decode()
    assert "/count/" not in html
