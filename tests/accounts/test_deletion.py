"""Deleting an account: personal data erased everywhere, contributions and counts kept."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.models import User
from accounts.services import AccountError, account_delete
from proposals.models import (
    Comment,
    ConsultationTally,
    Follow,
    ModerationDecision,
    Notification,
    Proposal,
    Support,
)
from tests.accounts.privacy_data import EMAIL, NAME, SECOND_EMAIL, build_world, rows_mentioning
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

DELETE_URL = "/en/profile/delete/"


@pytest.fixture
def world():
    return build_world()


def test_the_world_holds_the_person_before_deletion(world):
    # The scan below can only pass for the right reason if it finds them first.
    tables = {table for table, _column in rows_mentioning(EMAIL, NAME)}
    assert {"accounts_user", "account_emailaddress", "wagtailcore_modellogentry"} <= tables


def test_no_table_or_column_mentions_the_email_or_name_after_deletion(world, client):
    client.force_login(world.person)
    account_delete(user=world.person, password=DEFAULT_PASSWORD)
    assert rows_mentioning(EMAIL, SECOND_EMAIL, NAME) == []


def test_contributions_stay_attributed_to_deleted_account(world, client):
    account_delete(user=world.person, password=DEFAULT_PASSWORD)
    proposal = Proposal.objects.get(pk=world.proposal.pk)
    comment = Comment.objects.get(pk=world.comment.pk)
    assert proposal.author_id is None
    assert proposal.author_name == "deleted account"
    assert comment.author_name == "deleted account"


def test_a_deleted_author_reads_in_persian_too(world):
    from django.utils import translation

    account_delete(user=world.person, password=DEFAULT_PASSWORD)
    with translation.override("fa"):
        assert Comment.objects.get(pk=world.comment.pk).author_name == "حساب حذف‌شده"


def test_supports_stay_counted_with_the_same_voter_token(world):
    support = Support.objects.get(citizen=world.person)
    token, count = support.voter_token, Proposal.objects.get(pk=world.supported.pk).support_count
    account_delete(user=world.person, password=DEFAULT_PASSWORD)
    support.refresh_from_db()
    assert support.citizen_id is None
    assert support.voter_token == token
    assert Proposal.objects.get(pk=world.supported.pk).support_count == count == 1
    assert Support.objects.filter(proposal=world.supported).count() == 1


def test_public_counts_do_not_change(world, client):
    def counts():
        return (
            list(Proposal.objects.order_by("pk").values_list("support_count", "comment_count")),
            list(ConsultationTally.objects.order_by("pk").values_list("proposals", "comments")),
        )

    before = counts()
    page_before = client.get(f"/en/proposals/{world.comment.proposal_id}/")
    account_delete(user=world.person, password=DEFAULT_PASSWORD)
    assert counts() == before
    page_after = client.get(f"/en/proposals/{world.comment.proposal_id}/")
    assert page_after.status_code == page_before.status_code
    if page_after.status_code == 200:
        assert "deleted account" in page_after.content.decode()


def test_personal_rows_are_gone(world):
    person_id = world.person.pk
    account_delete(user=world.person, password=DEFAULT_PASSWORD)
    assert not User.objects.filter(pk=person_id).exists()
    assert not Follow.objects.filter(follower_id=person_id).exists()
    assert not Notification.objects.filter(recipient_id=person_id).exists()


def test_every_session_of_the_person_ends(world, client, django_user_model):
    from django.test import Client

    other_device = Client()
    other_device.force_login(world.person)
    client.force_login(world.person)
    bystander = UserFactory()
    Client().force_login(bystander)
    assert Session.objects.count() == 3
    account_delete(user=world.person, password=DEFAULT_PASSWORD)
    assert Session.objects.count() == 1
    assert other_device.get("/en/profile/").status_code == 302  # back to the login page


def test_a_wrong_password_changes_nothing(world):
    with pytest.raises(AccountError):
        account_delete(user=world.person, password="not the password")
    assert User.objects.filter(pk=world.person.pk).exists()


def test_staff_actions_stay_in_the_audit_trail_unlinked(world):
    moderator_id = world.moderator.pk
    decisions = ModerationDecision.objects.filter(moderator_id=moderator_id).count()
    logged = ModelLogEntry.objects.filter(user_id=moderator_id).count()
    assert decisions and logged
    account_delete(user=world.moderator, password=DEFAULT_PASSWORD)
    assert ModerationDecision.objects.filter(moderator__isnull=True).count() >= decisions
    # Wagtail's history views fetch the user alongside, as here.
    entries = ModelLogEntry.objects.filter(user_id=moderator_id).select_related("user")
    assert entries.count() == logged
    assert not User.objects.filter(pk=moderator_id).exists()
    # Wagtail's history shows "user <id> (deleted)": no person behind it, yet not "system".
    assert all(entry.user_display_name == f"user {moderator_id} (deleted)" for entry in entries)
    assert rows_mentioning("Moderator Mo") == []


# --- the page --------------------------------------------------------------------------


def test_the_confirmation_page_asks_for_the_password(client, world):
    client.force_login(world.person)
    response = client.get(DELETE_URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'type="password"' in body
    assert 'for="id_password"' in body
    assert "deleted account" in body


def test_deleting_from_the_page_logs_out_and_says_so(client, world):
    client.force_login(world.person)
    response = client.post(DELETE_URL, {"password": DEFAULT_PASSWORD}, follow=True)
    assert response.redirect_chain[0][0] == "/en/"
    assert "Your account has been deleted." in response.content.decode()
    assert not User.objects.filter(email=EMAIL).exists()
    assert client.get("/en/profile/").status_code == 302


def test_a_wrong_password_on_the_page_is_an_error_of_the_field(client, world):
    client.force_login(world.person)
    response = client.post(DELETE_URL, {"password": "guess"})
    assert response.status_code == 200
    assert 'id="id_password_error"' in response.content.decode()
    assert User.objects.filter(email=EMAIL).exists()


def test_the_page_in_persian(client, world):
    client.force_login(world.person)
    body = client.get("/fa/profile/delete/").content.decode()
    assert "حذف حساب" in body


def test_the_page_needs_a_login(client):
    assert client.get(DELETE_URL).status_code == 302


def test_the_profile_links_to_download_and_delete(client, world):
    client.force_login(world.person)
    body = client.get("/en/profile/").content.decode()
    assert 'href="/en/profile/data/"' in body
    assert 'href="/en/profile/delete/"' in body


@pytest.fixture
def administrator(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return admin


def test_an_administrator_deleting_the_account_in_the_admin_erases_the_same(
    world, client, administrator
):
    from django.test import Client

    device = Client()
    device.force_login(world.person)
    response = client.post(reverse("wagtailusers_users:delete", args=[world.person.pk]))
    assert response.status_code == 302
    assert not User.objects.filter(pk=world.person.pk).exists()
    assert rows_mentioning(EMAIL, SECOND_EMAIL, NAME) == []
    assert device.get("/en/profile/").status_code == 302  # the person's sessions ended
    proposal = Proposal.objects.get(pk=world.proposal.pk)
    assert proposal.author is None  # what they published stays


def test_bulk_deletion_in_the_admin_erases_every_account_chosen(world, client, administrator):
    other = UserFactory(email="other.person@example.org", display_name="Other Person")
    response = client.post(
        f"/admin/bulk/accounts/user/delete/?id={world.person.pk}&id={other.pk}",
        {"next": "/admin/users/"},
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[world.person.pk, other.pk]).exists()
    assert rows_mentioning(EMAIL, SECOND_EMAIL, NAME, "other.person@example.org") == []
