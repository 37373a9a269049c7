"""Supports over HTTP under load and faults: two app servers, one database, one Redis.

Two gunicorn processes (production settings, `tests/appserver_settings.py`) on loopback share
the test database and Redis. 64 clients, each one citizen's device (some citizens on two
devices at once), support and withdraw for about ten seconds, alternating between the servers
as a proxy would. Afterwards every stored count equals its rows, no one is beyond the
consultation's limit or supports twice, the per-account rate limit held across both servers,
and every answer was a success, a refusal the citizen can read, or (under faults only) an
error that says to retry.

Run with `-s` to see the figures.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

import pytest
from django.db import connection
from django.db.models import Count
from django.urls import reverse

from demo.recount import support_shard_mismatches
from proposals.models import Proposal, Support, SupportBudget
from tests.appservers import (
    CONNECTION_ERRORS,
    SECRET_KEY,
    SUPPORTS_PER_MINUTE,
    AppServer,
    Browserless,
    free_port,
    own_backend,
    signed_in_session,
    terminate_database_backends,
)
from tests.factories import UserFactory, grant_role, make_consultation, make_proposal

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="needs Redis (set REDIS_URL); runs in that pass"),
]

CLIENTS = 64
CITIZENS = 48  # the first 16 act from two devices at once
SECONDS = 10.0
LIMIT = 3  # supports per citizen in the consultation
PROPOSALS = 6
ANSWERED = {200, 409}  # success, or a refusal in words ("You already support this proposal.")


@dataclass
class Attempt:
    device: int
    citizen: int
    proposal: int
    action: str
    sent: float
    received: float
    status: int | None  # None: the connection broke (refused, reset, closed)
    supported: bool | None  # what the answer's support box shows
    retry_after: str | None


@dataclass
class City:
    consultation_id: int
    proposal_ids: list[int]
    citizen_ids: list[int]
    devices: list[Browserless]

    def citizen_of(self, device: int) -> int:
        return device % CITIZENS


@pytest.fixture
def city(settings) -> City:
    settings.SECRET_KEY = SECRET_KEY
    consultation = make_consultation(
        phase="voting", max_supports_per_citizen=LIMIT, response_threshold=20
    )
    official = UserFactory()
    grant_role(official, "official", consultation)
    proposal_ids = [make_proposal(consultation, title=f"Idea {n}").pk for n in range(PROPOSALS)]
    citizens = [UserFactory() for _ in range(CITIZENS)]
    sessions = [signed_in_session(citizen) for citizen in citizens]
    devices = [
        Browserless(session_key=sessions[n % CITIZENS], address=f"198.51.100.{n + 1}")
        for n in range(CLIENTS)
    ]
    return City(consultation.pk, proposal_ids, [c.pk for c in citizens], devices)


@pytest.fixture
def servers(tmp_path):
    started: list[AppServer] = []

    def start(name: str, *, redis_url: str = REDIS_URL) -> AppServer:
        server = AppServer(log_dir=tmp_path, name=name, redis_url=redis_url)
        started.append(server)
        server.start()
        return server

    yield start
    for server in started:
        server.stop()


def detail_path(pk: int) -> str:
    return reverse("proposals:detail", kwargs={"pk": pk})


def drive(city: City, ports: list[int], *, seconds: float, faults=None) -> list[Attempt]:
    """Every device clicks support/withdraw for `seconds`; `faults()` runs beside them."""
    attempts: list[Attempt] = []
    problems: list[str] = []
    lock = threading.Lock()
    gate = threading.Barrier(CLIENTS + (1 if faults else 0))

    def device_loop(number: int) -> None:
        device = city.devices[number]
        rng = random.Random(number)
        local: list[Attempt] = []
        turn = number
        try:
            # A first page view gives the device its CSRF cookie.
            while True:
                try:
                    status, _h, _b = device.send(
                        ports[turn % 2], "GET", detail_path(city.proposal_ids[0])
                    )
                    if status == 200:
                        break
                except CONNECTION_ERRORS:
                    pass
                turn += 1
            gate.wait()
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                proposal = rng.choice(city.proposal_ids)
                action = rng.choice(["support", "support", "unsupport"])
                path = reverse(f"proposals:{action}", kwargs={"pk": proposal})
                for _try in range(2):  # a proxy retries a refused connection on the other server
                    port = ports[turn % 2]
                    turn += 1
                    sent = time.time()
                    try:
                        status, headers, body = device.post(port, path)
                    except CONNECTION_ERRORS:
                        local.append(
                            Attempt(
                                number,
                                city.citizen_of(number),
                                proposal,
                                action,
                                sent,
                                time.time(),
                                None,
                                None,
                                None,
                            )
                        )
                        continue
                    shown = None
                    if status in ANSWERED:
                        shown = b"support-widget__status" in body
                    local.append(
                        Attempt(
                            number,
                            city.citizen_of(number),
                            proposal,
                            action,
                            sent,
                            time.time(),
                            status,
                            shown,
                            headers.get("retry-after"),
                        )
                    )
                    break
        except Exception as exc:
            problems.append(f"device {number}: {exc!r}")
        finally:
            with lock:
                attempts.extend(local)

    def fault_loop() -> None:
        try:
            gate.wait()
            faults()
        except Exception as exc:
            problems.append(f"faults: {exc!r}")

    threads = [threading.Thread(target=device_loop, args=(n,)) for n in range(CLIENTS)]
    if faults:
        threads.append(threading.Thread(target=fault_loop))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    assert problems == []
    assert not any(thread.is_alive() for thread in threads), "a client hung"
    return attempts


def report(title: str, attempts: list[Attempt]) -> None:
    duration = max(a.received for a in attempts) - min(a.sent for a in attempts)
    statuses = Counter("connection error" if a.status is None else a.status for a in attempts)
    latencies = sorted(a.received - a.sent for a in attempts if a.status is not None)
    p50 = latencies[len(latencies) // 2]
    p95 = latencies[int(len(latencies) * 0.95)]
    print(f"\n{title}: {CLIENTS} clients on 2 app servers, {duration:.1f} s")
    print(f"  requests: {len(attempts)} ({len(attempts) / duration:.0f}/s)")
    print(f"  answers: {dict(sorted(statuses.items(), key=str))}")
    print(f"  latency: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    print(f"  supports stored: {Support.objects.count()}")


def assert_counts_equal_rows(city: City) -> None:
    proposals = Proposal.objects.filter(pk__in=city.proposal_ids).annotate(rows=Count("supports"))
    for proposal in proposals:
        assert proposal.support_count == proposal.rows
    # The consultation's total, in its shards, equals the rows too.
    assert support_shard_mismatches() == {}
    rows_by_citizen = Counter(
        Support.objects.filter(proposal__consultation_id=city.consultation_id).values_list(
            "citizen_id", flat=True
        )
    )
    for budget in SupportBudget.objects.filter(consultation_id=city.consultation_id):
        assert budget.used == rows_by_citizen[budget.citizen_id] <= LIMIT
    duplicates = (
        Support.objects.values("proposal_id", "citizen_id").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert not duplicates.exists()


def assert_last_answers_hold(city: City, attempts: list[Attempt]) -> None:
    """For citizens on one device: the last clear answer about a proposal is what is stored.

    An answer after which the outcome is unknown (a broken connection, a 503) ends the check
    for that proposal: the write may or may not have happened, and resending is what the
    citizen is told to do.
    """
    by_pair: dict[tuple[int, int], list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        if attempt.citizen >= CLIENTS - CITIZENS:  # one device only
            by_pair[(attempt.citizen, attempt.proposal)].append(attempt)
    stored = set(
        Support.objects.filter(proposal_id__in=city.proposal_ids).values_list(
            "citizen_id", "proposal_id"
        )
    )
    checked = 0
    for (citizen, proposal), history in by_pair.items():
        history.sort(key=lambda a: a.sent)
        last_clear = None
        for attempt in history:
            if attempt.status in ANSWERED:
                last_clear = attempt
            elif attempt.status != 429:  # unknown outcome
                last_clear = None
        if last_clear is None:
            continue
        checked += 1
        assert ((city.citizen_ids[citizen], proposal) in stored) == last_clear.supported, last_clear
    assert checked > 0


def assert_rate_limit_held(attempts: list[Attempt]) -> int:
    """No citizen got more than the limit through in one minute window, across both servers."""
    passed: Counter = Counter()
    for attempt in attempts:
        window = int(attempt.sent // 60)
        if window != int(attempt.received // 60) or attempt.status in (None, 429):
            continue
        passed[(attempt.citizen, window)] += 1
    assert max(passed.values()) <= SUPPORTS_PER_MINUTE
    return sum(1 for a in attempts if a.status == 429)


def test_two_servers_under_64_clients_keep_every_count(city, servers):
    ports = [servers("app-a").port, servers("app-b").port]

    attempts = drive(city, ports, seconds=SECONDS)

    report("supports over HTTP", attempts)
    statuses = Counter(a.status for a in attempts)
    assert set(statuses) <= ANSWERED | {429}, statuses  # no 5xx, no broken connection
    assert statuses[200] > 0 and statuses[409] > 0
    assert all(a.retry_after for a in attempts if a.status == 429)
    limited = assert_rate_limit_held(attempts)
    print(f"  rate-limited answers: {limited}")
    assert_counts_equal_rows(city)
    assert_last_answers_hold(city, attempts)


def test_a_crashed_server_and_dropped_database_connections_lose_nothing(city, servers):
    first, second = servers("app-a"), servers("app-b")
    events: list[str] = []
    keep = own_backend()

    def faults() -> None:
        time.sleep(2.5)
        first.kill()
        events.append("app-a killed")
        time.sleep(1.0)
        first.start()
        events.append("app-a restarted")
        time.sleep(1.0)
        for _round in range(2):
            events.append(f"database backends terminated: {terminate_database_backends(keep=keep)}")
            time.sleep(1.5)
        connection.close()

    attempts = drive(city, [first.port, second.port], seconds=SECONDS, faults=faults)

    report("supports over HTTP with faults", attempts)
    print(f"  faults: {'; '.join(events)}")
    assert first.starts == 2 and len(events) == 4
    statuses = Counter(a.status for a in attempts)
    # Success, a refusal in words, a rate limit, or "try again" — never a 500.
    assert set(statuses) <= ANSWERED | {429, 503, None}, statuses
    assert statuses[None] > 0  # the crash was felt by clients ...
    assert statuses[200] > 0
    assert all(a.retry_after for a in attempts if a.status in (429, 503))
    assert_counts_equal_rows(city)  # ... and nothing was lost or doubled
    assert_last_answers_hold(city, attempts)


def test_with_redis_unreachable_pages_serve_and_limits_fail_open(city, servers):
    closed = f"redis://127.0.0.1:{free_port()}/0"
    server = servers("app-no-redis", redis_url=closed)
    device = city.devices[CITIZENS - 1]
    proposal = city.proposal_ids[0]

    status, _headers, body = device.send(server.port, "GET", "/healthz")
    assert status == 200
    assert json.loads(body)["status"] == "degraded"
    for path in ("/en/", "/fa/", detail_path(proposal)):
        status, _headers, _body = device.send(server.port, "GET", path)
        assert status == 200, path
    status, _headers, body = device.post(server.port, reverse("proposals:support", args=[proposal]))
    assert status == 200
    assert b"support-widget__status" in body
    status, _headers, body = device.post(
        server.port, reverse("proposals:unsupport", args=[proposal])
    )
    assert status == 200
    server.stop()

    assert "Rate limit not checked: the cache is unreachable" in server.log.read_text()
    assert_counts_equal_rows(city)
    assert not Support.objects.filter(proposal_id=proposal).exists()
