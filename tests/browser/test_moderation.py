"""Browser journey of moderation, in English and Persian, with axe on every page visited.

Two citizens report a proposal; at the consultation's threshold it is hidden automatically
and the public page shows only the reason. A moderator follows the link on the consultation
page to the queue, ticks the item under "Hidden after reports" and restores it; the proposal
is public again and the consultation's moderation record counts both decisions.
"""

import pytest

from proposals.models import ModerationDecision, Proposal
from tests.factories import (
    DEFAULT_PASSWORD,
    UserFactory,
    grant_role,
    make_consultation,
    translate_consultation,
)
from tests.factories import make_proposal as stored_proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {"title": "A bench by the pond", "body": "Old people need a place to rest."},
    "fa": {"title": "نیمکتی کنار برکه", "body": "سالمندان جایی برای استراحت لازم دارند."},
}


def log_in(page, user, language: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"/{language}/accounts/login/?next={next_url}")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**{next_url}")


@pytest.mark.parametrize("language", ["en", "fa"])
def test_reported_hidden_and_restored_through_the_queue(page, axe, screenshot, language):
    consultation = make_consultation(
        title="Pond park", phase="voting", moderation="post", auto_hide_reports=2
    )
    moderator = UserFactory(display_name="Moe Moderator")
    grant_role(moderator, "moderator", consultation)
    proposal = stored_proposal(consultation, **TEXT[language])
    detail = f"/{language}/proposals/{proposal.pk}/"
    shown = consultation if language == "en" else translate_consultation(consultation, "fa")
    consultation_url = shown.url

    # Two citizens report it through the report page.
    for n in range(2):
        log_in(page, UserFactory(), language, detail)
        page.goto(f"/{language}/proposals/{proposal.pk}/report/")
        if n == 0:
            axe(page, "report page")
        page.locator("input[name=reason][value=spam]").check()
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"**{detail}*")
    proposal.refresh_from_db()
    assert proposal.state == "hidden"

    # Anyone now sees the reason, never the content.
    page.context.clear_cookies()
    page.goto(detail)
    assert TEXT[language]["body"] not in page.content()
    screenshot(page, f"moderation-hidden-proposal-{language}")
    axe(page, "hidden proposal")

    # The moderator goes from the consultation page to the queue.
    log_in(page, moderator, language, consultation_url)
    record = page.locator("#moderation-record-heading").locator("..")
    queue_link = record.locator("a[href*='/moderation/consultations/']")
    assert queue_link.count() == 1
    axe(page, "consultation page as moderator")
    queue_link.click()
    page.wait_for_url(f"**/{language}/moderation/consultations/{consultation.pk}/*")
    page.locator("a[href='?queue=auto_hidden']").click()
    page.wait_for_url("**queue=auto_hidden*")
    row = page.locator("tr", has_text=TEXT[language]["title"])
    assert row.count() == 1
    if language == "en":
        assert page.get_by_role("link", name="Hidden after reports").count() == 1
        assert "Spam or advertising: 2" in row.inner_text()
    screenshot(page, f"moderation-queue-{language}")
    axe(page, "moderation queue")

    row.locator("input[type=checkbox]").check()
    page.locator("#bulk_action").select_option("restore")
    page.locator("#bulk_text").fill("Reports checked: nothing wrong.")
    page.locator("fieldset.mod-actions button[type=submit]").click()
    page.wait_for_url("**queue=auto_hidden*")
    assert page.locator(".messages").count() == 1
    screenshot(page, f"moderation-queue-after-{language}")
    axe(page, "queue after restoring")

    proposal.refresh_from_db()
    assert proposal.state == "published"
    restored = ModerationDecision.objects.get(proposal=proposal, moderator=moderator)
    assert (restored.from_state, restored.to_state) == ("hidden", "published")

    # Public again, and the record counts the automatic hiding and the restoring.
    page.context.clear_cookies()
    page.goto(detail)
    assert TEXT[language]["body"] in page.content()
    axe(page, "restored proposal")
    page.goto(consultation_url)
    record_table = page.locator("#mod-decisions-caption").locator("xpath=ancestor::table")
    assert record_table.locator("tbody tr").count() == 2
    screenshot(page, f"moderation-record-{language}")
    axe(page, "consultation page with the record")
    assert Proposal.objects.get(pk=proposal.pk).state == "published"


CAMPAIGN = {
    "en": "Stop the tower on Elm Street: it would block the light of every house nearby.",
    "fa": "برج خیابان کاج را متوقف کنید: نور همهٔ خانه‌های اطراف را می‌گیرد.",
}


