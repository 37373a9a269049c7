"""The moderation queue and its actions, on the public site and in the Wagtail admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from proposals import services
from proposals.models import (
    Comment,
    ModerationDecision,
    ModerationReason,
    Notification,
    Proposal,
    Report,
)
from proposals.moderation import services as moderation
from tests.factories import UserFactory, make_consultation, make_proposal
from tests.proposals.staff import english, moderator_of, staff_admin_backend  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "staff_admin_backend")]


@pytest.fixture
def consultation():
    return make_consultation(phase="collecting", auto_hide_reports=2)


@pytest.fixture
def moderator(consultation):
    return moderator_of(consultation)


def queue_url(consultation, admin=False, **params):
    name = "civic_moderation_queue" if admin else "moderation:queue"
    url = reverse(name, args=[consultation.pk])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def bulk_url(consultation, admin=False):
    name = "civic_moderation_bulk" if admin else "moderation:bulk"
    return reverse(name, args=[consultation.pk])


def reason(code="spam"):
    return ModerationReason.objects.filter(code=code).first()


def report(proposal, n=1, reason="spam", text=""):
    for _ in range(n):
        services.report_file(reporter=UserFactory(), proposal=proposal, reason=reason, text=text)


# --- the queue -----------------------------------------------------------------------------


def test_default_reasons_are_seeded_in_both_languages():
    codes = set(ModerationReason.objects.values_list("code", flat=True))
    assert {"spam", "offensive", "off_topic", "personal_data", "duplicate", "other"} <= codes
    assert all(r.text and r.text_fa for r in ModerationReason.objects.all())


@pytest.mark.parametrize("admin", [False, True])
def test_pending_queue_lists_oldest_first_with_counts(client, consultation, moderator, admin):
    newer = make_proposal(consultation, state="pending", title="Newer idea")
    older = make_proposal(consultation, state="pending", title="Older idea")
    Proposal.objects.filter(pk=older.pk).update(created_at=newer.created_at.replace(year=2020))
    client.force_login(moderator)
    response = client.get(queue_url(consultation, admin))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Older idea") < html.index("Newer idea")
    assert "(2)" in html  # the pending tab counts both


def test_pending_comments_are_in_the_queue(client, consultation, moderator):
    proposal = make_proposal(consultation)
    Comment.objects.create(proposal=proposal, author=UserFactory(), body="Waiting comment")
    client.force_login(moderator)
    response = client.get(queue_url(consultation, kind="comment"))
    assert "Waiting comment" in response.content.decode()
    response = client.get(queue_url(consultation, kind="proposal"))
    assert "Waiting comment" not in response.content.decode()


def test_reported_queue_groups_reports_by_reason(client, consultation, moderator):
    proposal = make_proposal(consultation, title="Reported idea")
    services.report_file(reporter=UserFactory(), proposal=proposal, reason="spam")
    client.force_login(moderator)
    response = client.get(queue_url(consultation, queue="reported"))
    html = response.content.decode()
    assert "Reported idea" in html
    assert "Spam or advertising: 1" in html


def test_reason_filter_keeps_only_matching_reports(client, consultation, moderator):
    spam = make_proposal(consultation, title="Spam idea")
    rude = make_proposal(consultation, title="Rude idea")
    report(spam, reason="spam")
    report(rude, reason="offensive")
    client.force_login(moderator)
    html = client.get(queue_url(consultation, queue="reported", reason="offensive")).content
    assert b"Rude idea" in html
    assert b"Spam idea" not in html


def test_auto_hidden_items_wait_in_their_queue(client, consultation, moderator):
    proposal = make_proposal(consultation, title="Hidden by the crowd")
    report(proposal, n=2)
    proposal.refresh_from_db()
    assert proposal.state == "hidden"
    client.force_login(moderator)
    auto_hidden = client.get(queue_url(consultation, queue="auto_hidden")).content
    hidden_by_moderators = client.get(queue_url(consultation, queue="hidden")).content
    assert b"Hidden by the crowd" in auto_hidden
    assert b"Hidden by the crowd" not in hidden_by_moderators


def test_queue_paginates(client, consultation, moderator):
    author = UserFactory()  # one author: the same text from many accounts is a campaign
    for n in range(27):
        make_proposal(consultation, author=author, state="pending", title=f"Idea {n:02d}")
    client.force_login(moderator)
    first = client.get(queue_url(consultation)).content.decode()
    second = client.get(queue_url(consultation, page=2)).content.decode()
    assert "Idea 00" in first and "Idea 26" not in first
    assert "Idea 26" in second


def queue_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("queue", ["pending", "reported"])
def test_queue_query_count_is_the_same_for_5_and_20_items(client, consultation, moderator, queue):
    def add(n: int) -> None:
        for i in range(n):
            if queue == "pending":
                make_proposal(consultation, state="pending", title=f"Idea {i}")
            else:
                report(make_proposal(consultation, title=f"Reported {i}"), reason="offensive")

    client.force_login(moderator)
    client.get(queue_url(consultation, queue=queue))  # the session's first request asks more
    add(5)
    few = queue_queries(client, queue_url(consultation, queue=queue))
    add(15)
    many = queue_queries(client, queue_url(consultation, queue=queue))
    assert few == many


def test_empty_queue_says_so(client, consultation, moderator):
    client.force_login(moderator)
    assert "Nothing waits here" in client.get(queue_url(consultation)).content.decode()


# --- bulk actions --------------------------------------------------------------------------


@pytest.mark.parametrize("admin", [False, True])
def test_bulk_publish(client, consultation, moderator, admin):
    a = make_proposal(consultation, state="pending")
    b = make_proposal(consultation, state="pending")
    client.force_login(moderator)
    response = client.post(
        bulk_url(consultation, admin),
        {"items": [f"proposal:{a.pk}", f"proposal:{b.pk}"], "action": "publish"},
    )
    assert response.status_code == 302
    assert set(Proposal.objects.values_list("state", flat=True)) == {"published"}
    assert ModerationDecision.objects.filter(moderator=moderator, to_state="published").count() == 2


def test_bulk_reject_uses_the_reason_template_and_extra_words(client, consultation, moderator):
    proposal = make_proposal(consultation, state="pending")
    client.force_login(moderator)
    client.post(
        bulk_url(consultation),
        {
            "items": [f"proposal:{proposal.pk}"],
            "action": "reject",
            "reason": reason("duplicate").pk,
            "text": "See proposal 12.",
        },
    )
    proposal.refresh_from_db()
    decision = ModerationDecision.objects.get(proposal=proposal)
    assert proposal.state == "rejected"
    assert decision.reason == "duplicate"
    assert proposal.public_reason == f"{reason('duplicate').text} See proposal 12."
    notification = Notification.objects.get(recipient=proposal.author, kind="decision")
    assert "See proposal 12." in notification.params["reason"]


def test_reason_text_follows_the_moderators_language(client, consultation, moderator):
    proposal = make_proposal(consultation, state="pending")
    client.force_login(moderator)
    client.post(
        reverse("moderation:bulk", args=[consultation.pk]).replace("/en/", "/fa/"),
        {"items": [f"proposal:{proposal.pk}"], "action": "reject", "reason": reason("spam").pk},
    )
    proposal.refresh_from_db()
    assert proposal.public_reason == reason("spam").text_fa


def test_reject_without_reason_is_refused_and_changes_nothing(client, consultation, moderator):
    proposal = make_proposal(consultation, state="pending")
    client.force_login(moderator)
    response = client.post(
        bulk_url(consultation),
        {"items": [f"proposal:{proposal.pk}"], "action": "reject"},
        follow=True,
    )
    assert "Choose the public reason" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == "pending"


def test_bulk_reports_refusals_per_item_and_does_the_rest(client, consultation, moderator):
    pending = make_proposal(consultation, state="pending")
    published = make_proposal(consultation)
    client.force_login(moderator)
    response = client.post(
        bulk_url(consultation),
        {"items": [f"proposal:{pending.pk}", f"proposal:{published.pk}"], "action": "publish"},
        follow=True,
    )
    html = response.content.decode()
    assert "done for 1 item" in html
    assert f"Proposal {published.pk}:" in html
    pending.refresh_from_db()
    assert pending.state == "published"


def test_bulk_refuses_items_of_another_consultation(client, consultation, moderator):
    other = make_consultation(title="Bike lanes")
    foreign = make_proposal(other, state="pending")
    client.force_login(moderator)
    client.post(bulk_url(consultation), {"items": [f"proposal:{foreign.pk}"], "action": "publish"})
    foreign.refresh_from_db()
    assert foreign.state == "pending"


def test_bulk_needs_post(client, consultation, moderator):
    client.force_login(moderator)
    assert client.get(bulk_url(consultation)).status_code == 405


def test_bulk_needs_csrf(consultation, moderator):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(moderator)
    proposal = make_proposal(consultation, state="pending")
    response = strict.post(
        bulk_url(consultation), {"items": [f"proposal:{proposal.pk}"], "action": "publish"}
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == "pending"


def test_restore_auto_hidden_through_queue_resolves_reports(client, consultation, moderator):
    proposal = make_proposal(consultation)
    report(proposal, n=2)
    client.force_login(moderator)
    client.post(
        bulk_url(consultation),
        {"items": [f"proposal:{proposal.pk}"], "action": "restore", "text": "Reports unfounded."},
    )
    proposal.refresh_from_db()
    assert proposal.state == "published"
    assert not Report.objects.filter(proposal=proposal, resolved_at__isnull=True).exists()


def test_dismiss_reports_keeps_item_and_records_decision(client, consultation, moderator):
    proposal = make_proposal(consultation)
    report(proposal)
    client.force_login(moderator)
    client.post(bulk_url(consultation), {"items": [f"proposal:{proposal.pk}"], "action": "dismiss"})
    proposal.refresh_from_db()
    assert proposal.state == "published"
    decision = ModerationDecision.objects.get(proposal=proposal, moderator=moderator)
    assert (decision.from_state, decision.to_state) == ("published", "published")
    assert ModelLogEntry.objects.filter(action="civic.moderation.dismiss").exists()


def test_hide_comment_through_item_page(client, consultation, moderator):
    proposal = make_proposal(consultation)
    comment = services.comment_post(author=UserFactory(), proposal=proposal, body="Rude words")
    if comment.state == "pending":
        moderation.moderate(action="publish", item=comment, moderator=moderator)
    client.force_login(moderator)
    url = reverse("moderation:act", args=[consultation.pk, "comment", comment.pk])
    response = client.post(url, {"action": "hide", "reason": reason("offensive").pk})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.state == "hidden"
    assert comment.public_reason == reason("offensive").text
    assert Notification.objects.filter(recipient=comment.author, kind="decision").exists()


def test_item_page_shows_content_and_history_to_moderators(client, consultation, moderator):
    proposal = make_proposal(consultation, title="Secret content", body="Body only mods see")
    report(proposal, n=2)
    client.force_login(moderator)
    html = client.get(
        reverse("moderation:item", args=[consultation.pk, "proposal", proposal.pk])
    ).content.decode()
    assert "Body only mods see" in html
    assert "Hidden" in html
    assert "Restore (publish again)" in html


def test_every_action_writes_an_audit_log_entry(client, consultation, moderator):
    proposal = make_proposal(consultation, state="pending")
    client.force_login(moderator)
    client.post(bulk_url(consultation), {"items": [f"proposal:{proposal.pk}"], "action": "publish"})
    client.post(
        bulk_url(consultation),
        {"items": [f"proposal:{proposal.pk}"], "action": "hide", "reason": reason().pk},
    )
    client.post(bulk_url(consultation), {"items": [f"proposal:{proposal.pk}"], "action": "restore"})
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(proposal.pk))
        .order_by("timestamp", "id")
        .values_list("action", "user_id")
    )
    assert actions == [
        ("civic.moderation.publish", moderator.pk),
        ("civic.moderation.hide", moderator.pk),
        ("civic.moderation.restore", moderator.pk),
    ]


# --- who may see the queue -----------------------------------------------------------------


def test_visitor_is_sent_to_login(client, consultation):
    response = client.get(queue_url(consultation))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_citizen_gets_403(client, consultation):
    client.force_login(UserFactory())
    assert client.get(queue_url(consultation)).status_code == 403


@pytest.mark.parametrize("admin", [False, True])
def test_moderator_of_another_consultation_gets_403(client, consultation, admin):
    stranger = moderator_of(make_consultation(title="Bike lanes"))
    proposal = make_proposal(consultation, state="pending")
    client.force_login(stranger)
    assert client.get(queue_url(consultation, admin)).status_code == 403
    response = client.post(
        bulk_url(consultation, admin), {"items": [f"proposal:{proposal.pk}"], "action": "publish"}
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == "pending"


def test_item_of_another_consultation_is_404_in_my_queue(client, consultation, moderator):
    foreign = make_proposal(make_consultation(title="Bike lanes"), state="pending")
    client.force_login(moderator)
    url = reverse("moderation:item", args=[consultation.pk, "proposal", foreign.pk])
    assert client.get(url).status_code == 404
    act = reverse("moderation:act", args=[consultation.pk, "proposal", foreign.pk])
    assert client.post(act, {"action": "publish"}).status_code == 404


def test_index_lists_only_my_consultations(client, consultation, moderator):
    make_consultation(title="Bike lanes")
    make_proposal(consultation, state="pending")
    client.force_login(moderator)
    for name in ("moderation:index", "civic_moderation_index"):
        html = client.get(reverse(name)).content.decode()
        assert consultation.title in html
        assert "Bike lanes" not in html


def test_admin_menu_and_dashboard_show_moderation(client, consultation, moderator):
    make_proposal(consultation, state="pending")
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("civic_moderation_index") in html
    assert reverse("civic_moderation_queue", args=[consultation.pk]) in html


def test_reason_templates_are_editable_snippets(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    spam = reason("spam")
    url = reverse("wagtailsnippets_proposals_moderationreason:edit", args=[spam.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "code": "spam",
            "label": spam.label,
            "text": "Advertising is not allowed here.",
            "text_fa": spam.text_fa,
            "sort_order": 0,
        },
    )
    assert response.status_code == 302
    spam.refresh_from_db()
    assert spam.text == "Advertising is not allowed here."
