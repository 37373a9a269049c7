"""Ballots over HTTP under concurrency: two app servers, one PostgreSQL, one Redis.

Two gunicorn processes (production settings, tests/appserver_settings.py) share the test
database. 40 clients, each a citizen's device (the first 12 citizens act from two devices at
once), cast, change and withdraw ballots under two headings as fast as the servers answer,
some of them choosing more than a heading's amount. Afterwards:

- every stored ballot fits its heading's rule, and there is one per voter token and heading,
  with the token of its citizen;
- each stored ballot is, whole, the last set one of its citizen's devices had accepted (for a
  citizen on one device: exactly their last accepted set; no ballot if that was a withdrawal);
- the votes per project equal the rows, and what the clients' answers imply.

Run with `-s` to see the figures (they are printed, never asserted).
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from budgets.models import Ballot, BallotChoice
from proposals.tokens import voter_token
from tests.appservers import (
    CONNECTION_ERRORS,
    HOST,
    SECRET_KEY,
    AppServer,
    Browserless,
    request,
    signed_in_session,
)
from tests.factories import UserFactory, make_budget, make_project

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="needs Redis (set REDIS_URL); runs in that pass"),
]

CLIENTS = 40
CITIZENS = 28  # citizens 0..11 act from two devices at once
ROUNDS = 7  # posts per device: two devices of one account stay under the "ballot" rate
HEADINGS = {"North": (250_000, [90_000, 90_000, 70_000, 100_000, 60_000, 40_000])}
HEADINGS["South"] = (120_000, [50_000, 50_000, 30_000, 80_000])
WITHDRAW = frozenset()  # an accepted withdrawal: no ballot


@dataclass
class Attempt:
    device: int
    citizen: int
    heading: int
    wanted: frozenset[int]  # WITHDRAW for a withdrawal
    sent: float
    received: float
    status: int | None  # None: the connection broke
    location: str = ""


@pytest.fixture
def city(settings):
    settings.SECRET_KEY = SECRET_KEY
    page = make_budget(headings=[(name, amount, None) for name, (amount, _c) in HEADINGS.items()])
    headings = {}
    for heading in page.budget_headings.all():
        _amount, costs = HEADINGS[heading.name]
        projects = [
            make_project(heading, cost=cost, title=f"{heading.name} {n}")
            for n, cost in enumerate(costs)
        ]
        headings[heading.pk] = (heading, {p.pk: p.cost for p in projects})
    citizens = [UserFactory() for _ in range(CITIZENS)]
    sessions = [signed_in_session(c) for c in citizens]
    devices = [
        Browserless(session_key=sessions[n % CITIZENS], address=f"198.51.100.{n + 1}")
        for n in range(CLIENTS)
    ]
    return page, headings, citizens, devices


@pytest.fixture
def servers(tmp_path):
    started: list[AppServer] = []
    for name in ("app-a", "app-b"):
        server = AppServer(log_dir=tmp_path, name=name, redis_url=REDIS_URL)
        started.append(server)
        server.start()
    yield started
    for server in started:
        server.stop()


def post_form(device: Browserless, port: int, path: str, fields: list[tuple[str, str]]):
    csrf = device.cookies.get(settings.CSRF_COOKIE_NAME, "")
    body = urlencode([("csrfmiddlewaretoken", csrf), *fields]).encode()
    origin = f"https://{HOST}:{port}"
    headers = device.headers(
        port,
        {
            "Origin": origin,
            "Referer": f"{origin}{path}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": str(len(body)),
        },
    )
    return request(port, "POST", path, headers=headers, body=body)


def drive(page, headings, devices, ports) -> list[Attempt]:
    attempts: list[Attempt] = []
    problems: list[str] = []
    lock = threading.Lock()
    gate = threading.Barrier(CLIENTS)
    paths = {
        pk: reverse("budgets:ballot", kwargs={"slug": page.slug, "heading_id": pk})
        for pk in headings
    }

    def device_loop(number: int) -> None:
        device = devices[number]
        rng = random.Random(number)
        local: list[Attempt] = []
        turn = number
        try:
            while True:  # a first page view gives the device its CSRF cookie
                try:
                    status, _h, _b = device.send(ports[turn % 2], "GET", paths[min(paths)])
                except CONNECTION_ERRORS:
                    status = None
                turn += 1
                if status == 200:
                    break
            gate.wait()
            for _round in range(ROUNDS):
                heading = rng.choice(sorted(headings))
                ids = sorted(headings[heading][1])
                if rng.random() < 0.12:
                    wanted, fields = WITHDRAW, [("withdraw", "1")]
                else:
                    wanted = frozenset(rng.sample(ids, rng.randint(1, 4)))
                    fields = [("project", str(pk)) for pk in sorted(wanted)] + [("cast", "1")]
                port = ports[turn % 2]
                turn += 1
                sent = time.time()
                location = ""
                try:
                    status, headers, _body = post_form(device, port, paths[heading], fields)
                    location = headers.get("location", "")
                except CONNECTION_ERRORS:
                    status = None
                local.append(
                    Attempt(
                        number,
                        number % CITIZENS,
                        heading,
                        wanted,
                        sent,
                        time.time(),
                        status,
                        location,
                    )
                )
        except Exception as exc:
            problems.append(f"device {number}: {exc!r}")
        finally:
            with lock:
                attempts.extend(local)

    threads = [threading.Thread(target=device_loop, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert problems == []
    assert not any(thread.is_alive() for thread in threads), "a client hung"
    return attempts


def test_forty_clients_cast_and_change_ballots_and_every_ballot_is_whole(city, servers):
    page, headings, citizens, devices = city
    attempts = drive(page, headings, devices, [s.port for s in servers])

    statuses = Counter(a.status for a in attempts)
    duration = max(a.received for a in attempts) - min(a.sent for a in attempts)
    print(f"\nballots over HTTP: {CLIENTS} clients, {CITIZENS} citizens, 2 app servers")
    print(f"  {len(attempts)} posts in {duration:.1f} s ({len(attempts) / duration:.1f}/s)")
    print(f"  answers: {dict(sorted(statuses.items(), key=str))}")
    print("  (302 stored, 400 refused in words: over the amount)")
    # Stored (redirect to the page) or refused in words; no 5xx, no broken connection.
    assert set(statuses) <= {302, 400}, statuses
    assert statuses[302] > 0 and statuses[400] > 0
    # A stored ballot comes back to its own page (not, say, to the log-in page).
    assert all(
        a.location.split("#")[0].endswith(f"/budget/{a.heading}/")
        for a in attempts
        if a.status == 302
    )

    by_id = {c.pk: c for c in citizens}
    ballots = list(Ballot.objects.filter(heading__consultation=page).prefetch_related("choices"))
    print(f"  ballots stored: {len(ballots)}")
    stored: dict[tuple[int, int], frozenset[int]] = {}
    for ballot in ballots:
        heading, costs = headings[ballot.heading_id]
        chosen = frozenset(choice.project_id for choice in ballot.choices.all())
        # It fits the rule (knapsack: within the heading's amount) and is not empty.
        assert chosen and sum((costs[pk] for pk in chosen), start=Decimal(0)) <= heading.amount
        assert ballot.voter_token == voter_token(
            citizen_id=ballot.voter_id, consultation_id=page.pk
        )
        key = (citizens.index(by_id[ballot.voter_id]), ballot.heading_id)
        assert key not in stored, "two ballots of one citizen under one heading"
        stored[key] = chosen
    assert not (
        Ballot.objects.values("heading_id", "voter_token").annotate(n=Count("id")).filter(n__gt=1)
    )

    # What each device last had accepted under each heading.
    last: dict[tuple[int, int, int], frozenset[int]] = {}
    for attempt in sorted(attempts, key=lambda a: a.sent):
        if attempt.status == 302:
            last[(attempt.citizen, attempt.heading, attempt.device)] = attempt.wanted
    candidates: dict[tuple[int, int], set[frozenset[int]]] = defaultdict(set)
    for (citizen, heading, _device), wanted in last.items():
        candidates[(citizen, heading)].add(wanted)
    two_devices = CLIENTS - CITIZENS
    for key in candidates.keys() | stored.keys():
        final = stored.get(key, WITHDRAW)
        assert final in candidates[key], (key, final, candidates[key])
        if key[0] >= two_devices:  # one device: exactly its last accepted set
            assert candidates[key] == {final}

    # Votes per project: the aggregate equals the rows, and what the answers imply.
    counted = dict(
        BallotChoice.objects.filter(ballot__heading__consultation=page)
        .values_list("project_id")
        .annotate(n=Count("id"))
    )
    implied = Counter(pk for chosen in stored.values() for pk in chosen)
    assert counted == dict(implied)
    assert sum(counted.values()) == BallotChoice.objects.count()
    raced = [key for key in candidates if len(candidates[key]) > 1]
    print(
        f"  citizen/heading pairs changed from two devices with different last sets: {len(raced)}"
    )