@pytest.mark.parametrize("language", ["en", "fa"])
def test_queue_shows_a_campaign_and_rejects_it_as_a_whole(page, axe, screenshot, language):
    from proposals.models import ModerationReason

    # The seeded reasons are gone after another transactional test's flush.
    spam = ModerationReason.objects.filter(code="spam").first() or ModerationReason.objects.create(
        code="spam", label="Spam", text="Spam or advertising.", text_fa="هرزنامه یا تبلیغ."
    )
    consultation = make_consultation(title="Elm Street", phase="collecting", moderation="pre")
    moderator = UserFactory(display_name="Moe Moderator")
    grant_role(moderator, "moderator", consultation)
    members = [
        stored_proposal(
            consultation,
            state="pending",
            author=UserFactory(display_name=f"Resident {n}"),
            title=f"{CAMPAIGN[language][:20]} {'!' * n}",
            body=CAMPAIGN[language],
        )
        for n in range(4)
    ]
    stored_proposal(consultation, state="pending", title="Buses at night", body="Every hour.")
    queue_url = f"/{language}/moderation/consultations/{consultation.pk}/"

    log_in(page, moderator, language, queue_url)
    panel = page.locator("article.mod-campaign")
    assert panel.count() == 1
    assert panel.locator("tbody tr").count() == 4
    if language == "en":
        heading = page.get_by_role("heading", name="Possible campaign: 4 accounts posted")
        assert heading.count() == 1
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"moderation-campaign-{language}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    axe(page, "queue with a campaign")

    # Filtered to the group, the queue lists only its members.
    panel.locator("a[href*='campaign=']").click()
    page.wait_for_url("**campaign=*")
    assert page.locator("form.mod-bulk tbody tr", has_text="Buses at night").count() == 0
    assert page.locator("table.mod-table").last.locator("tbody tr").count() == 4
    axe(page, "queue filtered to a campaign")

    # One form rejects the whole group, each item through the bulk path.
    group_form = page.locator("article.mod-campaign form")
    group_form.locator("select[name=action]").select_option("reject")
    group_form.locator("select[name=reason]").select_option(str(spam.pk))
    group_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".messages").count() == 1
    assert page.locator("article.mod-campaign").count() == 0
    screenshot(page, f"moderation-campaign-after-{language}")
    axe(page, "queue after rejecting a campaign")
    decisions = ModerationDecision.objects.filter(moderator=moderator, action="reject")
    assert sorted(decisions.values_list("proposal_id", flat=True)) == [p.pk for p in members]


WORK = {
    "en": ("Repaint the pond railings", "Light for the path at night"),
    "fa": ("رنگ نردهٔ برکه", "چراغ برای مسیر در شب"),
}


@pytest.mark.parametrize("language", ["en", "fa"])
def test_from_the_staff_dashboard_through_the_waiting_items(page, axe, screenshot, language):
    from datetime import timedelta

    from django.utils import timezone

    consultation = make_consultation(title="Pond park", phase="collecting", moderation="pre")
    if language == "fa":
        translate_consultation(consultation, "fa", title="پارک برکه")
    moderator = UserFactory(display_name="Moe Moderator")
    grant_role(moderator, "moderator", consultation)
    older, newer = (
        stored_proposal(consultation, state="pending", title=title, body=f"{title}.")
        for title in WORK[language]
    )
    Proposal.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))

    log_in(page, moderator, language, f"/{language}/consultations/")
    page.locator(f"header a[href='/{language}/staff/']").click()
    page.wait_for_url(f"**/{language}/staff/")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"staff-dashboard-{language}-{width}")
        axe(page, f"staff dashboard at {width}px")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator(f"a[href='/{language}/staff/{consultation.pk}/']").click()
    page.wait_for_url(f"**/staff/{consultation.pk}/")
    items = page.locator("ol.staff-list").first.locator("li")
    assert items.count() == 2
    assert WORK[language][0] in items.first.inner_text()  # the oldest first
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"staff-consultation-{language}-{width}")
        axe(page, f"consultation dashboard at {width}px")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The oldest item, decided on its page, leads on to the next one waiting.
    items.first.locator("a").click()
    page.wait_for_url(f"**/items/proposal/{older.pk}/")
    page.locator("main form select[name=action]").select_option("publish")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/items/proposal/{newer.pk}/")
    assert page.locator(".messages").count() == 1
    axe(page, "the next item after a decision")

    # The last one is published from its row in the queue.
    page.goto(f"/{language}/moderation/consultations/{consultation.pk}/")
    row = page.locator("form.mod-bulk tbody tr", has_text=WORK[language][1])
    assert WORK[language][1] + "." in row.inner_text()  # its text is in the row
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"moderation-queue-rows-{language}-{width}")
        axe(page, f"queue with row actions at {width}px")
    page.set_viewport_size({"width": 1280, "height": 900})
    row.locator("button[value=publish]").click()
    page.wait_for_load_state()
    assert set(Proposal.objects.values_list("state", flat=True)) == {"published"}
    assert page.locator("form.mod-bulk").count() == 0  # nothing waits
