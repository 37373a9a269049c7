"""The sign-up form's password labels come from the project's own catalogue."""

import pytest

pytestmark = pytest.mark.django_db


def test_persian_signup_labels_the_passwords_in_the_project_wording(client):
    html = client.get("/fa/accounts/signup/").content.decode()
    assert ">گذرواژه<" in html or ">گذرواژه " in html
    assert "تکرار گذرواژه" in html
    english = client.get("/en/accounts/signup/").content.decode()
    assert "Password (again)" in english
