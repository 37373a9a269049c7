"""In a browser: an editor writes a consultation and submits it, an approver publishes it, and
a visitor finds it by words and by topic, in English and in Persian. Axe on every public page."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import WorkflowState

from consultations.models import ConsultationIndexPage, ConsultationPage
from consultations.site_structure import APPROVERS_GROUP, EDITORS_GROUP
from tests.factories import (
    DEFAULT_PASSWORD,
    AreaFactory,
    UserFactory,
    make_consultation,
    translate_consultation,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Shade for the Riverside playgrounds"
SUMMARY = "Which playgrounds need sails, trees or pergolas first before next summer's heat?"
TITLE_FA = "سایه برای زمین‌های بازی کناررود"
SUMMARY_FA = (
    "کدام زمین‌های بازی پیش از گرمای تابستان آینده زودتر سایه‌بان، درخت یا آلاچیق لازم دارند؟"
)


def admin_login(page, email: str) -> None:
    page.goto("/admin/login/")  # the admin hands over to the accounts log-in, then back
    page.wait_for_url("**/accounts/login/?next=/admin/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def when(days: int) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


def open_more_actions(page) -> None:
    page.locator("footer").get_by_role("button", name="More actions").click()


def test_editor_submits_approver_publishes_visitor_finds_it(browser, live_server, axe):
    editor = UserFactory(email="elena@example.org", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    approver = UserFactory(email="arash@example.org", is_staff=True)
    approver.groups.add(Group.objects.get(name=APPROVERS_GROUP))
    make_consultation(title="Library opening hours", phase="collecting").topics.add("culture")

    # The editor writes the consultation and submits it for approval.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    admin_login(page, "elena@example.org")
    index = ConsultationIndexPage.objects.get(locale__language_code="en")
    page.goto(f"/admin/pages/add/consultations/consultationpage/{index.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill(SUMMARY)
    tags = page.locator('[data-contentpath="topics"] .tagit-new input')
    tags.click()
    tags.type("playgrounds")
    tags.press("Enter")
    for field, days in (
        ("proposals_open", -1),
        ("proposals_close", 12),
        ("voting_open", 13),
        ("voting_close", 25),
        ("responses_due", 60),
    ):
        page.locator(f"#id_{field}").fill(when(days))
        page.keyboard.press("Escape")
    page.locator("#id_summary").click()  # closes the date picker
    page.locator(".xdsoft_datetimepicker:visible").first.wait_for(state="hidden")
    open_more_actions(page)
    page.get_by_role("button", name="Submit to Consultation publication").click()
    page.wait_for_url(f"**/admin/pages/{index.pk}/")
    page.get_by_role("row", name=TITLE).get_by_text("In moderation").wait_for()
    created = ConsultationPage.objects.get(title=TITLE)
    assert not created.live
    assert WorkflowState.objects.for_instance(created).get().status == "in_progress"
    context.close()

    # The approver approves: that publishes it.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    admin_login(page, "arash@example.org")
    page.goto(f"/admin/pages/{created.pk}/edit/")
    open_more_actions(page)
    page.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_url(f"**/admin/pages/{index.pk}/")
    page.get_by_role("row", name=TITLE).get_by_text("Live").wait_for()
    created.refresh_from_db()
    assert created.live
    assert [tag.name for tag in created.topics.all()] == ["playgrounds"]
    context.close()

    # A visitor finds it by words and by topic.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/en/consultations/")
    page.get_by_label("Search").fill("pergolas")
    page.get_by_role("button", name="Show consultations").click()
    results = page.get_by_role("region", name="1 consultation")
    results.get_by_role("link", name=TITLE).wait_for()
    assert results.get_by_role("link", name="Library opening hours").count() == 0

    page.goto("/en/consultations/")
    page.get_by_label("Topic").select_option(label="playgrounds")
    page.get_by_role("button", name="Show consultations").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", level=1, name=TITLE).wait_for()
    context.close()


@pytest.fixture
def published():
    """A published consultation with its Persian translation and an area, topics both ways."""
    now = timezone.now()
    area = AreaFactory(name="Riverside", name_fa="کناررود", slug="riverside")
    page = make_consultation(
        title=TITLE,
        summary=SUMMARY,
        proposals_open=now - timedelta(days=3),
        proposals_close=now + timedelta(days=5),
        voting_open=now + timedelta(days=6),
        voting_close=now + timedelta(days=20),
        responses_due=now + timedelta(days=50),
        contact_name="Participation team",
        contact_email="participation@example.org",
        body=[
            ("paragraph", "<p>Six playgrounds in Riverside have no shade at all.</p>"),
            ("quote", {"quote": "The slide burns in July.", "attribution": "A parent"}),
        ],
    )
    page.topics.add("playgrounds", "parks")
    page.areas.add(area)
    page.save_revision().publish()
    page = ConsultationPage.objects.get(pk=page.pk)
    persian = translate_consultation(
        page,
        title=TITLE_FA,
        summary=SUMMARY_FA,
        body=[("paragraph", "<p>شش زمین بازی در کناررود هیچ سایه‌ای ندارند.</p>")],
    )
    persian.topics.set(["زمین بازی", "پارک"])
    persian.save_revision().publish()
    make_consultation(title="Library opening hours", phase="voting").topics.add("culture")
    return page, ConsultationPage.objects.get(pk=persian.pk)


@pytest.mark.parametrize(
    ("language", "word", "topic", "title"),
    [
        ("en", "pergolas", "playgrounds", TITLE),
        ("fa", "آلاچیق", "زمین بازی", TITLE_FA),
    ],
)
def test_visitor_finds_a_consultation_by_search_and_topic(
    page, axe, screenshot, published, language, word, topic, title
):
    page.goto(f"/{language}/consultations/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "fa" else "ltr")
    screenshot(page, f"consultation-list-{language}")
    axe(page)

    search = page.get_by_role("search")
    search.get_by_role("searchbox").fill(word)
    search.get_by_role("button").click()
    cards = page.locator(".consultation-card")
    cards.first.wait_for()
    assert cards.count() == 1
    assert cards.first.get_by_role("link").inner_text() == title
    axe(page)

    page.goto(f"/{language}/consultations/")
    page.locator("#id_topic").select_option(label=topic)
    search = page.get_by_role("search")
    search.get_by_role("button").click()
    page.get_by_role("link", name=title).click()
    page.get_by_role("heading", level=1, name=title).wait_for()
    screenshot(page, f"consultation-page-{language}")
    axe(page)


def test_persian_page_links_back_to_english_and_shows_jalali_dates(page, axe, published):
    english, persian = published
    page.goto(persian.url)
    assert page.locator("html").get_attribute("lang") == "fa"
    timeline = page.get_by_role("complementary").locator(".timeline")
    text = timeline.inner_text()
    assert "(" in text and any("\u06f0" <= ch <= "\u06f9" for ch in text)
    page.locator(".consultation__translation").get_by_role("link").click()
    page.wait_for_url(f"**{english.url}")
    page.get_by_role("heading", level=1, name=TITLE).wait_for()
    axe(page)


def test_narrow_screen_consultation_page_in_persian(page, axe, screenshot, published):
    _english, persian = published
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(persian.url)
    screenshot(page, "consultation-page-fa-mobile")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways ({width}px)"
    axe(page)
