"""Sign-ups never confirmed are erased after UNCONFIRMED_ACCOUNT_DAYS days."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.models import User
from accounts.services import unconfirmed_accounts_purge
from accounts.tasks import purge_unconfirmed_accounts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNED_UP = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def sign_up(email: str, *, confirmed: bool = False) -> User:
    """An account as allauth's sign-up leaves it: one e-mail address, verified or not."""
    with time_machine.travel(SIGNED_UP, tick=False):
        user = UserFactory(email=email, verified=False)
    EmailAddress.objects.create(user=user, email=email, verified=confirmed, primary=True)
    return user


def test_an_unconfirmed_sign_up_is_erased_after_the_period(settings):
    settings.UNCONFIRMED_ACCOUNT_DAYS = 14
    sign_up("late@example.org")
    with time_machine.travel(SIGNED_UP + timedelta(days=14, minutes=1), tick=False):
        assert purge_unconfirmed_accounts.enqueue().return_value == 1
    assert not User.objects.filter(email="late@example.org").exists()
    assert not EmailAddress.objects.filter(email="late@example.org").exists()


def test_it_is_kept_until_the_period_ends(settings):
    settings.UNCONFIRMED_ACCOUNT_DAYS = 14
    sign_up("soon@example.org")
    with time_machine.travel(SIGNED_UP + timedelta(days=13, hours=23), tick=False):
        assert unconfirmed_accounts_purge() == 0
    assert User.objects.filter(email="soon@example.org").exists()


def test_the_period_is_a_setting(settings):
    settings.UNCONFIRMED_ACCOUNT_DAYS = 3
    sign_up("short@example.org")
    with time_machine.travel(SIGNED_UP + timedelta(days=4), tick=False):
        assert unconfirmed_accounts_purge() == 1


def test_confirmed_staff_and_admin_made_accounts_stay():
    sign_up("confirmed@example.org", confirmed=True)
    staff = sign_up("staff@example.org")
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    with time_machine.travel(SIGNED_UP, tick=False):
        # Made with createsuperuser or in the admin: no e-mail address row at all.
        User.objects.create_user(email="made-by-admin@example.org", password="x" * 12)
    with time_machine.travel(SIGNED_UP + timedelta(days=100), tick=False):
        assert unconfirmed_accounts_purge() == 0
    assert User.objects.count() == 3


def test_a_confirmed_second_address_keeps_the_account():
    user = sign_up("first@example.org")
    EmailAddress.objects.create(user=user, email="second@example.org", verified=True)
    with time_machine.travel(SIGNED_UP + timedelta(days=100), tick=False):
        assert unconfirmed_accounts_purge() == 0


def test_the_command_runs_the_purge_and_says_how_many(settings):
    settings.UNCONFIRMED_ACCOUNT_DAYS = 14
    sign_up("a@example.org")
    sign_up("b@example.org")
    out = StringIO()
    with time_machine.travel(SIGNED_UP + timedelta(days=15), tick=False):
        call_command("purge_unconfirmed_accounts", stdout=out)
    assert out.getvalue().strip() == "2 unconfirmed accounts older than 14 days erased."
    assert User.objects.count() == 0


def test_the_command_can_enqueue_the_task_instead():
    sign_up("queued@example.org")
    out = StringIO()
    with time_machine.travel(SIGNED_UP + timedelta(days=15), tick=False):
        call_command("purge_unconfirmed_accounts", "--enqueue", stdout=out)
    assert out.getvalue().startswith("Queued task ")
    # The test settings run tasks at once, as the embedded default does.
    assert not User.objects.filter(email="queued@example.org").exists()
