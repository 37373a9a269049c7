"""Display names at sign-up and in the profile: cleaned, visible, never a staff badge."""

import pytest

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "a long and unusual passphrase 42"
STAFF_MESSAGE = "This name reads like a staff title"
STAFF_MESSAGE_FA = "این نام شبیه عنوان کارکنان سایت"


def signup(client, name: str, language: str = "en"):
    return client.post(
        f"/{language}/accounts/signup/",
        {
            "email": "new.person@example.org",
            "display_name": name,
            "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD,
            "accept_terms": "on",
        },
    )


def profile(client, name: str):
    return client.post(
        "/en/profile/",
        {"display_name": name, "language": "en", "email_notifications": "immediately"},
    )


@pytest.mark.parametrize(
    "name", ["Moderator", "0fficial", "\uff23\uff29\uff36\uff29\uff23", "مدیر", "رسمی سایت"]
)
def test_signup_refuses_a_name_that_reads_as_a_staff_badge(client, name):
    response = signup(client, name)
    assert response.status_code == 200
    assert STAFF_MESSAGE in response.content.decode()
    assert not User.objects.exists()


def test_the_refusal_is_in_persian_on_the_persian_page(client):
    response = signup(client, "Moderator", language="fa")
    assert STAFF_MESSAGE_FA in response.content.decode()


def test_the_error_is_tied_to_the_display_name_field(client):
    response = signup(client, "Moderator")
    assert list(response.context["form"].errors) == ["display_name"]


@pytest.mark.parametrize("name", ["\u200c\u200d", "\u3164\u3164", "\u202e\u2066"])
def test_signup_refuses_an_invisible_name(client, name):
    response = signup(client, name)
    assert "Please choose a display name." in response.content.decode()
    assert not User.objects.exists()


def test_signup_stores_the_name_without_controls_or_overrides(client):
    signup(client, "Sara\u202e \x07Ahmadi")
    assert User.objects.get().display_name == "Sara Ahmadi"


def test_profile_refuses_a_new_staff_looking_name(client):
    citizen = UserFactory(display_name="Sara")
    client.force_login(citizen)
    response = profile(client, "Official")
    assert STAFF_MESSAGE in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.display_name == "Sara"


def test_profile_keeps_a_name_staff_gave_the_account(client):
    moderator = UserFactory(display_name="Moe (moderator)")
    client.force_login(moderator)
    assert profile(client, "Moe (moderator)").status_code == 302
