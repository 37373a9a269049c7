"""The Persian pages whose wording and times changed, read in a browser at desktop and phone
widths: the project's wording, Persian list markers, the time zone, axe clean."""

import pytest
from playwright.sync_api import expect

from proposals.models import Notification
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 390]


@pytest.mark.parametrize("width", WIDTHS)
def test_persian_log_in_and_sign_up_read_in_the_project_s_words(page, axe, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/fa/accounts/login/")
    main = page.get_by_role("main")
    assert main.get_by_role("link", name="گذرواژه خود را فراموش کرده‌اید؟").count() == 1
    assert main.get_by_text("اختیاری").count() == 0
    page.get_by_label("مرا در این دستگاه وارد نگه دارید").check()
    screenshot(page, f"login-fa-wording-{width}")
    axe(page)

    page.goto("/fa/accounts/signup/")
    rules = page.locator("#id_password1_helptext")
    assert "دست‌کم ۱۲ نویسه." in rules.inner_text()
    page.get_by_label("نشانی ایمیل").fill("short@example.org")
    page.get_by_label("گذرواژه", exact=True).fill("tulip")
    page.get_by_label("تکرار گذرواژه").fill("tulip")
    page.locator("main button[type=submit]").click()
    # The refused form comes back as a new page: wait for it rather than count at once.
    expect(page.get_by_text("دست‌کم ۱۲ نویسه لازم است").first).to_be_visible()
    screenshot(page, f"signup-fa-wording-{width}")
    axe(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_persian_inbox_isolates_english_titles_and_states_the_zone(page, axe, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    person = UserFactory(email="inbox@example.org", language="fa")
    Notification.objects.create(
        recipient=person, kind="response", params={"title": "More trees, please."}
    )
    page.goto("/fa/accounts/login/")
    page.locator("#id_login").fill("inbox@example.org")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/fa/profile/")
    page.goto("/fa/inbox/")
    item = page.locator(".inbox__item").first
    assert item.locator("bdi").inner_text() == "More trees, please."
    assert "به وقت" in item.locator("time").inner_text()
    # The inbox is a numbered list: on a Persian page it counts in Persian digits.
    assert page.locator("ol.inbox").evaluate("e => getComputedStyle(e).listStyleType") in (
        "persian",
        "none",
    )
    assert (
        page.evaluate(
            "() => { const o = document.createElement('ol'); document.querySelector('main')"
            ".append(o); return getComputedStyle(o).listStyleType; }"
        )
        == "persian"
    )
    screenshot(page, f"inbox-fa-{width}")
    axe(page)
