"""Privacy rights in a browser: deleting an account without JavaScript, the privacy notice
and the accessibility statement, each checked with axe."""

import pytest

from accounts.models import User
from tests.conftest import AXE_JS
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "fa"])
def test_privacy_and_accessibility_pages_pass_axe(page, axe, screenshot, language):
    page.goto(f"/{language}/terms/")
    footer = page.get_by_role("contentinfo")
    title = {"en": "Privacy notice", "fa": "حریم خصوصی"}[language]
    footer.get_by_role("link", name=title).click()
    page.get_by_role("heading", level=1, name=title).wait_for()
    screenshot(page, f"privacy-{language}")
    axe(page)
    page.goto(f"/{language}/accessibility/")
    screenshot(page, f"accessibility-{language}")
    axe(page)


@pytest.mark.parametrize("javascript", [True, False])
def test_deleting_the_account_from_the_profile(browser, live_server, axe, javascript):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    if javascript and AXE_JS.exists():
        context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    UserFactory(email="leaving@example.org", display_name="Leaving Person")
    page.goto("/en/accounts/login/")
    page.locator("#id_login").fill("leaving@example.org")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/en/profile/")
    page.get_by_role("link", name="Delete your account").click()
    page.get_by_role("heading", level=1, name="Delete your account").wait_for()
    if javascript:
        axe(page)
    page.get_by_label("Your password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    page.get_by_text("Your account has been deleted.").wait_for()
    assert not User.objects.filter(email="leaving@example.org").exists()
    context.close()
