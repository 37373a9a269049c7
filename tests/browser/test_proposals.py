"""Browser journeys of the citizen side, in English and Persian, with axe on every page.

One citizen proposes (and is shown similar proposals while typing), another supports without
a page reload and comments, a third reports. Fields are found by their ids so the same
journey runs in both languages; the English run also checks the accessible names.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from proposals.models import Comment, Proposal, Report, Support
from proposals.moderation import services as moderation
from tests.factories import DEFAULT_PASSWORD, UserFactory, make_consultation, make_proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {
        "existing": "More trees in the park",
        "typed": "More trees in the parks",
        "body": "Plant trees along the\npath to the school.",
        "comment": "Yes, and benches in the shade.",
    },
    "fa": {
        "existing": "درختان بیشتر در پارک",
        "typed": "درختان بیشتر در پارک محله",
        "body": "در مسیر مدرسه درخت بکارید.",
        "comment": "موافقم، نیمکت هم لازم است.",
    },
}


ONE = {"en": "1", "fa": "\u06f1"}  # the count in each language's digits


def both_phases_open(now=None) -> dict:
    """A schedule where proposals are collected and supports given at the same time."""
    now = now or timezone.now()
    day = timedelta(days=1)
    return {
        "proposals_open": now - 3 * day,
        "proposals_close": now + 5 * day,
        "voting_open": now - 1 * day,
        "voting_close": now + 10 * day,
        "responses_due": now + 40 * day,
    }


def log_in(page, user, language: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"/{language}/accounts/login/?next={next_url}")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**{next_url}")


@pytest.fixture
def consultation():
    page = make_consultation(
        title="Green streets", moderation="post", max_supports_per_citizen=3, **both_phases_open()
    )
    page.topics.add("Trees")
    page.save()
    return page


@pytest.mark.parametrize("language", ["en", "fa"])
def test_propose_support_comment_report(page, axe, screenshot, consultation, language):
    text = TEXT[language]
    make_proposal(
        consultation,
        title=text["existing"],
        latitude=Decimal("35.700000"),
        longitude=Decimal("51.400000"),
    )
    proposer, supporter, reporter = (UserFactory(language=language) for _ in range(3))
    list_url = f"/{language}/consultations/{consultation.slug}/proposals/"

    # The list, with the map's table alternative.
    log_in(page, proposer, language, list_url)
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "fa" else "ltr")
    page.locator("table[data-located-proposals]").get_by_text(text["existing"]).wait_for()
    screenshot(page, f"proposals-list-{language}")
    axe(page, "proposal list")

    # A citizen proposes and sees the similar proposal while typing the title.
    page.locator(f"a[href='{list_url}new/']").first.click()
    page.wait_for_url(f"**{list_url}new/")
    if language == "en":
        page.get_by_role("heading", level=1, name="Send a proposal").wait_for()
    page.locator("#id_title").press_sequentially(text["typed"], delay=10)
    similar = page.locator("#similar-proposals")
    similar.get_by_role("link", name=re.compile(re.escape(text["existing"]))).wait_for()
    page.locator("#id_body").fill(text["body"])
    page.locator("#id_topics input[type=checkbox]").first.check()
    screenshot(page, f"proposal-form-{language}")
    axe(page, "proposal form with similar proposals")
    page.locator("form.form button[type=submit]:not([name])").click()
    page.wait_for_url(re.compile(r".*/proposals/\d+/$"))
    proposal = Proposal.objects.get(title=text["typed"])
    assert proposal.author_id == proposer.pk
    assert list(proposal.topics.names()) == ["Trees"]
    detail_url = f"/{language}/proposals/{proposal.pk}/"
    if language == "en":
        page.get_by_role("heading", level=1, name=text["typed"]).wait_for()
    axe(page, "proposal page of its author")

    # Another citizen supports without a page reload, then comments.
    log_in(page, supporter, language, detail_url)
    page.evaluate("window.__sameDocument = true")
    widget = page.locator("[data-support-widget]")
    widget.locator("form[action$='/support/'] button").click()
    widget.locator("form[action$='/unsupport/']").wait_for()
    assert page.evaluate("window.__sameDocument === true")
    assert widget.locator(".support-widget__number").inner_text() == ONE[language]
    assert Support.objects.filter(proposal=proposal, citizen=supporter).exists()
    if language == "en":
        assert page.locator("[data-support-status]").inner_text() in (
            "",
            "Thank you for your support.",
        )
        widget.get_by_text("You have 2 supports left in this consultation.").wait_for()
        focused = page.evaluate("document.activeElement.textContent.trim()")
        assert focused == "Withdraw my support"
    page.locator("#id_body").fill(text["comment"])
    page.locator("form.comment-form button[type=submit]").click()
    page.locator(".comment__body").get_by_text(text["comment"]).wait_for()
    assert Comment.objects.filter(proposal=proposal, author=supporter).exists()
    screenshot(page, f"proposal-detail-{language}")
    axe(page, "proposal page with a support and a comment")

    # A third citizen reports it.
    log_in(page, reporter, language, detail_url)
    page.locator(f"a[href='/{language}/proposals/{proposal.pk}/report/']").click()
    page.locator("input[name=reason][value=spam]").check()
    screenshot(page, f"proposal-report-{language}")
    axe(page, "report form")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**{detail_url}")
    page.locator(".messages").wait_for()
    assert Report.objects.filter(proposal=proposal, reporter=reporter).count() == 1

    # The list now shows both, with the counts.
    page.goto(f"{list_url}?sort=supports")
    page.locator(".proposal-card").nth(1).wait_for()
    axe(page, "proposal list after the journey")


def test_support_without_javascript(browser, live_server, consultation):
    proposal = make_proposal(consultation, title="Crossing")
    citizen = UserFactory()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, citizen, "en", f"/en/proposals/{proposal.pk}/")
        page.get_by_role("button", name="Support this proposal").click()
        page.get_by_text("Thank you for your support.").wait_for()
        page.get_by_role("button", name="Withdraw my support").wait_for()
        assert page.url.endswith(f"/en/proposals/{proposal.pk}/#support")
    finally:
        context.close()
    assert Support.objects.filter(proposal=proposal, citizen=citizen).count() == 1


@pytest.mark.parametrize("language", ["en", "fa"])
def test_narrow_screen_proposal_page(page, axe, screenshot, consultation, language):
    proposal = make_proposal(
        consultation,
        title="A rather long proposal title that has to wrap on a small phone screen",
        body="Text " * 80,
    )
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/{language}/proposals/{proposal.pk}/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    screenshot(page, f"proposal-detail-mobile-{language}")
    assert not overflow
    axe(page)
    page.goto(f"/{language}/consultations/{consultation.slug}/proposals/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    screenshot(page, f"proposals-list-mobile-{language}")
    assert not overflow
    axe(page)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_edit_history_inbox_and_hidden_pages(page, axe, screenshot, consultation, language):
    from tests.factories import grant_role

    author = UserFactory(language=language)
    proposal = make_proposal(consultation, author=author, title=TEXT[language]["existing"])
    moderator = UserFactory()
    grant_role(moderator, "moderator", consultation)
    other = make_proposal(consultation, title="Buy cheap watches", body="Spam text")
    moderation.moderate(action="hide", item=other, moderator=moderator, reason="spam")
    detail_url = f"/{language}/proposals/{proposal.pk}/"

    log_in(page, author, language, f"{detail_url}edit/")
    page.locator("#id_title").fill(TEXT[language]["typed"])
    screenshot(page, f"proposal-edit-{language}")
    axe(page, "edit form")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**{detail_url}")
    history = page.locator(".proposal__history")
    history.locator("summary").first.click()
    history.get_by_text(TEXT[language]["existing"], exact=True).wait_for()
    axe(page, "proposal page with its edit history open")

    page.goto(f"/{language}/proposals/{other.pk}/")
    assert "Buy cheap watches" not in page.content()
    axe(page, "hidden proposal")

    moderation.moderate(action="hide", item=proposal, moderator=moderator, reason="off_topic")
    page.goto(f"/{language}/inbox/")
    page.locator(".inbox__item--unread").first.wait_for()
    screenshot(page, f"inbox-{language}")
    axe(page, "inbox")
    page.locator(".inbox-actions button").click()
    page.locator(".inbox__item--unread").first.wait_for(state="detached")


def test_refusal_page_passes_axe(page, axe, screenshot):
    closed = make_consultation(title="Old plan", phase="closed")
    citizen = UserFactory()
    log_in(page, citizen, "en", f"/en/consultations/{closed.slug}/proposals/")
    response = page.goto(f"/en/consultations/{closed.slug}/proposals/new/")
    assert response.status == 409
    page.get_by_role("alert").get_by_text("Proposals can only be sent").wait_for()
    screenshot(page, "proposal-refused-en")
    axe(page, "refusal page")


@pytest.mark.parametrize("language", ["en", "fa"])
def test_form_errors_are_announced_and_tied_to_fields(
    page, axe, screenshot, consultation, language
):
    citizen = UserFactory(language=language)
    form_url = f"/{language}/consultations/{consultation.slug}/proposals/new/"
    log_in(page, citizen, language, form_url)
    page.locator("#id_title").fill("x" * 150)
    page.locator("#id_latitude").fill("35.7")
    page.locator("form.form button[type=submit]:not([name])").click()
    page.get_by_role("alert").wait_for()
    body = page.locator("#id_body")
    assert body.get_attribute("aria-invalid") == "true"
    assert "id_body_error" in body.get_attribute("aria-describedby").split()
    assert page.locator("#id_title").input_value() == "x" * 150
    assert not Proposal.objects.exists()
    screenshot(page, f"proposal-form-errors-{language}")
    axe(page, "proposal form with errors")


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["en", "fa"])
def test_support_from_list_comment_report_and_withdraw_find_their_way_back(
    page, axe, screenshot, consultation, language, width
):
    from proposals import services
    from proposals.views import COMMENTS_PER_PAGE

    page.set_viewport_size({"width": width, "height": 900})
    text = TEXT[language]
    author, citizen = UserFactory(language=language), UserFactory(language=language)
    busy = make_proposal(consultation, author=author, title=text["existing"])
    for n in range(COMMENTS_PER_PAGE + 1):
        services.comment_post(author=UserFactory(), proposal=busy, body=f"Comment {n}")
    other = make_proposal(consultation, title=text["typed"])
    list_url = f"/{language}/consultations/{consultation.slug}/proposals/"
    detail_url = f"/{language}/proposals/{busy.pk}/"
    suffix = f"{language}-{width}"

    # Support from a card of a filtered list: back to the same list, at the same card.
    log_in(page, citizen, language, f"{list_url}?sort=newest")
    page.locator(f"#proposal-{other.pk} form[action$='/support/'] button").click()
    page.wait_for_url(f"**{list_url}?sort=newest#proposal-{other.pk}")
    page.locator(".messages").wait_for()
    page.locator(f"#proposal-{other.pk} form[action$='/unsupport/']").wait_for()
    assert Support.objects.filter(proposal=other, citizen=citizen).exists()
    screenshot(page, f"proposals-list-supported-{suffix}")
    axe(page, "list after supporting from a card")

    # A new comment on a busy proposal: the page that holds it, at the comment.
    page.goto(detail_url)
    response_box = page.locator("#official-response").bounding_box()
    column = page.locator(".proposal__main").bounding_box()
    assert abs(response_box["width"] - column["width"]) < 1  # the empty box fills the column
    page.locator("#id_body").fill(text["comment"])
    page.locator("form.comment-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*\?page=2#comment-\d+$"))
    new = Comment.objects.get(proposal=busy, author=citizen)
    page.locator(f"#comment-{new.pk}").get_by_text(text["comment"]).wait_for()
    screenshot(page, f"proposal-comment-last-page-{suffix}")
    axe(page, "the comment page that holds the new comment")

    # Report once; afterwards the page says when instead of offering the form again.
    page.goto(detail_url)
    page.locator(f"a[href='{detail_url}report/']").click()
    page.locator("nav.breadcrumb a[href='" + detail_url + "']").wait_for()
    page.locator("input[name=reason][value=spam]").check()
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**{detail_url}")
    page.locator("[data-reported]").wait_for()
    assert page.locator(f"a[href='{detail_url}report/']").count() == 0
    page.goto(f"{detail_url}report/")
    assert page.locator("input[name=reason]").count() == 0
    screenshot(page, f"proposal-reported-{suffix}")
    axe(page, "report page of a reported proposal")

    # The author withdraws only after confirming, from a link apart from Edit.
    log_in(page, author, language, detail_url)
    screenshot(page, f"proposal-of-its-author-{suffix}")
    page.locator(f".proposal__withdraw a[href='{detail_url}withdraw/']").click()
    page.wait_for_url(f"**{detail_url}withdraw/")
    busy.refresh_from_db()
    assert busy.state == "published"
    screenshot(page, f"proposal-withdraw-confirm-{suffix}")
    axe(page, "withdraw confirmation")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{detail_url}")
    busy.refresh_from_db()
    assert busy.state == "withdrawn"
    axe(page, "withdrawn proposal")
