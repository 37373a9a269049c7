import re

import pytest
from django.core import mail

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase 42"


def test_sign_up_confirm_log_in_and_switch_to_persian(page, axe, mailoutbox):
    page.goto("/en/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("E-mail address").fill("browser.person@example.org")
    page.get_by_label("Public display name").fill("Browser Person")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("I agree to the terms of use").check()
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()
    axe(page)

    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    page.get_by_label("E-mail address").fill("browser.person@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Your profile").wait_for()
    assert page.get_by_label("Public display name").input_value() == "Browser Person"

    page.get_by_role("navigation", name="Language").get_by_role("link", name="فارسی").click()
    page.wait_for_url("**/fa/profile/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa"
    axe(page)


def test_sign_up_errors_are_announced_and_tied_to_fields(page, axe):
    page.goto("/en/accounts/signup/")
    page.get_by_role("button", name="Create account").click()
    email = page.get_by_label("E-mail address")
    assert email.get_attribute("aria-invalid") == "true"
    described = email.get_attribute("aria-describedby")
    assert "id_email_error" in described.split()
    assert page.get_by_role("alert").count() >= 1
    axe(page)


@pytest.mark.parametrize("language", ["en", "fa"])
@pytest.mark.parametrize(
    ("name", "path"),
    [("home", "/"), ("signup", "/accounts/signup/"), ("login", "/accounts/login/")],
)
def test_public_pages_pass_axe(page, axe, screenshot, language, name, path):
    page.goto(f"/{language}{path}")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "fa" else "ltr")
    screenshot(page, f"{name}-{language}")
    axe(page)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_profile_page_passes_axe(page, axe, screenshot, language):
    UserFactory(email="profile@example.org", display_name="Profile Person", language=language)
    page.goto(f"/{language}/accounts/login/")
    page.locator("#id_login").fill("profile@example.org")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/{language}/profile/")
    screenshot(page, f"profile-{language}")
    axe(page)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_terms_and_not_found_pages_pass_axe(page, axe, screenshot, language):
    page.goto(f"/{language}/terms/")
    screenshot(page, f"terms-{language}")
    axe(page)
    response = page.goto(f"/{language}/no-such-page/")
    assert response.status == 404
    screenshot(page, f"404-{language}")
    axe(page)


def test_narrow_screen_layout_passes_axe(page, axe, screenshot):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/fa/accounts/signup/")
    screenshot(page, "signup-fa-mobile")
    axe(page)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_resident_verification_from_the_profile_passes_axe(page, axe, screenshot, language):
    import io

    from accounts.residents.services import census_upload

    admin = UserFactory(is_staff=True, is_superuser=True)
    census = "identifier,birth_year\nQX-7731-9042-KL,1984\n"
    census_upload(binary_file=io.BytesIO(census.encode()), mode="replace", uploaded_by=admin)
    UserFactory(email="resident@example.org", language=language)
    page.goto(f"/{language}/accounts/login/")
    page.locator("#id_login").fill("resident@example.org")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/{language}/profile/")
    page.locator("main a[href$='/profile/resident/']").click()
    page.locator("#id_identifier").fill("QX 7731 9042 KL")
    page.locator("#id_factor").fill("1900")
    page.locator("main button[type=submit]").click()
    assert page.get_by_role("alert").count() >= 1
    screenshot(page, f"resident-verify-error-{language}")
    axe(page)
    page.locator("#id_factor").fill("۱۹۸۴")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/{language}/profile/")
    page.goto(f"/{language}/profile/resident/")
    screenshot(page, f"resident-verified-{language}")
    axe(page)
