"""Every way in is the same door: the accounts pages, with their limits and confirmation."""

import pytest
from django.test import Client
from django.urls import reverse

from civic.settings import base
from proposals import rules
from proposals.exceptions import LoginRequired
from proposals.models import Follow
from tests.factories import DEFAULT_PASSWORD, UserFactory, make_consultation, make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def limited(settings):
    """The rate limits of a real site (the test settings switch them off)."""
    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS


def admin_door(client) -> str:
    """Where someone who opens the admin is sent to log in (following every redirect)."""
    response = client.get("/admin/", follow=True)
    return response.redirect_chain[-1][0]


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def reaches_admin(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_the_admin_sends_visitors_to_the_accounts_log_in_and_back(client):
    assert admin_door(client) == "/en/accounts/login/?next=/admin/"


def test_the_admin_log_in_page_keeps_where_the_person_was_going(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/admin/pages/"


def test_the_admin_log_in_page_ignores_a_next_address_on_another_site(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/en/accounts/login/?next=/admin/"


def test_the_old_admin_log_in_form_signs_nobody_in(client):
    staff = UserFactory(is_superuser=True, is_staff=True)
    client.post("/admin/login/", {"username": staff.email, "password": DEFAULT_PASSWORD})
    assert not signed_in(client)
    assert not reaches_admin(client)


def test_the_django_admin_is_gone(client):
    staff = UserFactory(is_superuser=True, is_staff=True)
    assert client.get("/django-admin/", follow=True).status_code == 404
    client.post("/django-admin/login/", {"username": staff.email, "password": DEFAULT_PASSWORD})
    assert not signed_in(client)


def test_the_admin_door_signs_staff_in_and_lands_in_the_admin(client):
    staff = UserFactory(is_superuser=True, is_staff=True)
    response = client.post(admin_door(client), {"login": staff.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert reaches_admin(client)


def test_a_signed_in_citizen_is_refused_by_the_admin_without_a_redirect_loop(client):
    client.force_login(UserFactory())
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2


def test_twelve_wrong_passwords_at_the_admin_door_lock_the_account(client, limited):
    staff = UserFactory(is_superuser=True, is_staff=True)
    door = admin_door(client)
    for _ in range(12):
        client.post(door, {"login": staff.email, "password": "not the password at all"})
    response = client.post(door, {"login": staff.email, "password": DEFAULT_PASSWORD})
    assert not signed_in(client)
    assert not reaches_admin(client)
    assert response.status_code in {200, 429}


def test_twelve_wrong_passwords_on_the_public_page_are_refused_the_same_way(client, limited):
    staff = UserFactory(is_superuser=True, is_staff=True)
    for _ in range(12):
        client.post("/en/accounts/login/", {"login": staff.email, "password": "wrong guess 1"})
    client.post("/en/accounts/login/", {"login": staff.email, "password": DEFAULT_PASSWORD})
    assert not signed_in(client)


@pytest.mark.parametrize("door", ["/en/accounts/login/", "/fa/accounts/login/", "admin"])
def test_an_account_locked_on_the_public_page_stays_locked_at_every_door(door, limited):
    staff = UserFactory(is_superuser=True, is_staff=True)
    attacker = Client()
    for _ in range(5):
        attacker.post("/en/accounts/login/", {"login": staff.email, "password": "wrong guess 2"})

    owner = Client()  # the real owner, from another browser
    url = admin_door(owner) if door == "admin" else door
    owner.post(url, {"login": staff.email, "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in owner.session
    owner.post("/admin/login/", {"username": staff.email, "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in owner.session
    assert owner.get("/admin/").status_code == 302


def test_an_unconfirmed_staff_account_gets_no_session_at_the_admin_door(client, mailoutbox):
    staff = UserFactory(is_superuser=True, is_staff=True, verified=False)
    response = client.post(admin_door(client), {"login": staff.email, "password": DEFAULT_PASSWORD})
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert not signed_in(client)
    assert not reaches_admin(client)
    assert mailoutbox  # a confirmation link is sent instead


def test_an_unconfirmed_account_cannot_follow(client):
    consultation = make_consultation()
    proposal = make_proposal(consultation)
    person = UserFactory(verified=False)
    with pytest.raises(LoginRequired):
        rules.check_can_follow(person, consultation)
    client.force_login(person)
    response = client.post(reverse("proposals:follow", args=[proposal.pk]))
    assert response.status_code == 403
    assert not Follow.objects.filter(follower=person).exists()


def test_a_confirmed_account_still_follows(client):
    consultation = make_consultation()
    proposal = make_proposal(consultation)
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("proposals:follow", args=[proposal.pk]))
    assert Follow.objects.filter(follower=person).exists()


def test_an_unconfirmed_account_cannot_change_its_profile(client):
    person = UserFactory(verified=False, display_name="Before")
    client.force_login(person)
    response = client.post(
        "/en/profile/",
        {"display_name": "After", "language": "en", "email_notifications": "never"},
    )
    person.refresh_from_db()
    assert person.display_name == "Before"
    assert "Confirm your e-mail address first" in response.content.decode()


def test_wagtail_password_reset_goes_to_the_accounts_reset(client, mailoutbox):
    UserFactory(email="staff@example.org", is_superuser=True, is_staff=True)
    response = client.post("/admin/password_reset/", {"email": "staff@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/"
    assert mailoutbox == []
    assert client.get("/admin/password_reset/done/", follow=True).status_code == 404


def test_the_accounts_reset_behind_the_admin_sends_a_limited_number_of_mails(
    client, mailoutbox, limited
):
    UserFactory(email="staff@example.org", is_superuser=True, is_staff=True)
    reset_url = client.get("/admin/password_reset/", follow=True).redirect_chain[-1][0]
    statuses = [
        client.post(reset_url, {"email": "staff@example.org"}).status_code for _ in range(8)
    ]
    # ACCOUNT_RATE_LIMITS["reset_password"]: three mails per address typed per 15 minutes.
    assert len(mailoutbox) == 3
    assert statuses.count(429) == 5


def test_the_admin_account_page_changes_neither_password_nor_email(client):
    staff = UserFactory(is_staff=True, is_superuser=True, email="editor.one@example.org")
    client.force_login(staff)
    page = client.get("/admin/account/").content.decode()
    assert 'name="password-new_password1"' not in page
    assert 'name="name_email-email"' not in page
    client.post(
        "/admin/account/",
        {
            "password-old_password": DEFAULT_PASSWORD,
            "password-new_password1": "a brand new passphrase 42",
            "password-new_password2": "a brand new passphrase 42",
            "name_email-email": "someone.else@example.org",
        },
    )
    staff.refresh_from_db()
    assert staff.check_password(DEFAULT_PASSWORD)
    assert staff.email == "editor.one@example.org"
