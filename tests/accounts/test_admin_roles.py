"""An administrator grants and takes away consultation roles from the person's own account
screen in the Wagtail admin, as from the consultation's "Staff roles" screen."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from consultations import roles
from tests.factories import UserFactory, grant_role, make_consultation, translate_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    return UserFactory(is_staff=True, is_superuser=True)


def edit(client, user, **extra):
    data = {
        "email": user.email,
        "display_name": user.display_name,
        "language": "en",
        "email_notifications": "never",
        "is_active": "on",
        **extra,
    }
    return client.post(reverse("wagtailusers_users:edit", args=[user.pk]), data)


def test_the_account_screen_offers_the_consultations_in_the_default_language(client, administrator):
    park = make_consultation(title="Park renewal")
    translate_consultation(park, "fa", title="نوسازی پارک")
    client.force_login(administrator)
    response = client.get(reverse("wagtailusers_users:edit", args=[UserFactory().pk]))
    form = response.context["form"]
    assert list(form.fields["moderator_of"].queryset) == [park]
    assert "Moderator of" in response.content.decode()


def test_granting_and_revoking_from_the_account_screen(client, administrator):
    park, bikes = make_consultation(title="Park renewal"), make_consultation(title="Bike lanes")
    person = UserFactory()
    grant_role(person, "official", bikes)
    client.force_login(administrator)
    response = edit(client, person, moderator_of=[park.pk], official_of=[])
    assert response.status_code == 302
    assert roles.is_moderator(UserFactory._meta.model.objects.get(pk=person.pk), park)
    assert roles.consultation_ids_of(person, "official") == set()
    logged = PageLogEntry.objects.filter(action__in=[roles.LOG_GRANT, roles.LOG_REVOKE])
    assert sorted(logged.values_list("action", "user_id")) == [
        (roles.LOG_GRANT, administrator.pk),
        (roles.LOG_REVOKE, administrator.pk),
    ]


def test_saving_without_changes_logs_nothing(client, administrator):
    park = make_consultation(title="Park renewal")
    person = UserFactory()
    grant_role(person, "moderator", park)
    role_logs = PageLogEntry.objects.filter(action__in=[roles.LOG_GRANT, roles.LOG_REVOKE])
    before = role_logs.count()
    client.force_login(administrator)
    assert edit(client, person, moderator_of=[park.pk]).status_code == 302
    assert role_logs.count() == before
    assert roles.consultation_ids_of(person, "moderator") == {park.pk}


def test_an_inactive_account_cannot_be_given_a_role(client, administrator):
    park = make_consultation(title="Park renewal")
    person = UserFactory()
    client.force_login(administrator)
    data = {
        "email": person.email,
        "display_name": person.display_name,
        "language": "en",
        "email_notifications": "never",
        "moderator_of": [park.pk],
    }
    response = client.post(reverse("wagtailusers_users:edit", args=[person.pk]), data)
    assert response.status_code == 200
    assert "An inactive account cannot hold staff roles." in response.content.decode()
    assert roles.consultation_ids_of(person, "moderator") == set()


def test_staff_who_are_not_administrators_do_not_see_role_fields(client):
    from django.contrib.auth.models import Permission

    manager = UserFactory(is_staff=True)
    manager.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_user", "access_admin"])
    )
    client.force_login(manager)
    response = client.get(reverse("wagtailusers_users:edit", args=[UserFactory().pk]))
    assert response.status_code == 200
    assert "moderator_of" not in response.context["form"].fields
