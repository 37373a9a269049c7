"""Notifications: inbox rows, e-mails by preference, the daily digest, one-click unsubscribe."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from proposals import services
from proposals.models import Notification
from proposals.moderation import services as moderation
from proposals.notifications.services import (
    inbox_only_notices,
    notifications_mark_read,
    unsubscribe_token,
)
from proposals.notifications.tasks import send_daily_digests
from tests.factories import UserFactory, grant_role, make_consultation, make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation():
    return make_consultation(moderation="pre")


def moderate_pending(consultation, author, capture, moderator):
    proposal = make_proposal(consultation, author=author, state="pending")
    with capture(execute=True):
        moderation.moderate(
            action="reject",
            item=proposal,
            moderator=moderator,
            reason="off_topic",
            text="Not about parks.",
        )
    return proposal


@pytest.fixture
def moderator(consultation):
    user = UserFactory()
    grant_role(user, "moderator", consultation)
    return user


def test_decision_emails_the_author_at_once(
    consultation, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    author = UserFactory()
    moderate_pending(consultation, author, django_capture_on_commit_callbacks, moderator)
    assert [m.to for m in mailoutbox] == [[author.email]]
    assert "Not about parks." in mailoutbox[0].body
    assert Notification.objects.get(recipient=author).email == "sent"


def test_email_waits_for_commit(consultation, moderator, mailoutbox):
    author = UserFactory()
    proposal = make_proposal(consultation, author=author, state="pending")
    moderation.moderate(action="publish", item=proposal, moderator=moderator)
    # The test transaction never commits: the inbox row exists, the e-mail was not sent.
    assert Notification.objects.filter(recipient=author).count() == 1
    assert mailoutbox == []


def test_email_has_one_click_unsubscribe(
    consultation, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    moderate_pending(consultation, UserFactory(), django_capture_on_commit_callbacks, moderator)
    message = mailoutbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url in message.body


def test_email_in_the_recipients_language(
    consultation, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    author = UserFactory(language="fa")
    moderate_pending(consultation, author, django_capture_on_commit_callbacks, moderator)
    assert "/fa/unsubscribe/" in mailoutbox[0].extra_headers["List-Unsubscribe"]


def test_never_means_inbox_only(
    consultation, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    author = UserFactory(email_notifications="never")
    moderate_pending(consultation, author, django_capture_on_commit_callbacks, moderator)
    assert mailoutbox == []
    assert Notification.objects.get(recipient=author).email == "none"


def test_daily_waits_for_the_digest(
    consultation, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    author = UserFactory(email_notifications="daily")
    moderate_pending(consultation, author, django_capture_on_commit_callbacks, moderator)
    assert mailoutbox == []
    assert Notification.objects.get(recipient=author).email == "queued"


def test_digest_sends_one_email_with_everything(
    consultation, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    author = UserFactory(email_notifications="daily")
    moderate_pending(consultation, author, django_capture_on_commit_callbacks, moderator)
    moderate_pending(consultation, author, django_capture_on_commit_callbacks, moderator)
    result = send_daily_digests.enqueue()
    assert result.return_value == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].body.count("Not about parks.") == 2
    assert not Notification.objects.filter(email="queued").exists()


def test_digest_is_not_sent_twice(
    consultation, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    author = UserFactory(email_notifications="daily")
    moderate_pending(consultation, author, django_capture_on_commit_callbacks, moderator)
    send_daily_digests.enqueue()
    send_daily_digests.enqueue()
    assert len(mailoutbox) == 1


def test_daily_job_sends_the_digest_once(
    consultation, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    """The command an operator schedules (README) sends the digest and says so."""
    author = UserFactory(email_notifications="daily")
    moderate_pending(consultation, author, django_capture_on_commit_callbacks, moderator)
    out = StringIO()
    call_command("send_daily_digests", stdout=out)
    call_command("send_daily_digests", stdout=out)
    assert out.getvalue().splitlines() == ["1 digest sent.", "0 digests sent."]
    assert [message.to for message in mailoutbox] == [[author.email]]


def test_replayed_history_reaches_the_inbox_but_sends_no_email(
    consultation, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    """What the demo's seed replays: the author finds the decision in the inbox, and neither an
    immediate e-mail nor a digest goes out for it."""
    at_once = UserFactory(email_notifications="immediately")
    daily = UserFactory(email_notifications="daily")
    with inbox_only_notices():
        moderate_pending(consultation, at_once, django_capture_on_commit_callbacks, moderator)
        moderate_pending(consultation, daily, django_capture_on_commit_callbacks, moderator)
    send_daily_digests.enqueue()
    assert mailoutbox == []
    rows = Notification.objects.filter(recipient__in=[at_once, daily])
    assert sorted(row.email for row in rows) == ["none", "none"]
    # Outside it, the same decision e-mails the author at once again.
    moderate_pending(consultation, at_once, django_capture_on_commit_callbacks, moderator)
    assert [message.to for message in mailoutbox] == [[at_once.email]]


def test_moderators_told_when_items_wait(consultation, moderator):
    services.proposal_submit(
        author=UserFactory(), consultation=consultation, title="Benches", body="More benches."
    )
    assert Notification.objects.get(recipient=moderator).kind == "pending"


def test_followers_told_of_outcome_change(consultation):
    proposal = make_proposal(consultation)
    follower, stranger = UserFactory(), UserFactory()
    services.follow(follower=follower, proposal=proposal)
    services.notify_followers(proposal=proposal, kind="outcome")
    assert Notification.objects.filter(recipient=follower, kind="outcome").count() == 1
    assert not Notification.objects.filter(recipient=stranger).exists()


def test_message_renders_in_the_readers_language(consultation, moderator):
    from django.utils import translation

    author = UserFactory()
    proposal = make_proposal(consultation, author=author, state="pending", title="Trees")
    moderation.moderate(action="publish", item=proposal, moderator=moderator)
    note = Notification.objects.get(recipient=author)
    with translation.override("en"):
        assert "Trees" in note.message
        assert "Published" in note.message


def test_mark_read(consultation, moderator):
    author = UserFactory()
    proposal = make_proposal(consultation, author=author, state="pending")
    moderation.moderate(action="publish", item=proposal, moderator=moderator)
    assert notifications_mark_read(recipient=author) == 1
    assert not Notification.objects.filter(recipient=author).unread().exists()


# --- unsubscribe ------------------------------------------------------------------------


def test_unsubscribe_get_asks_and_changes_nothing(client):
    user = UserFactory()
    response = client.get(f"/en/unsubscribe/{unsubscribe_token(user)}/")
    user.refresh_from_db()
    assert response.status_code == 200
    assert user.email_notifications == "immediately"


def test_unsubscribe_post_sets_never(client):
    user = UserFactory()
    response = client.post(f"/en/unsubscribe/{unsubscribe_token(user)}/")
    user.refresh_from_db()
    assert response.status_code == 200
    assert user.email_notifications == User.Notify.NEVER


def test_unsubscribe_one_click_post_needs_no_csrf():
    from django.test import Client

    user = UserFactory()
    Client(enforce_csrf_checks=True).post(
        f"/en/unsubscribe/{unsubscribe_token(user)}/", {"List-Unsubscribe": "One-Click"}
    )
    user.refresh_from_db()
    assert user.email_notifications == "never"


def test_unsubscribe_refuses_a_forged_token(client):
    user = UserFactory()
    token = unsubscribe_token(user)
    response = client.post(f"/en/unsubscribe/{token[:-2]}xx/")
    user.refresh_from_db()
    assert response.status_code == 400
    assert user.email_notifications == "immediately"
