import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from accounts.models import DISPLAY_NAME_MAX, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/en/accounts/signup/"
GOOD_PASSWORD = "a long and unusual passphrase 42"


def signup_data(**overrides) -> dict:
    data = {
        "email": "new.person@example.org",
        "display_name": "New Person",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        "accept_terms": "on",
    }
    data.update(overrides)
    return data


def test_signup_creates_an_unverified_account_and_sends_a_confirmation(client, mailoutbox):
    response = client.post(SIGNUP_URL, signup_data())
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert user.display_name == "New Person"
    assert user.accepted_terms_at is not None
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    assert "/en/accounts/confirm-email/" in mailoutbox[0].body


def test_signup_records_the_language_of_the_page(client):
    client.post("/fa/accounts/signup/", signup_data())
    assert User.objects.get().language == "fa"


def test_signup_page_labels_every_field_and_links_the_terms(client):
    html = client.get(SIGNUP_URL).content.decode()
    for field in ("email", "display_name", "password1", "password2", "accept_terms"):
        assert f'for="id_{field}"' in html
    assert 'href="/en/terms/"' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-address", "Enter a valid email address."),
        ("password1", "password", "This password is too common."),
        ("display_name", "x" * (DISPLAY_NAME_MAX + 1), "Ensure this value has at most"),
        ("display_name", "   ", "This field is required."),
        ("accept_terms", "", "This field is required."),
    ],
)
def test_signup_refuses_bad_input_and_creates_nothing(client, field, value, message):
    data = signup_data(**{field: value})
    if field == "password1":
        data["password2"] = value
    response = client.post(SIGNUP_URL, data)
    assert response.status_code == 200
    assert User.objects.count() == 0
    html = response.content.decode()
    assert message in html
    # The error is tied to its field for assistive technology.
    assert re.search(rf'id="id_{field}"[^>]*aria-invalid="true"', html) or re.search(
        rf'aria-invalid="true"[^>]*id="id_{field}"', html
    )
    assert f'id="id_{field}_error"' in html


def test_signup_refuses_mismatched_passwords(client):
    response = client.post(SIGNUP_URL, signup_data(password2="something else entirely 7"))
    assert User.objects.count() == 0
    assert "You must type the same password each time." in response.content.decode()


@pytest.mark.parametrize("email", ["taken@example.org", "Taken@Example.ORG"])
def test_signup_with_an_address_already_in_use_creates_nothing(client, mailoutbox, email):
    existing = UserFactory(email="taken@example.org")
    response = client.post(SIGNUP_URL, signup_data(email=email), follow=True)
    # The page does not reveal whether the address has an account (no enumeration); the
    # owner of the address is told by e-mail instead.
    assert User.objects.count() == 1
    assert User.objects.get().pk == existing.pk
    assert "Check your e-mail" in response.content.decode()
    assert [message.to for message in mailoutbox] == [["taken@example.org"]]
    assert "already" in mailoutbox[0].body.lower()


def test_signup_without_csrf_token_is_refused_with_our_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(SIGNUP_URL, signup_data())
    assert response.status_code == 403
    assert User.objects.count() == 0
    html = response.content.decode()
    assert "This form has expired" in html
    assert 'class="site-header"' in html
