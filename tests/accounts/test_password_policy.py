"""Password policy: at least 12 characters and not a common password, in both languages."""

import pytest

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_up(client, language: str, password: str):
    return client.post(
        f"/{language}/accounts/signup/",
        {
            "email": "new.person@example.org",
            "display_name": "New Person",
            "password1": password,
            "password2": password,
            "accept_terms": "on",
        },
    )


@pytest.mark.parametrize(
    ("language", "password", "message"),
    [
        (
            "en",
            "tulip-river",
            "This password is too short. It needs at least 12 characters.",
        ),
        (
            "fa",
            "tulip-river",
            "این گذرواژه خیلی کوتاه است. دست‌کم ۱۲ نویسه لازم است.",
        ),
        ("en", "qwerty123456", "This password is too common."),
        ("fa", "qwerty123456", "این گذرواژه بیش از حد رایج است."),
    ],
)
def test_short_or_common_passwords_are_refused_in_the_reader_s_language(
    client, language, password, message
):
    response = sign_up(client, language, password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_twelve_uncommon_characters_are_enough(client):
    response = sign_up(client, "en", "tulip-river7")
    assert response.status_code == 302
    assert User.objects.filter(email="new.person@example.org").exists()


def test_changing_a_password_follows_the_same_policy(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": "short-pass1", "password2": "short-pass1"},
    )
    assert "This password is too short." in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(DEFAULT_PASSWORD)
