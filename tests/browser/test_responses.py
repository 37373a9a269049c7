"""Browser journey of an official response: threshold, draft in the admin, approval, the
citizen reads it and got the e-mail."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from proposals import services
from proposals.models import OfficialResponse, Outcome, ResponseAssignment
from tests.factories import (
    DEFAULT_PASSWORD,
    UserFactory,
    make_consultation,
    make_proposal,
    translate_consultation,
)
from tests.proposals.staff import approver, official_of, with_staff_backend

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/en/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_threshold_draft_approve_and_the_citizen_reads_it(
    page, axe, screenshot, settings, mailoutbox
):
    with_staff_backend(settings)
    consultation = make_consultation(phase="voting", response_threshold=2, response_due_days=30)
    official_of(consultation, email="official@example.org", display_name="Olga")
    approver(email="approver@example.org", display_name="Arash")
    author = UserFactory(email="author@example.org", display_name="Ava")
    proposal = make_proposal(consultation, author=author, title="Shade trees on Elm Street")
    for _ in range(2):
        services.support_cast(citizen=UserFactory(), proposal=proposal)
    assert ResponseAssignment.objects.filter(proposal=proposal).count() == 1

    # The official finds the assignment and drafts the response in the admin, with the
    # proposal in sight beside the form.
    log_in(page, "official@example.org")
    page.goto(reverse("response_assignments") + "?show=open")
    screenshot(page, "responses-admin-assignments")
    # Text for screen readers only takes no room on screen.
    hidden = page.locator("table .visually-hidden").first.bounding_box()
    assert hidden["width"] <= 1 and hidden["height"] <= 1
    page.get_by_role("link", name="Draft response — Shade trees on Elm Street").click()
    beside = page.get_by_role("complementary", name="The proposal")
    expect(beside.get_by_role("link", name="Shade trees on Elm Street")).to_be_visible()
    assert "Supports 2" in " ".join(beside.inner_text().split())
    page.locator("#id_outcome").select_option(Outcome.ACCEPTED)
    page.locator("#id_text").fill("We will plant twelve shade trees this autumn.")
    page.get_by_label("Timeline").fill("Autumn 2027")
    # "Submit" is in sight, with "Save draft" beside it: no menu to open.
    expect(page.get_by_role("button", name="Save draft")).to_be_visible()
    submit = page.get_by_role("button", name="Submit to Response approval")
    expect(submit).to_be_visible()
    submit.click()
    page.wait_for_load_state()
    screenshot(page, "responses-admin-submitted")
    response = OfficialResponse.objects.get(proposal=proposal)
    assert response.workflow_in_progress and not response.live

    # The approver finds it on the dashboard, opens it, adds the cost and clicks Approve.
    log_in(page, "approver@example.org")
    page.goto(reverse("wagtailadmin_home"))
    screenshot(page, "responses-admin-approver-dashboard")
    page.get_by_role("heading", name="Awaiting your review").wait_for()
    page.get_by_role("link", name="Response to “Shade trees on Elm Street”").click()
    page.wait_for_load_state()
    expect(page.get_by_role("complementary", name="The proposal")).to_be_visible()
    page.locator("#id_cost_estimate").fill("18000")
    screenshot(page, "responses-admin-approver-editor")
    approve = page.get_by_role("button", name="Approve", exact=True)
    expect(approve).to_be_visible()
    approve.click()
    page.wait_for_url("**/admin/snippets/proposals/officialresponse/")
    # The approver sees what happened, on the list of responses.
    message = page.locator(".messages li", has_text="Approved and published: ")
    expect(message).to_be_visible()
    expect(message).to_be_in_viewport()
    screenshot(page, "responses-admin-approved")
    response.refresh_from_db()
    assert response.live and not response.workflow_in_progress
    assert response.cost_estimate == 18000

    # The author reads it on the proposal page, in English and in Persian, and got the e-mail.
    log_in(page, "author@example.org")
    for language in ["en", "fa"]:
        page.goto(f"/{language}/proposals/{proposal.pk}/")
        section = page.locator("#official-response")
        assert "We will plant twelve shade trees this autumn." in section.inner_text()
        assert "Olga" in section.inner_text()
        screenshot(page, f"responses-proposal-{language}")
        axe(page)
    persian = translate_consultation(consultation, title="نوسازی پارک")
    for language, consultation_page in [("en", consultation), ("fa", persian)]:
        page.goto(consultation_page.url)
        assert "We will plant twelve shade trees" in page.locator("#you-said-we-did").inner_text()
        screenshot(page, f"responses-consultation-{language}")
        axe(page)
    assert "author@example.org" in [address for m in mailoutbox for address in m.to]
