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
    hidden = page.locator("table.listing .visually-hidden").first.bounding_box()
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


LONG_TITLE = (
    "A much longer proposal title that goes on about benches, shade, fountains and the lights "
    "along the river path so that it fills the whole line"
)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_editor_and_the_assignments_list_fit_both_widths(
    page, axe, screenshot, settings, language
):
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.users.models import UserProfile

    from proposals.responses import services as response_services
    from proposals.responses.wagtail_hooks import response_viewset

    with_staff_backend(settings)
    consultation = make_consultation(phase="deliberating")
    official = official_of(consultation, email="official@example.org", display_name="Olga")
    profile = UserProfile.get_for_user(official)
    profile.preferred_language = language
    profile.save()
    late = make_proposal(consultation, title="Late benches", body="Benches by the pond.\n\nSix.")
    long = make_proposal(consultation, title=LONG_TITLE)
    response_services.assignment_pick(proposal=long, staff=official, official=official)
    assignment = response_services.assignment_pick(proposal=late, staff=official, official=official)
    now = timezone.now()
    ResponseAssignment.objects.filter(pk=assignment.pk).update(
        assigned_at=now - timedelta(days=30), due_at=now - timedelta(days=3, hours=2)
    )

    log_in(page, "official@example.org")
    late_text = {"en": "3 days late", "fa": "۳ روز تأخیر"}[language]
    overdue_tab = {"en": "Overdue (1)", "fa": "مهلت گذشته (۱)"}[language]  # noqa: RUF001
    editor = reverse(response_viewset.get_url_name("add")) + f"?proposal={long.pk}"
    for width in (1280, 390):
        # Each width loads afresh: the admin lays out its menu for the width it opens at.
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(reverse("response_assignments"))
        assert late_text in page.locator("table.listing").inner_text()
        expect(page.locator(".civic-tabs a[aria-current=page]")).to_have_text(overdue_tab)
        screenshot(page, f"responses-assignments-{language}-{width}")
        axe(page, f"assignments at {width}px")

        page.goto(editor)
        beside = page.locator(".civic-editor__proposal")
        expect(beside.get_by_role("link", name=LONG_TITLE)).to_be_visible()
        screenshot(page, f"responses-editor-{language}-{width}")
        form = page.locator(".civic-editor__form").bounding_box()
        for field in ("#id_proposal", "#id_merged_into"):
            box = page.locator(field).bounding_box()
            assert box["x"] >= form["x"] - 1, field
            assert box["x"] + box["width"] <= form["x"] + form["width"] + 1, field
        axe(page, f"editor at {width}px")

    page.goto(reverse(response_viewset.get_url_name("add")) + f"?proposal={late.pk}")
    assert late_text in page.locator(".civic-editor__proposal").inner_text()
