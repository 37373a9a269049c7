"""Log-in and sign-up speak the project's Persian, not allauth's or Django's stock wording,
and the site's e-mails are signed with its name."""

import re

import pytest
from django.core import mail
from django.test import override_settings

pytestmark = pytest.mark.django_db

RESET = "/fa/accounts/password/reset/"


def main_of(client, path: str) -> str:
    html = client.get(path).content.decode()
    return re.search(r"<main.*?</main>", html, flags=re.S).group(0)


def label_of(html: str, field_id: str) -> str:
    found = re.search(rf'<label[^>]*\bfor="{field_id}"[^>]*>(.*?)</label>', html, flags=re.S)
    assert found, f"no label for {field_id}"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_persian_log_in_has_one_formal_forgotten_password_link_and_the_project_s_labels(client):
    html = main_of(client, "/fa/accounts/login/")
    assert html.count(f'href="{RESET}"') == 1
    assert "گذرواژه خود را فراموش کرده‌اید؟" in html  # formal, once
    assert "گذرواژه‌ات" not in html  # allauth's informal second link
    assert label_of(html, "id_login") == "نشانی ایمیل"
    assert label_of(html, "id_password") == "گذرواژه"
    assert "رمزعبور" not in html  # allauth's spelling


def test_keep_me_logged_in_is_not_marked_optional(client):
    html = main_of(client, "/fa/accounts/login/")
    assert label_of(html, "id_remember") == "مرا در این دستگاه وارد نگه دارید"
    english = main_of(client, "/en/accounts/login/")
    assert label_of(english, "id_remember") == "Keep me logged in on this device"


def test_persian_sign_up_states_the_password_rules_in_persian_digits(client):
    html = main_of(client, "/fa/accounts/signup/")
    help_text = re.search(r'id="id_password1_helptext">(.*?)</div>', html, flags=re.S).group(1)
    assert "قاعده‌های گذرواژه:" in help_text
    assert "<li>دست‌کم ۱۲ نویسه.</li>" in help_text
    assert "<li>فقط از رقم ساخته نشده باشد.</li>" in help_text
    assert not re.search(r"[0-9]", re.sub(r"<[^>]+>", "", help_text))
    # Django's stock Persian ("می‌بایست حداقل از 12 حرف", "نمی تواند" without ZWNJ) is gone.
    assert "می‌بایست" not in html and "نمی تواند" not in html
    assert label_of(html, "id_email") == "نشانی ایمیل"


def test_english_sign_up_states_the_same_rules(client):
    html = main_of(client, "/en/accounts/signup/")
    assert "<li>At least 12 characters.</li>" in html
    assert "<li>Not a commonly used password.</li>" in html


@override_settings(SITE_URL="https://civic.example.org")
def test_the_confirmation_e_mail_is_signed_with_the_site_s_name(client):
    client.post(
        "/en/accounts/signup/",
        {
            "email": "new.person@example.org",
            "display_name": "New Person",
            "password1": "tulip-river7",
            "password2": "tulip-river7",
            "accept_terms": "on",
        },
    )
    [message] = mail.outbox
    assert "Hello from Civic!" in message.body
    assert "Thank you for using Civic!\nhttps://civic.example.org" in message.body
    assert "testserver" not in message.body.split("http")[0]
    assert "Hello from testserver" not in message.body
