"""Census staff record where a verified resident lives, so a heading limited to an area
admits them; and a suspended account cannot cast a ballot."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from budgets.ballots import rules
from budgets.ballots.services import LOG_RESIDENT_AREA
from budgets.models import ResidentArea
from proposals.exceptions import Suspended
from tests.factories import AreaFactory, UserFactory, make_budget, make_resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def census_staff():
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["upload_census", "access_admin"])
    )
    return staff


def test_census_staff_record_a_residents_area_and_it_is_logged(client, census_staff):
    north = AreaFactory(name="North")
    resident = make_resident()
    client.force_login(census_staff)
    url = reverse("budget_resident_areas")
    assert client.get(url).status_code == 200
    response = client.post(url, {"email": resident.email.upper(), "area": north.pk})
    assert response.status_code == 302
    assert ResidentArea.objects.get(user=resident).area == north
    assert ModelLogEntry.objects.filter(action=LOG_RESIDENT_AREA, user=census_staff).exists()
    assert resident.display_name in client.get(url).content.decode()


def test_only_verified_residents_get_an_area(client, census_staff):
    north = AreaFactory(name="North")
    citizen = UserFactory()
    client.force_login(census_staff)
    response = client.post(
        reverse("budget_resident_areas"), {"email": citizen.email, "area": north.pk}
    )
    assert response.status_code == 400
    assert "Only a verified resident can have an area of residence." in response.content.decode()
    assert not ResidentArea.objects.exists()


def test_an_unknown_address_is_refused(client, census_staff):
    client.force_login(census_staff)
    response = client.post(
        reverse("budget_resident_areas"),
        {"email": "nobody@example.org", "area": AreaFactory().pk},
    )
    assert "No account has this e-mail address." in response.content.decode()


def test_citizens_cannot_open_it(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("budget_resident_areas")).status_code in (302, 403)


def test_a_suspended_account_cannot_cast_a_ballot():
    from accounts.services import suspend_account

    budget = make_budget(phase="balloting")
    heading = budget.budget_headings.get()
    citizen = UserFactory()
    rules.check_can_ballot(citizen, heading)
    suspend_account(user=citizen, by=UserFactory(), reason="Insults.")
    with pytest.raises(Suspended):
        rules.check_can_ballot(citizen, heading)
