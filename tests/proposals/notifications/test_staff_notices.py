"""Moderators are told when items wait (DESIGN.md §5): by their e-mail preference, linked to
the moderation queue, and never one e-mail per item while items keep arriving."""

from datetime import timedelta

import pytest
from django.utils import timezone

from proposals import services
from proposals.models import Notification
from proposals.notifications.services import PENDING_EMAIL_QUIET
from proposals.notifications.tasks import send_daily_digests
from tests.factories import UserFactory, grant_role, make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation():
    return make_consultation(moderation="pre")


def moderator_of(consultation, preference: str):
    user = UserFactory(email_notifications=preference)
    grant_role(user, "moderator", consultation)
    return user


def submit(consultation, capture, title: str):
    with capture(execute=True):
        return services.proposal_submit(
            author=UserFactory(), consultation=consultation, title=title, body="Please."
        )


def test_an_immediate_moderator_is_e_mailed_with_a_link_to_the_queue(
    consultation, mailoutbox, django_capture_on_commit_callbacks
):
    moderator = moderator_of(consultation, "immediately")
    submit(consultation, django_capture_on_commit_callbacks, "Benches by the river")
    assert [m.to for m in mailoutbox] == [[moderator.email]]
    queue = f"/en/moderation/consultations/{consultation.pk}/"
    assert "Benches by the river" in mailoutbox[0].body
    assert queue in mailoutbox[0].body
    assert Notification.objects.get(recipient=moderator).link == queue


def test_items_arriving_within_the_hour_send_one_e_mail_but_fill_the_inbox(
    consultation, mailoutbox, django_capture_on_commit_callbacks
):
    moderator = moderator_of(consultation, "immediately")
    for title in ("Benches", "Fountains", "Trees"):
        submit(consultation, django_capture_on_commit_callbacks, title)
    assert len(mailoutbox) == 1
    assert Notification.objects.filter(recipient=moderator, kind="pending").count() == 3


def test_after_a_quiet_hour_the_next_item_is_e_mailed_again(
    consultation, mailoutbox, django_capture_on_commit_callbacks
):
    moderator_of(consultation, "immediately")
    submit(consultation, django_capture_on_commit_callbacks, "Benches")
    Notification.objects.update(created_at=timezone.now() - PENDING_EMAIL_QUIET - timedelta(1))
    submit(consultation, django_capture_on_commit_callbacks, "Fountains")
    assert len(mailoutbox) == 2
    assert "Fountains" in mailoutbox[1].body


def test_the_hour_is_counted_per_consultation(
    consultation, mailoutbox, django_capture_on_commit_callbacks
):
    other = make_consultation(moderation="pre")
    moderator = moderator_of(consultation, "immediately")
    grant_role(moderator, "moderator", other)
    submit(consultation, django_capture_on_commit_callbacks, "Benches")
    submit(other, django_capture_on_commit_callbacks, "Fountains")
    assert len(mailoutbox) == 2


def test_a_daily_moderator_reads_every_waiting_item_in_one_digest(
    consultation, mailoutbox, django_capture_on_commit_callbacks
):
    moderator = moderator_of(consultation, "daily")
    for title in ("Benches", "Fountains"):
        submit(consultation, django_capture_on_commit_callbacks, title)
    assert mailoutbox == []
    send_daily_digests.enqueue()
    assert [m.to for m in mailoutbox] == [[moderator.email]]
    assert "Benches" in mailoutbox[0].body and "Fountains" in mailoutbox[0].body


def test_a_moderator_who_wants_no_e_mail_gets_only_the_inbox(
    consultation, mailoutbox, django_capture_on_commit_callbacks
):
    moderator = moderator_of(consultation, "never")
    submit(consultation, django_capture_on_commit_callbacks, "Benches")
    send_daily_digests.enqueue()
    assert mailoutbox == []
    assert Notification.objects.get(recipient=moderator).kind == "pending"


def test_only_this_consultation_s_moderators_are_told(
    consultation, mailoutbox, django_capture_on_commit_callbacks
):
    ours = moderator_of(consultation, "immediately")
    theirs = moderator_of(make_consultation(moderation="pre"), "immediately")
    official = UserFactory()
    grant_role(official, "official", consultation)
    submit(consultation, django_capture_on_commit_callbacks, "Benches")
    assert [m.to for m in mailoutbox] == [[ours.email]]
    assert not Notification.objects.filter(recipient__in=[theirs, official]).exists()
