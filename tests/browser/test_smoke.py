import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_in_persian_is_right_to_left(page, axe, screenshot):
    page.goto("/fa/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "home-fa")
    axe(page)
