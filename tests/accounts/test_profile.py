import pytest

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = "/en/profile/"


@pytest.fixture
def citizen(client):
    user = UserFactory(display_name="Before")
    client.force_login(user)
    return user


def profile_data(**overrides) -> dict:
    data = {"display_name": "After", "language": "en", "email_notifications": "immediately"}
    data.update(overrides)
    return data


def test_profile_needs_a_login(client):
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_changing_the_display_name(client, citizen):
    response = client.post(PROFILE_URL, profile_data(display_name="  Sara   K. "))
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.display_name == "Sara K."


def test_choosing_persian_makes_the_site_speak_persian(client, citizen):
    response = client.post(PROFILE_URL, profile_data(language="fa"))
    assert response["Location"] == "/fa/profile/"
    assert response.cookies["civic_language"].value == "fa"
    citizen.refresh_from_db()
    assert citizen.language == "fa"
    page = client.get("/fa/profile/")
    assert '<html lang="fa" dir="rtl">' in page.content.decode()


@pytest.mark.parametrize("choice", ["immediately", "daily", "never"])
def test_choosing_how_often_to_be_notified(client, citizen, choice):
    client.post(PROFILE_URL, profile_data(email_notifications=choice))
    citizen.refresh_from_db()
    assert citizen.email_notifications == choice


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("display_name", ""),
        ("display_name", "   "),
        ("display_name", "x" * 61),
        ("language", "de"),
        ("email_notifications", "hourly"),
    ],
)
def test_bad_profile_input_is_refused_and_changes_nothing(client, citizen, field, value):
    response = client.post(PROFILE_URL, profile_data(**{field: value}))
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    fresh = User.objects.get(pk=citizen.pk)
    assert (fresh.display_name, fresh.language, fresh.email_notifications) == (
        "Before",
        "en",
        "immediately",
    )


def test_staff_language_choice_also_sets_the_admin_language(client):
    from wagtail.users.models import UserProfile

    editor = UserFactory(is_staff=True)
    client.force_login(editor)
    client.post(PROFILE_URL, profile_data(language="fa"))
    assert UserProfile.get_for_user(editor).preferred_language == "fa"


def test_profile_page_shows_the_email_only_to_its_owner(client, citizen):
    html = client.get(PROFILE_URL).content.decode()
    assert citizen.email in html
    assert "never shown to others" in html
