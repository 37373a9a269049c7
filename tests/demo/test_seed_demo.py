"""`manage.py seed_demo`: demo accounts of DESIGN.md §8, idempotent, refused on live sites."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import CommandError, call_command
from wagtail.models import Page

from accounts.models import User

pytestmark = pytest.mark.django_db

SMALL = ["--consultations", "2", "--proposals", "5", "--citizens", "3", "--supports", "5"]
ROLE_EMAILS = {
    "citizen@example.org",
    "moderator@example.org",
    "official@example.org",
    "approver@example.org",
    "editor@example.org",
    "admin@example.org",
}


def seed(*extra: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--force", *SMALL, *extra, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    """Rows of every model of ours, and of Wagtail pages."""
    models = [
        model
        for label in ("accounts", "consultations", "proposals")
        for model in apps.get_app_config(label).get_models()
    ]
    result = {model._meta.label: model._default_manager.count() for model in models}
    result["wagtailcore.Page"] = Page.objects.count()
    result["account.EmailAddress"] = EmailAddress.objects.count()
    return result


def test_seed_demo_creates_one_account_per_role_with_the_given_password():
    output = seed("--password", "demo-pass-123")
    accounts = User.objects.filter(email__in=ROLE_EMAILS)
    assert set(accounts.values_list("email", flat=True)) == ROLE_EMAILS
    assert all(user.check_password("demo-pass-123") for user in accounts)
    assert all(email in output for email in ROLE_EMAILS)
    assert "demo-pass-123" in output


def test_demo_accounts_are_verified_so_they_can_take_part():
    seed()
    assert (
        EmailAddress.objects.filter(email__in=ROLE_EMAILS, verified=True, primary=True).count() == 6
    )


def test_demo_staff_roles():
    seed()
    by_email = {user.email: user for user in User.objects.filter(email__in=ROLE_EMAILS)}
    assert not by_email["citizen@example.org"].is_staff
    assert by_email["editor@example.org"].is_staff
    assert by_email["admin@example.org"].is_superuser
    assert not by_email["moderator@example.org"].is_superuser


def test_seed_demo_creates_the_citizens_asked_for():
    seed()
    assert User.objects.filter(email__startswith="resident").count() == 3


def test_seed_demo_twice_adds_nothing():
    seed()
    first = counts()
    seed()
    assert counts() == first


def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo", *SMALL, stdout=io.StringIO())
    assert User.objects.count() == 0


def test_seed_demo_refuses_negative_numbers():
    with pytest.raises(CommandError, match="--citizens must be zero or more"):
        call_command("seed_demo", "--force", "--citizens", "-1", stdout=io.StringIO())
