import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_user_list_lists_accounts_by_email(admin_client):
    UserFactory(email="listed@example.org", display_name="Listed Person")
    response = admin_client.get(reverse("wagtailusers_users:index"))
    assert response.status_code == 200
    assert "listed@example.org" in response.content.decode()


def test_admin_user_search_finds_display_names(admin_client):
    UserFactory(email="hidden-name@example.org", display_name="Findable Name")
    response = admin_client.get(reverse("wagtailusers_users:index"), {"q": "Findable"})
    assert "hidden-name@example.org" in response.content.decode()


def test_admin_create_form_asks_for_display_name_not_real_names(admin_client):
    html = admin_client.get(reverse("wagtailusers_users:add")).content.decode()
    assert 'name="display_name"' in html
    assert 'name="first_name"' not in html


def test_admin_can_create_an_account(admin_client):
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "Created@Example.org",
            "display_name": "Created by staff",
            "language": "fa",
            "email_notifications": "daily",
            "password1": "a long and unusual passphrase 42",
            "password2": "a long and unusual passphrase 42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="created@example.org")
    assert user.display_name == "Created by staff"
    assert user.language == "fa"
    assert user.check_password("a long and unusual passphrase 42")


def test_admin_create_refuses_a_duplicate_address(admin_client):
    UserFactory(email="dup@example.org")
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "dup@example.org",
            "display_name": "Second",
            "language": "en",
            "email_notifications": "daily",
            "password1": "a long and unusual passphrase 42",
            "password2": "a long and unusual passphrase 42",
        },
    )
    assert response.status_code == 200
    assert User.objects.filter(email="dup@example.org").count() == 1


def test_admin_can_edit_an_account(admin_client):
    user = UserFactory(display_name="Old name")
    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]),
        {
            "email": user.email,
            "display_name": "New name",
            "language": "en",
            "email_notifications": "never",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.email_notifications) == ("New name", "never")
