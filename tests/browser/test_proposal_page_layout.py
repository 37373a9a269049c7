"""The proposal page on a phone: the support box follows the title, before a long body and
its comments; on a wide screen it heads the side column, and the tab order follows."""

import pytest

from proposals.services import comment_post
from tests.browser.test_proposals import log_in
from tests.factories import UserFactory, make_consultation, make_proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUPPORT = {"en": "Support this proposal", "fa": "حمایت از این پیشنهاد"}


@pytest.fixture
def discussed_proposal():
    consultation = make_consultation(title="Quiet streets", phase="voting", moderation="post")
    proposal = make_proposal(
        consultation,
        title="Close the school street to cars at drop-off time",
        body="\n\n".join(
            "Children walk and cycle to the school; at eight the street fills with cars."
            for _ in range(8)
        ),
    )
    for i in range(30):
        comment_post(
            author=UserFactory(),
            proposal=proposal,
            body=f"Comment {i + 1}: yes, and a crossing guard at the corner as well.",
        )
    return proposal


def support_button(page, language):
    return page.locator("#support").get_by_role("button", name=SUPPORT[language])


@pytest.mark.parametrize("language", ["en", "fa"])
def test_on_a_phone_the_support_button_is_on_the_first_screen(
    page, axe, screenshot, discussed_proposal, language
):
    assert discussed_proposal.comments.count() == 30
    page.set_viewport_size({"width": 390, "height": 844})
    url = f"/{language}/proposals/{discussed_proposal.pk}/"
    log_in(page, UserFactory(language=language), language, url)
    button = support_button(page, language)
    button.wait_for()
    assert button.bounding_box()["y"] < 900
    # It comes before the body and the comments, in reading order too.
    order = page.evaluate(
        """() => {
            const at = s => document.querySelector(s);
            const before = (a, b) => !!(at(a).compareDocumentPosition(at(b))
                & Node.DOCUMENT_POSITION_FOLLOWING);
            return [before('#support', '.proposal__body'), before('#support', '#comments')];
        }"""
    )
    assert order == [True, True]
    screenshot(page, f"proposal-page-support-first-{language}-390")
    axe(page, "proposal page with 30 comments at 390 px")


@pytest.mark.parametrize("language", ["en", "fa"])
def test_on_a_wide_screen_support_heads_the_side_column(
    page, axe, screenshot, discussed_proposal, language
):
    url = f"/{language}/proposals/{discussed_proposal.pk}/"
    log_in(page, UserFactory(language=language), language, url)
    support = page.locator("#support").bounding_box()
    body = page.locator(".proposal__body").bounding_box()
    actions = page.locator(".proposal__aside").bounding_box()
    # Side by side: support beside the body, at its height, with the actions below it.
    assert abs(support["y"] - body["y"]) < 200
    if language == "fa":
        assert support["x"] + support["width"] <= body["x"]
    else:
        assert support["x"] >= body["x"] + body["width"]
    assert actions["y"] >= support["y"] + support["height"]
    # The tab order follows the reading order: support, then the main column (here the
    # comments, the body having no link), and the actions last.
    support_button(page, language).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.proposal__main') !== null")
    screenshot(page, f"proposal-page-support-first-{language}-1280")
    axe(page, "proposal page with 30 comments at 1280 px")
