"""The inbox: a citizen's notifications, marked read by them alone."""

import re

import pytest
from django.urls import reverse

from accounts.models import User
from proposals.models import Notification
from proposals.moderation import services as moderation
from tests.factories import UserFactory, grant_role, make_consultation, make_proposal

pytestmark = pytest.mark.django_db
INBOX = reverse("notifications:inbox")


def text_of(response) -> str:
    return response.content.decode()


def reject_for(author, consultation):
    moderator = UserFactory()
    grant_role(moderator, "moderator", consultation)
    proposal = make_proposal(consultation, author=author, state="pending", title="Bench")
    moderation.moderate(action="reject", item=proposal, moderator=moderator, reason="off_topic")
    return proposal


def test_inbox_lists_notifications_and_marks_them_read(client):
    author = UserFactory()
    reject_for(author, make_consultation(moderation="pre"))
    client.force_login(author)
    html = text_of(client.get(INBOX))
    assert "1 unread notification." in html
    assert "Bench" in html
    client.post(INBOX)
    assert Notification.objects.get(recipient=author).read_at is not None
    assert "0 unread notifications." in text_of(client.get(INBOX))


def test_inbox_is_private(client):
    reject_for(UserFactory(), make_consultation(moderation="pre"))
    client.force_login(UserFactory())
    assert "Your inbox is empty" in text_of(client.get(INBOX))
    client.logout()
    assert reverse("account_login") in client.get(INBOX)["Location"]


def test_marking_someone_elses_notification_does_nothing(client):
    author = UserFactory()
    reject_for(author, make_consultation(moderation="pre"))
    note = Notification.objects.get(recipient=author)
    client.force_login(UserFactory())
    client.post(INBOX, {"id": note.pk})
    note.refresh_from_db()
    assert note.read_at is None


@pytest.mark.parametrize(("preference", "emails"), [("immediately", 1), ("daily", 0), ("never", 0)])
def test_email_follows_the_preference(
    preference, emails, mailoutbox, django_capture_on_commit_callbacks
):
    author = UserFactory(email_notifications=preference)
    with django_capture_on_commit_callbacks(execute=True):
        reject_for(author, make_consultation(moderation="pre"))
    assert len(mailoutbox) == emails
    assert Notification.objects.filter(recipient=author).count() == 1


def test_the_unsubscribe_link_in_the_email_works(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    author = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        reject_for(author, make_consultation(moderation="pre"))
    link = re.search(r"https?://\S+/unsubscribe/\S+/", mailoutbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert mailoutbox[0].extra_headers["List-Unsubscribe"] == f"<{link}>"
    page = client.get(f"/{path}")
    assert page.status_code == 200
    author.refresh_from_db()
    assert author.email_notifications == User.Notify.IMMEDIATELY
    done = client.post(f"/{path}")
    author.refresh_from_db()
    assert author.email_notifications == User.Notify.NEVER
    assert reverse("accounts:profile") in text_of(done)  # where to change it back


# --- query counts ---------------------------------------------------------------------------
