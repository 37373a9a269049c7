"""Browser journey of a budget's feasibility review: an official reviews two proposals in
the admin (one feasible with its cost, one not feasible with the reason), an approver
approves both, and the public proposal pages show the outcome in English and Persian."""

import pytest
from django.urls import reverse

from budgets.models import Project
from proposals.models import OfficialResponse, Outcome
from tests.factories import DEFAULT_PASSWORD, UserFactory, make_proposal, make_review_budget
from tests.proposals.staff import approver, official_of, with_staff_backend

# 12,000 in Persian digits with the Arabic thousands separator.
PERSIAN_12000 = "\u06f1\u06f2\u066c\u06f0\u06f0\u06f0"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/en/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def submit(page) -> None:
    page.get_by_role("button", name="Submit to Response approval").click()
    page.wait_for_load_state()


def approve(page, title: str) -> None:
    page.goto(reverse("wagtailadmin_home"))
    page.get_by_role("link", name=f"Response to “{title}”").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_load_state()
    assert "Approved and published: " in page.locator(".messages").inner_text()


def test_an_official_reviews_two_proposals_and_the_pages_show_the_outcome(
    page, axe, screenshot, settings
):
    with_staff_backend(settings)
    budget = make_review_budget(amount=250000)
    official_of(budget, email="official@example.org", display_name="Olga")
    approver(email="approver@example.org", display_name="Arash")
    author = UserFactory(email="author@example.org", display_name="Ava")
    playground = make_proposal(budget, author=author, title="A playground by the river")
    bridge = make_proposal(budget, author=author, title="A bridge to the island")

    # The official opens the list of proposals to review and reviews both.
    log_in(page, "official@example.org")
    page.goto(reverse("budget_reviews"))
    screenshot(page, "budget-review-list")
    page.get_by_role("link", name="Review — A playground by the river").click()
    page.get_by_label("Feasible: it goes on the ballot with its cost").check()
    page.get_by_label("Cost", exact=True).fill("12000")
    page.get_by_label("Duration").fill("Six months")
    screenshot(page, "budget-review-feasible")
    submit(page)

    page.goto(reverse("budget_reviews"))
    page.get_by_role("link", name="Review — A bridge to the island").click()
    page.get_by_label("Not feasible: give the public reason").check()
    page.get_by_role("textbox", name="Public reason").fill(
        "The river is too wide for the budget's means."
    )
    submit(page)
    for proposal in (playground, bridge):
        assert OfficialResponse.objects.get(proposal=proposal).workflow_in_progress

    # The approver approves both from the dashboard.
    log_in(page, "approver@example.org")
    approve(page, "A playground by the river")
    approve(page, "A bridge to the island")
    playground.refresh_from_db()
    bridge.refresh_from_db()
    assert (playground.outcome, bridge.outcome) == (Outcome.UNDER_REVIEW, Outcome.REJECTED)
    assert Project.objects.get(proposal=playground).cost == 12000
    assert not Project.objects.filter(proposal=bridge).exists()

    # Anyone reads the outcome on the proposal pages, in both languages and both widths.
    page.context.clear_cookies()
    expected = {
        ("en", playground.pk): "12,000 euros",
        ("fa", playground.pk): PERSIAN_12000,
        ("en", bridge.pk): "The river is too wide for the budget's means.",
        ("fa", bridge.pk): "The river is too wide for the budget's means.",
    }
    for (language, pk), text in expected.items():
        page.goto(f"/{language}/proposals/{pk}/")
        section = page.locator("#official-response")
        assert text in section.inner_text()
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            screenshot(page, f"budget-review-proposal-{pk}-{language}-{width}")
            axe(page)
        page.set_viewport_size({"width": 1280, "height": 900})
