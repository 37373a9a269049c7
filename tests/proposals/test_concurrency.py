"""Supports under real concurrency (PostgreSQL): many clients, one truth.

Run with `-s` to see the figures. Each thread is one client with its own database
connection, closed at the end of the thread.
"""

import random
import threading
import time
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count

from accounts.models import User
from consultations.counts import counts_for
from demo.recount import support_shard_mismatches
from proposals import services
from proposals.exceptions import JourneyError
from proposals.models import Notification, Proposal, Support, SupportBudget
from proposals.tokens import voter_token
from tests.factories import UserFactory, grant_role, make_consultation, make_proposal

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 32
SECONDS = 5.0
LIMIT = 3


def run_clients(client_count: int, work, seconds: float) -> tuple[Counter, list, float]:
    stats: Counter = Counter()
    errors: list = []
    lock = threading.Lock()
    start_gate = threading.Barrier(client_count)

    def client(number: int) -> None:
        local: Counter = Counter()
        rng = random.Random(number)
        try:
            start_gate.wait()
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                work(rng, local)
        except Exception as exc:  # an unexpected error fails the test below
            errors.append(repr(exc))
        finally:
            connection.close()
            with lock:
                stats.update(local)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(client_count)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return stats, errors, time.monotonic() - began


def test_parallel_casts_and_withdrawals_keep_every_invariant():
    consultation = make_consultation(
        phase="voting", max_supports_per_citizen=LIMIT, response_threshold=12
    )
    official = UserFactory()
    grant_role(official, "official", consultation)
    proposal_ids = [make_proposal(consultation).pk for _ in range(4)]
    # Fewer citizens than clients: the same person acts from several clients at once.
    citizen_ids = [UserFactory().pk for _ in range(24)]

    def work(rng: random.Random, local: Counter) -> None:
        citizen = User.objects.get(pk=rng.choice(citizen_ids))
        proposal = Proposal.objects.select_related("consultation").get(pk=rng.choice(proposal_ids))
        action = rng.choice(["cast", "cast", "withdraw"])
        local[f"{action} attempted"] += 1
        try:
            if action == "cast":
                services.support_cast(citizen=citizen, proposal=proposal)
            else:
                services.support_withdraw(citizen=citizen, proposal=proposal)
        except JourneyError as refusal:
            local[f"{action} refused ({type(refusal).__name__})"] += 1
        else:
            local[f"{action} succeeded"] += 1

    stats, errors, duration = run_clients(CLIENTS, work, SECONDS)

    attempted = stats["cast attempted"] + stats["withdraw attempted"]
    print(f"\nsupports under concurrency: {CLIENTS} clients, {duration:.1f} s")
    for key in sorted(stats):
        print(f"  {key}: {stats[key]}")
    print(f"  operations: {attempted} ({attempted / duration:.0f}/s), errors: {len(errors)}")

    assert errors == []
    assert stats["cast succeeded"] > 0 and stats["withdraw succeeded"] > 0
    assert stats["cast refused (AlreadyDone)"] + stats["cast refused (LimitReached)"] > 0
    # Every stored count equals its rows, the consultation's shards included.
    for proposal in Proposal.objects.filter(pk__in=proposal_ids).annotate(rows=Count("supports")):
        assert proposal.support_count == proposal.rows
    assert support_shard_mismatches() == {}
    assert counts_for([consultation.pk])[consultation.pk].supports == Support.objects.count()
    # Budgets equal rows and never exceed the limit.
    for budget in SupportBudget.objects.filter(consultation=consultation):
        rows = Support.objects.filter(citizen_id=budget.citizen_id).count()
        assert budget.used == rows <= LIMIT
    # Never twice, and every ballot carries the right token.
    duplicates = (
        Support.objects.values("proposal_id", "citizen_id").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert not duplicates.exists()
    for support in Support.objects.all():
        assert support.voter_token == voter_token(
            citizen_id=support.citizen_id, consultation_id=consultation.pk
        )
    # Threshold: one notification per proposal that ever reached it, none for the others.
    reached = Proposal.objects.filter(pk__in=proposal_ids, threshold_reached_at__isnull=False)
    assert Notification.objects.filter(recipient=official, kind="threshold").count() == (
        reached.count()
    )


def test_threshold_crossing_notifies_exactly_once_under_a_rush():
    consultation = make_consultation(phase="voting", response_threshold=5)
    official = UserFactory()
    grant_role(official, "official", consultation)
    proposal_id = make_proposal(consultation).pk
    citizen_ids = [UserFactory().pk for _ in range(CLIENTS)]
    queue = list(citizen_ids)
    queue_lock = threading.Lock()

    def work(rng: random.Random, local: Counter) -> None:
        with queue_lock:
            if not queue:
                time.sleep(0.01)
                return
            citizen_id = queue.pop()
        citizen = User.objects.get(pk=citizen_id)
        proposal = Proposal.objects.select_related("consultation").get(pk=proposal_id)
        services.support_cast(citizen=citizen, proposal=proposal)
        local["cast succeeded"] += 1

    stats, errors, duration = run_clients(CLIENTS, work, 1.5)
    print(
        f"\nthreshold rush: {CLIENTS} clients, {stats['cast succeeded']} supports, {duration:.1f} s"
    )

    assert errors == []
    assert Proposal.objects.get(pk=proposal_id).support_count == CLIENTS
    assert Notification.objects.filter(recipient=official, kind="threshold").count() == 1
