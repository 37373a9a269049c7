# ruff: noqa: RUF001 (Persian text)
"""In a browser: after counting, a resident opens a budget's results from the consultation's
results page and reads why a project lost, in English and in Persian. Axe on the budget
results page in both languages, on a desktop and a phone; screenshots of each."""

import pytest

from budgets.results.services import count_heading
from tests.factories import (
    cast_ballots,
    make_counted_budget,
    make_counted_project,
    translate_consultation,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)


@pytest.fixture
def budget():
    # Greedy over 100,000 euros: C (8 votes) and B (7) are selected; A (5 votes, 60,000)
    # did not fit with 20,000 left; D had no votes.
    budget = make_counted_budget(title="Neighbourhood budget", headings=(("Whole city", 100_000),))
    translate_consultation(budget, title="بودجهٔ محله", summary="با بودجهٔ محله چه کنیم؟")
    heading = budget.budget_headings.get(consultation=budget)
    heading.name_fa = "همهٔ شهر"
    heading.save()
    a = make_counted_project(heading, cost=60_000, title="A skate park")
    b = make_counted_project(heading, cost=50_000, title="Longer library hours")
    c = make_counted_project(heading, cost=30_000, title="Bike lanes")
    make_counted_project(heading, cost=20_000, title="Benches")
    cast_ballots(heading, [[a, c]] * 5 + [[b]] * 4 + [[b, c]] * 3)
    count_heading(heading, "close")
    return budget


def test_a_resident_reads_why_a_project_lost(page, axe, screenshot, budget):
    page.goto(f"/en/consultations/{budget.slug}/results/")
    page.get_by_role(
        "link", name="Budget results: which projects won, and why the others lost"
    ).click()
    page.get_by_role("heading", name="Budget results: Neighbourhood budget", level=1).wait_for()
    losers = page.get_by_role("table", name="Projects of Whole city that were not selected")
    row = losers.get_by_role("row", name="A skate park")
    assert (
        "Did not fit: it costs 60,000 euros and 20,000 euros was left when its turn came."
        in row.inner_text()
    )
    winners = page.get_by_role("table", name="Selected projects of Whole city")
    assert winners.get_by_role("row", name="Bike lanes").is_visible()
    chart = page.get_by_role("img", name="Votes per project, in the order of counting")
    assert chart.is_visible()
    axe(page)
    screenshot(page, "budget-results-loser-en")

    page.goto(f"/fa/consultations/{budget.slug}/budget/results/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    losers = page.get_by_role("table", name="طرح‌های انتخاب‌نشدهٔ همهٔ شهر")
    text = losers.get_by_role("row", name="A skate park").inner_text()
    assert "در بودجه نگنجید" in text and "۶۰٬۰۰۰ یورو" in text and "۲۰٬۰۰۰ یورو" in text
    axe(page)
    screenshot(page, "budget-results-loser-fa")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["en", "fa"])
def test_budget_results_pass_axe(page, axe, screenshot, budget, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/{language}/consultations/{budget.slug}/budget/results/")
    axe(page, f"budget results {language} at {width}px")
    screenshot(page, f"budget-results-{language}-{width}")
