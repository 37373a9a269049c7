"""The sign-up form's password labels come from the project's own catalogue."""

import re

import pytest

pytestmark = pytest.mark.django_db


def label_of(html: str, field_id: str) -> str:
    """The text of the <label> of one field (without the markup around it)."""
    found = re.search(rf'<label[^>]*\bfor="{field_id}"[^>]*>(.*?)</label>', html, flags=re.S)
    assert found, f"no label for {field_id}"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_persian_signup_labels_the_passwords_in_the_project_wording(client):
    html = client.get("/fa/accounts/signup/").content.decode()
    assert label_of(html, "id_password1") == "گذرواژه"
    assert label_of(html, "id_password2") == "تکرار گذرواژه"


def test_english_signup_labels_the_passwords_in_the_project_wording(client):
    html = client.get("/en/accounts/signup/").content.decode()
    assert label_of(html, "id_password1") == "Password"
    assert label_of(html, "id_password2") == "Password (again)"
