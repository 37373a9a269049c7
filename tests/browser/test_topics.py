"""Topics in Persian, in a browser: a reader of the Persian proposal list filters by a topic
named in Persian, finds the proposals the English filter finds, and reads the Persian name
on every card; axe at 1280 and 390 px on each page."""

import pytest

from tests.factories import make_consultation, make_proposal, make_topic, translate_consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def persian_consultation():
    english = make_consultation(title="Park renewal", phase="voting")
    english.topics.add(make_topic("parks", "پارک"), make_topic("environment", "محیط زیست"))
    english.save_revision().publish()
    for n in range(3):
        make_proposal(english, title=f"سایه برای زمین بازی {n}").topics.add("parks")
    make_proposal(english, title="کمپوست محله").topics.add("environment")
    return translate_consultation(english, "fa", title="نوسازی پارک")


def check_widths(page, axe, screenshot, name: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{name}-{width}")
        axe(page, f"{name} {width}px")


def test_a_persian_reader_filters_proposals_by_a_persian_topic(
    page, axe, screenshot, persian_consultation
):
    page.goto(f"/fa/consultations/{persian_consultation.slug}/proposals/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    filters = page.get_by_role("search")
    disclosure = filters.locator("summary")
    if disclosure.count() and not filters.locator("details[open]").count():
        disclosure.first.click()  # the filters may sit behind a disclosure
    topic = filters.get_by_label("موضوع", exact=True)
    assert "پارک" in topic.locator("option").all_inner_texts()
    assert "parks" not in topic.locator("option").all_inner_texts()
    topic.select_option(label="پارک")
    filters.get_by_role("button", name="نمایش پیشنهادها").click()
    page.wait_for_url("**topic=parks**")
    cards = page.locator(".proposal-grid > li")
    assert cards.count() == 3
    for n in range(3):
        card = cards.nth(n)
        assert "سایه برای زمین بازی" in card.inner_text()
        assert card.locator(".tag", has_text="پارک").count() == 1
    assert page.get_by_text("parks", exact=True).count() == 0
    check_widths(page, axe, screenshot, "topics-fa-list")

    page.locator(".proposal-grid > li").first.get_by_role("link").first.click()
    page.wait_for_url("**/fa/proposals/**")
    page.get_by_role("link", name="پارک", exact=True).wait_for()
    check_widths(page, axe, screenshot, "topics-fa-proposal")
