"""The first ballot of a citizen sent from two devices at the same instant (PostgreSQL).

Both requests find no ballot and insert one; the unique constraint lets one win, and the loser
changes the winner's row instead of failing. Each thread has its own database connection.
"""

import threading

import pytest
from django.db import connection

from budgets.ballots.services import ballot_cast
from budgets.models import Ballot, BallotChoice
from tests.factories import UserFactory, make_budget, make_project

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CITIZENS = 16


def test_two_devices_casting_a_first_ballot_at_once_leave_one_whole_ballot():
    heading = make_budget().budget_headings.get()
    projects = [make_project(heading, cost=50_000) for _ in range(4)]
    sets = [
        frozenset({projects[0].pk, projects[1].pk}),
        frozenset({projects[2].pk, projects[3].pk}),
    ]
    citizens = [UserFactory() for _ in range(CITIZENS)]
    gate = threading.Barrier(2 * CITIZENS)
    errors: list[str] = []

    def device(citizen, chosen) -> None:
        try:
            gate.wait()
            ballot_cast(citizen=citizen, heading=heading, project_ids=chosen)
        except Exception as exc:  # any error fails the test below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=device, args=(citizen, chosen))
        for citizen in citizens
        for chosen in sets
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert Ballot.objects.count() == CITIZENS
    for citizen in citizens:
        stored = frozenset(
            BallotChoice.objects.filter(ballot__voter=citizen).values_list("project_id", flat=True)
        )
        assert stored in sets  # one of the two, whole: never a mix of both
