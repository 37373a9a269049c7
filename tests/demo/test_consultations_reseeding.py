"""The consultations step of `manage.py seed_demo` seeded afresh: as many consultations as
asked, none when none are asked, idempotent and deterministic. (tests/demo/test_consultations.py
reads one seeded demo.)"""

import io
from datetime import UTC, datetime

import pytest
import time_machine

from consultations.models import ConsultationPage
from demo.context import DemoContext
from demo.steps import accounts as accounts_demo
from demo.steps import consultations as consultations_demo
from tests.demo.test_consultations import live_english, seed

pytestmark = pytest.mark.django_db


def test_seeds_the_number_of_consultations_asked_for():
    seed(7)
    assert len(live_english()) == 7


def snapshot() -> list[tuple]:
    return sorted(
        ConsultationPage.objects.values_list(
            "locale__language_code", "slug", "title", "proposals_open", "voting_close", "live"
        )
    )


def test_seeding_twice_creates_nothing_new():
    seed(6)
    first = snapshot()
    seed(6)
    assert snapshot() == first


def seed_consultations_only(consultations: int, seed_value: int) -> None:
    """The accounts and consultations steps alone, as seed_demo runs them."""
    ctx = DemoContext(
        consultations=consultations, proposals=0, citizens=0, supports=0, seed=seed_value,
        password="demo", stdout=io.StringIO(),
    )  # fmt: skip
    accounts_demo.seed(ctx)
    consultations_demo.seed(ctx)


def test_the_same_seed_gives_the_same_consultations():
    with time_machine.travel(datetime(2026, 3, 1, 9, 30, tzinfo=UTC), tick=False):
        seed_consultations_only(12, 7)
        first = snapshot()
        ConsultationPage.objects.all().delete()
        seed_consultations_only(12, 7)
        assert snapshot() == first


def test_no_consultations_asked_for_creates_none():
    seed(0)
    assert not ConsultationPage.objects.exists()
