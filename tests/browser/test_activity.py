import pytest

from proposals import services
from tests.factories import (
    DEFAULT_PASSWORD,
    UserFactory,
    make_consultation,
    make_proposal,
    translate_consultation,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def some_activity(citizen) -> None:
    voting = make_consultation(title="Bike lanes", phase="voting", max_supports_per_citizen=3)
    translate_consultation(voting, title="خط‌های دوچرخه")
    collecting = make_consultation(title="Park renewal", phase="collecting")
    make_proposal(collecting, author=citizen, title="Benches by the pond")
    make_proposal(voting, author=citizen, title="A lane to the school", outcome="under_review")
    for title in ("Protected lane on Main Street", "مسیر دوچرخه کنار رودخانه"):
        proposal = make_proposal(voting, title=title)
        services.support_cast(citizen=citizen, proposal=proposal)
        services.follow(follower=citizen, proposal=proposal)
        services.comment_post(author=citizen, proposal=proposal, body="Please light it at night.")
    services.follow(follower=citizen, consultation=voting)


def log_in(page, language: str) -> None:
    page.goto(f"/{language}/accounts/login/")
    page.locator("#id_login").fill("activity@example.org")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/{language}/profile/")


@pytest.mark.parametrize("language", ["en", "fa"])
def test_my_activity_passes_axe_wide_and_narrow(page, axe, screenshot, language):
    citizen = UserFactory(email="activity@example.org", display_name="Sara", language=language)
    some_activity(citizen)
    log_in(page, language)
    page.locator("main").get_by_role(
        "link", name="فعالیت من" if language == "fa" else "My activity"
    ).first.click()
    page.wait_for_url(f"**/{language}/profile/activity/")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"activity-{language}-{width}")
        axe(page, f"activity {language} {width}px")


def test_stop_following_from_my_activity_comes_back(page, axe):
    citizen = UserFactory(email="activity@example.org", display_name="Sara")
    some_activity(citizen)
    log_in(page, "en")
    page.goto("/en/profile/activity/")
    follows = page.get_by_role("region", name="What I follow")
    follows.get_by_role("button", name="Stop following").first.click()
    page.wait_for_url("**/en/profile/activity/")
    page.get_by_text("You no longer follow this.").wait_for()
    assert follows.get_by_role("button", name="Stop following").count() == 2
    axe(page)
