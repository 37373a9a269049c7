import re

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/en/accounts/login/"


def sign_up(client, email="river@example.org") -> User:
    client.post(
        "/en/accounts/signup/",
        {
            "email": email,
            "display_name": "River",
            "password1": "a long and unusual passphrase 42",
            "password2": "a long and unusual passphrase 42",
            "accept_terms": "on",
        },
    )
    return User.objects.get(email=email)


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+/confirm-email/\S+/)", message.body).group(1)


def test_unconfirmed_account_cannot_log_in(client, mailoutbox):
    sign_up(client)
    client.logout()
    response = client.post(
        LOGIN_URL,
        {"login": "river@example.org", "password": "a long and unusual passphrase 42"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_unconfirmed_account_cannot_reach_the_profile_after_signup(client):
    sign_up(client)
    response = client.get("/en/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_confirming_the_link_from_the_mail_lets_the_person_log_in(client, mailoutbox):
    user = sign_up(client)
    link = confirmation_link(mailoutbox[-1])
    assert client.get(link).status_code == 200
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    client.logout()
    response = client.post(
        LOGIN_URL,
        {"login": "RIVER@example.org", "password": "a long and unusual passphrase 42"},
    )
    assert response.status_code == 302
    assert client.get("/en/profile/").status_code == 200


def test_an_invalid_confirmation_key_says_so(client):
    response = client.get("/en/accounts/confirm-email/not-a-key/")
    assert "This confirmation link has expired or is not valid." in response.content.decode()


def test_wrong_password_is_refused_with_a_message_tied_to_the_form(client):
    UserFactory(email="sam@example.org")
    response = client.post(LOGIN_URL, {"login": "sam@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert "The email address and/or password you specified are not correct." in html
    assert 'role="alert"' in html


def test_log_in_lands_on_the_profile_in_the_person_s_language(client):
    UserFactory(email="leila@example.org", language="fa")
    response = client.post(LOGIN_URL, {"login": "leila@example.org", "password": DEFAULT_PASSWORD})
    assert response["Location"] == "/fa/profile/"


def test_log_out_by_post_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    client.post("/en/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(client, mailoutbox):
    user = UserFactory(email="reset@example.org")
    response = client.post("/en/accounts/password/reset/", {"email": "reset@example.org"})
    assert response["Location"] == "/en/accounts/password/reset/done/"
    link = re.search(r"https?://[^/\s]+(/\S+/password/reset/key/\S+/)", mailoutbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    new_password = "another long passphrase 77"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": new_password, "password2": new_password},
    )
    assert done["Location"] == "/en/accounts/password/reset/key/done/"
    user.refresh_from_db()
    assert user.check_password(new_password)


@pytest.mark.parametrize(
    "url",
    [
        "/en/accounts/login/",
        "/fa/accounts/login/",
        "/en/accounts/signup/",
        "/en/accounts/confirm-email/",
        "/en/accounts/password/reset/",
        "/en/accounts/password/reset/done/",
        "/en/accounts/password/reset/key/done/",
        "/en/accounts/inactive/",
    ],
)
def test_account_pages_use_the_site_layout(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert 'class="panel' in html
    assert "<h1>" in html


@pytest.mark.parametrize(
    "url", ["/en/accounts/password/change/", "/en/accounts/email/", "/en/accounts/logout/"]
)
def test_signed_in_account_pages_use_the_site_layout(client, url):
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert "<script>" not in html  # the Content Security Policy forbids inline scripts
