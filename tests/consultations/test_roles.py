"""Per-consultation staff (guardian object permissions): a role on consultation A gives nothing
on consultation B, whether granted in the admin or from the shell."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry

from consultations.roles import (
    LOG_GRANT,
    LOG_REVOKE,
    consultations_moderated_by,
    grant_role,
    has_role,
    moderators_of,
    staff_roles,
)
from consultations.site_structure import EDITORS_GROUP
from tests.factories import UserFactory, make_consultation, translate_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def park():
    return make_consultation(title="Park renewal")


@pytest.fixture
def bikes():
    return make_consultation(title="Bike lanes")


@pytest.fixture
def staff():
    """A staff member who can open the Wagtail admin but holds no page permissions."""
    user = UserFactory(email="moe@example.org", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def editor():
    user = UserFactory(email="elena@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


def command(name: str, *args) -> str:
    out = io.StringIO()
    call_command(name, *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


# Management commands ----------------------------------------------------------------------


def test_grant_role_command_makes_a_moderator_of_one_consultation_only(park, bikes, staff):
    output = command("grant_role", "moderator", park.pk, "moe@example.org")
    assert "is now moderator" in output
    assert has_role(staff, park, "moderator")
    assert not has_role(staff, bikes, "moderator")
    assert not staff.has_perm("consultations.moderate_consultation", bikes)
    assert not has_role(staff, park, "official")


def test_grant_role_command_twice_changes_nothing(park, staff):
    command("grant_role", "official", park.pk, "moe@example.org")
    output = command("grant_role", "official", park.pk, "MOE@example.org")
    assert "nothing changed" in output
    assert PageLogEntry.objects.filter(page=park, action=LOG_GRANT).count() == 1


def test_grant_role_command_is_logged_in_the_audit_trail(park, staff):
    command("grant_role", "moderator", park.pk, "moe@example.org")
    entry = PageLogEntry.objects.get(page=park, action=LOG_GRANT)
    assert entry.data["role"] == "moderator"
    assert entry.data["user"] == "moe@example.org"


def test_grant_role_command_on_a_persian_page_grants_on_the_consultation(park, staff):
    persian = translate_consultation(park, title="نوسازی پارک")
    command("grant_role", "moderator", persian.pk, "moe@example.org")
    assert has_role(staff, park, "moderator")
    assert has_role(staff, persian, "moderator")


def test_grant_role_command_refuses_an_unknown_consultation(staff):
    with pytest.raises(CommandError, match="No consultation has the id 999999"):
        command("grant_role", "moderator", 999999, "moe@example.org")


def test_grant_role_command_refuses_an_unknown_account(park):
    with pytest.raises(CommandError, match="No account has the e-mail address"):
        command("grant_role", "moderator", park.pk, "nobody@example.org")


def test_grant_role_command_refuses_an_unknown_role(park, staff):
    with pytest.raises(CommandError):
        command("grant_role", "mayor", park.pk, "moe@example.org")
    assert staff_roles(park) == []


def test_grant_role_command_refuses_an_inactive_account(park):
    UserFactory(email="gone@example.org", is_active=False)
    with pytest.raises(CommandError, match="not active"):
        command("grant_role", "moderator", park.pk, "gone@example.org")
    assert staff_roles(park) == []


def test_revoke_role_command_takes_the_role_away_on_that_consultation_only(park, bikes, staff):
    command("grant_role", "moderator", park.pk, "moe@example.org")
    command("grant_role", "moderator", bikes.pk, "moe@example.org")
    output = command("revoke_role", "moderator", park.pk, "moe@example.org")
    assert "no longer moderator" in output
    assert not has_role(staff, park, "moderator")
    assert has_role(staff, bikes, "moderator")
    assert PageLogEntry.objects.filter(page=park, action=LOG_REVOKE).count() == 1


def test_revoke_role_command_on_another_consultation_leaves_the_role(park, bikes, staff):
    command("grant_role", "moderator", park.pk, "moe@example.org")
    with pytest.raises(CommandError, match="is not moderator"):
        command("revoke_role", "moderator", bikes.pk, "moe@example.org")
    assert has_role(staff, park, "moderator")


# Selectors ----------------------------------------------------------------------------------


def test_a_moderator_sees_only_the_consultations_they_moderate(park, bikes, staff):
    grant_role(consultation=park, user=staff, role="moderator")
    assert list(consultations_moderated_by(staff)) == [park]
    assert list(moderators_of(bikes)) == []


# Admin: the roles screen --------------------------------------------------------------------


def roles_url(page) -> str:
    return f"/admin/consultations/{page.pk}/roles/"


def refused(response) -> bool:
    """Wagtail's admin turns a refusal into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def test_a_moderator_of_one_consultation_cannot_open_the_roles_screen_of_another(
    client, park, bikes, staff
):
    grant_role(consultation=park, user=staff, role="moderator")
    client.force_login(staff)
    assert refused(client.get(roles_url(bikes)))


