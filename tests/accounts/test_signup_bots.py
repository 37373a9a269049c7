"""Bot sign-ups: a trap field people never see, and a form sent back too fast to be typed."""

import re

import pytest
import time_machine

from accounts.models import User
from civic.settings import base

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/en/accounts/signup/"
PASSWORD = "a long and unusual passphrase 42"
TOO_FAST = "That was quicker than anyone can fill in this form"


@pytest.fixture(autouse=True)
def _real_minimum(settings):
    settings.SIGNUP_MIN_SECONDS = base.SIGNUP_MIN_SECONDS


def shown_at(html: str) -> str:
    return re.search(r'name="shown_at" value="([^"]+)"', html).group(1)


def form_data(stamp: str, **overrides) -> dict:
    return {
        "email": "new.person@example.org",
        "display_name": "New Person",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_terms": "on",
        "shown_at": stamp,
        "website": "",
        **overrides,
    }


def test_trap_is_hidden_from_sight_assistive_technology_and_the_tab_order(client):
    html = client.get(SIGNUP_URL).content.decode()
    trap = re.search(r'<div class="form__trap" aria-hidden="true">.*?</div>', html, re.S).group(0)
    assert 'name="website"' in trap
    assert 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap
    assert '<label for="id_website">' in trap
    css = (base.BASE_DIR / "static" / "css" / "civic.css").read_text()
    assert re.search(r"\.form__trap \{\s*display: none;", css)


def test_a_person_taking_their_time_signs_up(client):
    with time_machine.travel("2026-11-30 12:00:00+00:00", tick=False) as clock:
        stamp = shown_at(client.get(SIGNUP_URL).content.decode())
        clock.shift(base.SIGNUP_MIN_SECONDS + 1)
        response = client.post(SIGNUP_URL, form_data(stamp))
    assert response.status_code == 302
    assert User.objects.filter(email="new.person@example.org").exists()


def test_a_filled_trap_is_refused(client):
    with time_machine.travel("2026-11-30 12:00:00+00:00", tick=False) as clock:
        stamp = shown_at(client.get(SIGNUP_URL).content.decode())
        clock.shift(30)
        response = client.post(SIGNUP_URL, form_data(stamp, website="http://spam.example"))
    assert response.status_code == 200
    assert "We could not accept this sign-up" in response.content.decode()
    assert not User.objects.exists()


def test_a_form_sent_too_fast_explains_itself_and_succeeds_when_sent_again(client):
    with time_machine.travel("2026-11-30 12:00:00+00:00", tick=False) as clock:
        stamp = shown_at(client.get(SIGNUP_URL).content.decode())
        clock.shift(1)
        refused = client.post(SIGNUP_URL, form_data(stamp))
        html = refused.content.decode()
        assert refused.status_code == 200
        assert TOO_FAST in html
        assert 'role="alert"' in html
        assert not User.objects.exists()
        clock.shift(base.SIGNUP_MIN_SECONDS + 5)
        again = client.post(SIGNUP_URL, form_data(shown_at(html)))
    assert again.status_code == 302
    assert User.objects.filter(email="new.person@example.org").exists()


@pytest.mark.parametrize("stamp", ["", "1700000000.000", "1700000000.000:forged-signature"])
def test_a_missing_or_forged_time_stamp_counts_as_too_fast(client, stamp):
    response = client.post(SIGNUP_URL, form_data(stamp))
    assert TOO_FAST in response.content.decode()
    assert not User.objects.exists()
