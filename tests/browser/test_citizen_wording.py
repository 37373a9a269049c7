"""What citizens read, in English and Persian at phone and desktop widths, with axe on every
page: the proposal form's example coordinates in the reader's digits, a balloting budget's
card saying voting is open, and metadata separated by a drawn rule instead of a "·"."""

import re

import pytest

from civic.i18n import persian_digits
from tests.browser.test_proposals import log_in
from tests.factories import (
    UserFactory,
    make_budget,
    make_consultation,
    make_proposal,
    translate_consultation,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [(390, 844), (1280, 900)]
VOTING_OPEN = {"en": "Voting open", "fa": "رأی\u200cگیری باز است"}


@pytest.fixture
def collecting():
    page = make_consultation(title="Bike lanes", phase="collecting")
    translate_consultation(page, title="خطوط دوچرخه")
    return page


@pytest.mark.parametrize("size", SIZES, ids=lambda s: str(s[0]))
@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_form_gives_example_coordinates_in_the_readers_digits(
    page, axe, screenshot, collecting, language, size
):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    url = f"/{language}/consultations/{collecting.slug}/proposals/new/"
    log_in(page, UserFactory(language=language), language, url)
    latitude_help = page.locator("#id_latitude_helptext").inner_text()
    longitude_help = page.locator("#id_longitude_helptext").inner_text()
    if language == "fa":
        assert persian_digits("35.6892") in latitude_help
        assert persian_digits("51.3890") in longitude_help
        assert not re.search("[0-9]", latitude_help + longitude_help)
    else:
        assert "35.6892" in latitude_help and "51.3890" in longitude_help
    assert page.locator("#id_latitude").get_attribute("type") == "number"
    screenshot(page, f"proposal-form-examples-{language}-{size[0]}")
    axe(page, f"proposal form at {size[0]} px")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: str(s[0]))
@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_balloting_budget_card_says_voting_is_open(page, axe, screenshot, language, size):
    budget = make_budget(title="City budget", phase="balloting")
    translate_consultation(budget, title="بودجهٔ شهر")
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"/{language}/consultations/")
    title = "City budget" if language == "en" else "بودجهٔ شهر"
    card = page.locator(".consultation-card").filter(has_text=title)
    badge = card.locator(".card__meta .badge").first
    assert badge.inner_text() == VOTING_OPEN[language]
    assert "badge--balloting" in badge.get_attribute("class")
    screenshot(page, f"consultation-list-budget-{language}-{size[0]}")
    axe(page, f"consultation list with a budget at {size[0]} px")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: str(s[0]))
@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_byline_is_separated_by_a_drawn_rule_not_a_dot(
    page, axe, screenshot, collecting, language, size
):
    proposal = make_proposal(collecting, title="Safer crossing", author=UserFactory())
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"/{language}/proposals/{proposal.pk}/")
    byline = page.locator(".proposal__byline")
    assert byline.locator("li").count() == 3
    assert "\u00b7" not in page.locator("main").inner_text()
    separators = byline.evaluate(
        """list => [...list.children].map(item => {
            const rule = getComputedStyle(item, '::before');
            return {content: rule.content, width: rule.borderInlineStartWidth,
                    height: parseFloat(rule.blockSize)};
        })"""
    )
    first, *others = separators
    assert first["content"] in ("none", "normal")
    for rule in others:
        assert rule["content"] == '""' and rule["width"] == "1px"
        # Taller than a digit: it cannot be read as the Persian one.
        assert rule["height"] > 16
    screenshot(page, f"proposal-byline-{language}-{size[0]}")
    axe(page, f"proposal page byline at {size[0]} px")