def test_a_moderator_cannot_grant_themselves_a_role_on_another_consultation(
    client, park, bikes, staff
):
    grant_role(consultation=park, user=staff, role="moderator")
    client.force_login(staff)
    response = client.post(roles_url(bikes), {"role": "moderator", "email": "moe@example.org"})
    assert refused(response)
    assert not has_role(staff, bikes, "moderator")


def test_a_moderator_cannot_revoke_the_moderators_of_another_consultation(
    client, park, bikes, staff
):
    other = UserFactory(email="other@example.org", is_staff=True)
    grant_role(consultation=park, user=staff, role="moderator")
    grant_role(consultation=bikes, user=other, role="moderator")
    client.force_login(staff)
    response = client.post(
        roles_url(bikes), {"action": "revoke", "user": other.pk, "role": "moderator"}
    )
    assert refused(response)
    assert has_role(other, bikes, "moderator")


def test_a_moderator_cannot_edit_another_consultation_page_in_the_admin(client, park, bikes, staff):
    grant_role(consultation=park, user=staff, role="moderator")
    client.force_login(staff)
    assert refused(client.get(f"/admin/pages/{bikes.pk}/edit/"))
    response = client.post(f"/admin/pages/{bikes.pk}/edit/", {"title": "Car lanes"})
    assert refused(response)
    bikes.refresh_from_db()
    assert bikes.title == "Bike lanes"


def test_an_editor_grants_a_role_from_the_roles_screen_on_that_consultation_only(
    client, park, bikes, editor, staff
):
    client.force_login(editor)
    response = client.post(roles_url(park), {"role": "official", "email": "moe@example.org"})
    assert response.status_code == 302
    assert has_role(staff, park, "official")
    assert not has_role(staff, bikes, "official")
    entry = PageLogEntry.objects.get(page=park, action=LOG_GRANT)
    assert entry.user == editor


def test_the_roles_screen_lists_the_staff_of_that_consultation_only(
    client, park, bikes, editor, staff
):
    other = UserFactory(email="other@example.org", is_staff=True)
    grant_role(consultation=park, user=staff, role="moderator")
    grant_role(consultation=bikes, user=other, role="moderator")
    client.force_login(editor)
    content = client.get(roles_url(park)).content.decode()
    assert "moe@example.org" in content
    assert "other@example.org" not in content


def test_an_editor_revokes_a_role_from_the_roles_screen(client, park, editor, staff):
    grant_role(consultation=park, user=staff, role="moderator")
    client.force_login(editor)
    response = client.post(
        roles_url(park), {"action": "revoke", "user": staff.pk, "role": "moderator"}
    )
    assert response.status_code == 302
    assert not has_role(staff, park, "moderator")
    assert PageLogEntry.objects.get(page=park, action=LOG_REVOKE).user == editor


def test_the_roles_screen_says_when_no_account_has_the_address(client, park, editor):
    client.force_login(editor)
    response = client.post(roles_url(park), {"role": "moderator", "email": "nobody@example.org"})
    assert response.status_code == 200
    assert "No account has this e-mail address." in response.content.decode()
    assert staff_roles(park) == []


def test_the_roles_screen_is_linked_from_the_consultation_in_the_admin(client, park, editor):
    client.force_login(editor)
    content = client.get(f"/admin/pages/{park.pk}/edit/").content.decode()
    assert roles_url(park) in content
