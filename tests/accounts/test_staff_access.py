"""Whether an account may enter the admin is remembered in the cache (accounts/staff_access.py):
a citizen without a role costs no permission query, and every change of roles, groups or
permissions counts from the very next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from accounts import staff_access
from accounts.door import has_staff_role
from consultations import roles
from consultations.site_structure import EDITORS_GROUP
from tests.factories import UserFactory, make_consultation

pytestmark = pytest.mark.django_db

ACTIVATE_URL = "/en/accounts/2fa/totp/activate/"
PERMISSION_TABLES = ("auth_permission", "guardian_")


@pytest.fixture
def required(settings):
    settings.CIVIC_STAFF_MFA_REQUIRED = True


def treated_as_staff(client) -> bool:
    """Staff without two-factor are sent to set it up before their profile page."""
    response = client.get("/en/profile/")
    if response.status_code == 302:
        assert response["Location"] == ACTIVATE_URL
        return True
    assert response.status_code == 200
    return False


def signed_in_citizen(client):
    citizen = UserFactory()
    client.force_login(citizen)
    assert not treated_as_staff(client)  # and remembered as such
    return citizen


def test_a_citizen_granted_moderator_is_staff_on_the_very_next_request(client, required):
    citizen = signed_in_citizen(client)
    roles.grant_role(consultation=make_consultation(), user=citizen, role="moderator")
    assert treated_as_staff(client)


def test_a_revoked_official_is_a_citizen_again_on_the_very_next_request(client, required):
    consultation = make_consultation()
    official = UserFactory()
    roles.grant_role(consultation=consultation, user=official, role="official")
    client.force_login(official)
    assert treated_as_staff(client)
    roles.revoke_role(consultation=consultation, user=official, role="official")
    assert not treated_as_staff(client)


def test_joining_and_leaving_the_editors_group_counts_at_once(client, required):
    citizen = signed_in_citizen(client)
    editors = Group.objects.get(name=EDITORS_GROUP)
    citizen.groups.add(editors)
    assert treated_as_staff(client)
    editors.user_set.remove(citizen)
    assert not treated_as_staff(client)


def test_a_group_given_admin_access_makes_its_members_staff(client, required):
    citizen = signed_in_citizen(client)
    volunteers = Group.objects.create(name="Volunteers")
    citizen.groups.add(volunteers)
    assert not treated_as_staff(client)
    volunteers.permissions.add(Permission.objects.get(codename="access_admin"))
    assert treated_as_staff(client)


def test_a_role_held_through_a_group_counts_and_ends_with_the_group(client, required):
    citizen = signed_in_citizen(client)
    desk = Group.objects.create(name="Moderation desk")
    citizen.groups.add(desk)
    assert not treated_as_staff(client)
    assign_perm(roles.MODERATE, desk, make_consultation())
    assert treated_as_staff(client)
    desk.delete()
    assert not treated_as_staff(client)


def test_admin_access_given_to_the_account_itself_counts(client, required):
    citizen = signed_in_citizen(client)
    citizen.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert treated_as_staff(client)


def test_the_flags_on_the_account_count_without_waiting(client, required):
    citizen = signed_in_citizen(client)
    citizen.is_staff = True
    citizen.save(update_fields=["is_staff"])
    assert treated_as_staff(client)


def test_a_reading_made_before_the_grant_committed_is_not_kept(
    django_capture_on_commit_callbacks,
):
    citizen = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        roles.grant_role(consultation=make_consultation(), user=citizen, role="moderator")
        # Another request, which cannot see the grant before the commit, reads "no role"
        # under the generation of the moment.
        generation = cache.get(staff_access.GENERATION_KEY)
        cache.set(f"{staff_access.KEY_PREFIX}:{citizen.pk}", (generation, False))
    fresh = type(citizen).objects.get(pk=citizen.pk)
    assert has_staff_role(fresh)


def test_a_signed_in_citizen_asks_nothing_about_permissions_once_known(client):
    signed_in_citizen(client)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/en/profile/").status_code == 200
    asked = [q["sql"] for q in captured if any(t in q["sql"] for t in PERMISSION_TABLES)]
    assert asked == []
