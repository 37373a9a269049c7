"""A citizen fills a knapsack ballot in the browser (JavaScript on), in English and Persian:
goes over the amount and is told, fixes it, casts it, changes it. axe on the ballot page and
the budget's consultation page at 1280 and 390 px. The no-JavaScript path is covered by
tests/budgets/test_ballots_views.py."""

import pytest
from django.urls import reverse
from django.utils import translation

from budgets.models import BallotChoice
from budgets.money import format_amount
from tests.factories import (
    DEFAULT_PASSWORD,
    UserFactory,
    make_budget,
    make_project,
    translate_consultation,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "titles": ["Playground", "Library hours", "Bike lanes"],
        "over": "These projects cost",
        "cast": "Cast ballot",
        "change": "Change ballot",
        "cast_done": "Your ballot is cast.",
        "vote": "Vote",
        "budget": "Participatory budget",
    },
    "fa": {
        "titles": ["زمین بازی", "ساعت کتابخانه", "مسیر دوچرخه"],
        "over": "هزینهٔ این پروژه‌ها",  # noqa: RUF001
        "cast": "ثبت رأی",
        "change": "تغییر رأی",
        "cast_done": "رأی شما ثبت شد.",
        "vote": "رأی دادن",
        "budget": "بودجهٔ مشارکتی",
    },
}


def log_in(page, language: str) -> None:
    page.goto(f"/{language}/accounts/login/")
    page.locator("#id_login").fill("voter@example.org")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/{language}/profile/")


def check_axe(page, axe, screenshot, name: str) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{name}-{width}")
        axe(page, f"{name} {width}px")
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_citizen_fills_casts_and_changes_a_knapsack_ballot(page, axe, screenshot, language):
    words = WORDS[language]
    budget = make_budget(headings=(("Whole city", 250_000, None, "همه شهر"),))
    heading = budget.budget_headings.get()
    playground, library, bikes = (
        make_project(heading, cost=cost, title=title)
        for cost, title in zip((90_000, 90_000, 100_000), words["titles"], strict=True)
    )
    shown = budget
    if language == "fa":
        shown = translate_consultation(budget, "fa", title="بودجهٔ شهر ۱۴۰۶")
    citizen = UserFactory(email="voter@example.org", language=language)
    log_in(page, language)

    page.goto(shown.url)
    section = page.get_by_role("region", name=words["budget"])
    check_axe(page, axe, screenshot, f"budget-page-{language}")
    section.get_by_role("link", name=words["vote"]).click()
    with translation.override(language):
        address = reverse("budgets:ballot", kwargs={"slug": shown.slug, "heading_id": heading.pk})
    page.wait_for_url(f"**{address}")
    check_axe(page, axe, screenshot, f"ballot-{language}")

    total = page.locator("[data-ballot-total]")
    for project in (playground, library, bikes):
        page.get_by_role("checkbox", name=project.proposal.title).check()
    # Over the amount: the total and a warning say so at once, and the live region too.
    assert format_amount(280_000, language) in total.inner_text()
    warning = page.locator("[data-ballot-problem]")
    warning.wait_for()
    assert words["over"] in warning.inner_text()
    assert format_amount(250_000, language) in warning.inner_text()
    page.wait_for_function(
        "text => document.querySelector('[data-ballot-status]').textContent.includes(text)",
        arg=words["over"],
    )
    axe(page, f"ballot over the amount {language}")

    page.get_by_role("checkbox", name=library.proposal.title).uncheck()
    assert format_amount(190_000, language) in total.inner_text()
    assert page.locator("[data-ballot-problem]").count() == 0
    # Library hours (90,000) no longer fits in the 60,000 left: its hint says so.
    assert page.locator(f"#project-{library.pk}-fit").is_visible()
    page.get_by_role("button", name=words["cast"]).click()
    page.get_by_text(words["cast_done"]).wait_for()
    assert set(BallotChoice.objects.values_list("project_id", flat=True)) == {
        playground.pk,
        bikes.pk,
    }

    page.get_by_role("checkbox", name=bikes.proposal.title).uncheck()
    page.get_by_role("checkbox", name=library.proposal.title).check()
    assert format_amount(180_000, language) in total.inner_text()
    page.get_by_role("button", name=words["change"]).click()
    page.get_by_text(words["cast_done"]).wait_for()
    assert set(BallotChoice.objects.values_list("project_id", flat=True)) == {
        playground.pk,
        library.pk,
    }
    assert BallotChoice.objects.filter(ballot__voter=citizen).count() == 2
    check_axe(page, axe, screenshot, f"ballot-cast-{language}")
