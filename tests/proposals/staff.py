"""Shared set-up of the staff workflow tests: people in each staff role."""

import pytest
from django.contrib.auth.models import Group

from consultations.roles import APPROVERS_GROUP
from tests.factories import UserFactory, grant_role


def moderator_of(consultation, **fields):
    user = UserFactory(**fields)
    grant_role(user, "moderator", consultation)
    return user


def official_of(consultation, **fields):
    user = UserFactory(**fields)
    grant_role(user, "official", consultation)
    return user


def approver(**fields):
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(Group.objects.get_or_create(name=APPROVERS_GROUP)[0])
    return user


STAFF_BACKEND = "proposals.permissions.ConsultationStaffBackend"


def with_staff_backend(settings) -> None:
    """Per-consultation staff reach the Wagtail admin through this backend (base settings list
    it; added here too so these tests do not depend on the settings module's order)."""
    if STAFF_BACKEND not in settings.AUTHENTICATION_BACKENDS:
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, STAFF_BACKEND]


@pytest.fixture
def staff_admin_backend(settings):
    """The same as `with_staff_backend`, as a fixture."""
    with_staff_backend(settings)


@pytest.fixture
def english():
    """Requests to /fa/ leave Persian active in the thread; start every test in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")
