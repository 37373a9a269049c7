"""The read replica (civic/replica.py) against a second PostgreSQL database standing in for it.

The replica is a copy of the test database taken after the data is made (CREATE DATABASE …
TEMPLATE); the primary then changes a title, so every answer shows which database served it:
the old title is the replica's, the new one the primary's.
"""

import time

import psycopg2
import pytest
from django.conf import settings
from django.db import connection, connections, transaction
from django.test import override_settings
from django.urls import reverse
from psycopg2 import sql

from civic import replica
from proposals.models import Follow, Proposal
from tests.factories import UserFactory, make_consultation, make_proposal

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]

OLD, NEW = "Shade trees on Elm Street", "Shade trees and benches on Elm Street"


def _server_url(database: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    user, host, port = db.get("USER") or "postgres", db.get("HOST") or "127.0.0.1", db.get("PORT")
    return f"postgresql://{user}{password}@{host}:{port or 5432}/{database}"


def _maintenance(statement, name):
    conn = psycopg2.connect(_server_url("postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement.format(*(sql.Identifier(n) for n in name)))
    finally:
        conn.close()


def _leave_alone(database: str) -> None:
    conn = psycopg2.connect(_server_url("postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [database],
            )
    finally:
        conn.close()


@pytest.fixture
def city():
    consultation = make_consultation(title="Street trees")
    proposal = make_proposal(consultation, title=OLD, body="Plant lindens for shade.")
    citizen = UserFactory()
    return consultation, proposal, citizen


@pytest.fixture
def with_replica(city):
    """A `replica` alias on a copy of the test database as it is now; then the primary moves on."""
    primary = connection.settings_dict["NAME"]
    copy = f"{primary}_replica"
    connections.close_all()
    _maintenance(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)"), [copy])
    # A template must have no other session: earlier tests of this worker (app servers,
    # threads) may leave one closing. Only this worker's own test database is touched.
    _leave_alone(primary)
    _maintenance(sql.SQL("CREATE DATABASE {} TEMPLATE {}"), [copy, primary])
    replica_connection = connections["replica"]  # a test mirror of default (test settings)
    replica_connection.close()
    replica_connection.settings_dict = {**connections["default"].settings_dict, "NAME": copy}
    _consultation, proposal, _citizen = city
    Proposal.objects.filter(pk=proposal.pk).update(title=NEW)
    try:
        with override_settings(READ_REPLICA="replica"):
            yield copy
    finally:
        replica_connection.close()
        replica_connection.settings_dict = connections["default"].settings_dict
        _maintenance(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)"), [copy])


def _replica_title(pk):
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT title FROM proposals_proposal WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_public_pages_api_and_downloads_read_the_replica(client, city, with_replica):
    _consultation, proposal, _citizen = city
    page = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert page.status_code == 200
    assert OLD in page.text and NEW not in page.text
    api = client.get(reverse("api:proposal", args=[proposal.pk]))
    assert api.json()["title"] == OLD
    csv = client.get(reverse("data:file", kwargs={"filename": "proposals.csv"}))
    body = b"".join(csv.streaming_content).decode()
    assert OLD in body and NEW not in body
    # Outside a request (commands, task workers) everything reads the primary.
    assert Proposal.objects.get(pk=proposal.pk).title == NEW


def test_writes_go_to_the_primary_and_the_writer_then_reads_it(client, city, with_replica):
    _consultation, proposal, citizen = city
    client.force_login(citizen)
    answer = client.post(reverse("proposals:follow", args=[proposal.pk]))
    assert answer.status_code in (200, 302)
    assert Follow.objects.filter(follower=citizen, proposal=proposal).exists()
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM proposals_follow WHERE follower_id = %s", [citizen.pk])
        assert cursor.fetchone()[0] == 0
    assert settings.READ_REPLICA_PIN_COOKIE in answer.cookies
    # Pinned to the primary: the page the citizen lands on shows the latest data.
    page = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert NEW in page.text and OLD not in page.text
    # Another visitor, not pinned, still reads the replica.
    other = client.__class__()
    assert OLD in other.get(reverse("proposals:detail", args=[proposal.pk])).text


def test_the_pin_lasts_a_few_seconds(client, city, with_replica):
    _consultation, proposal, _citizen = city
    url = reverse("proposals:detail", args=[proposal.pk])
    client.cookies[settings.READ_REPLICA_PIN_COOKIE] = f"{time.time():.3f}"
    assert NEW in client.get(url).text
    stale = time.time() - settings.READ_REPLICA_PIN_SECONDS - 1
    client.cookies[settings.READ_REPLICA_PIN_COOKIE] = f"{stale:.3f}"
    assert OLD in client.get(url).text
    client.cookies[settings.READ_REPLICA_PIN_COOKIE] = "not a time"
    assert OLD in client.get(url).text


def test_account_pages_read_the_primary(client, with_replica):
    # The primary knows the account; the replica does not (made after the copy).
    late = UserFactory(email="late@example.org")
    client.force_login(late)
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert replica._excluded("/fa/accounts/login/")
    assert replica._excluded("/admin/pages/")
    assert not replica._excluded("/fa/proposals/1/")
    assert not replica._excluded("/api/v1/proposals/")


def test_reads_inside_a_transaction_and_sessions_use_the_primary(city, with_replica):
    _consultation, proposal, _citizen = city
    assert _replica_title(proposal.pk) == OLD
    with replica.replica_reads():
        assert Proposal.objects.get(pk=proposal.pk).title == OLD
        with transaction.atomic():
            assert Proposal.objects.get(pk=proposal.pk).title == NEW
        # After a write, the rest of the request reads back what it wrote.
        Proposal.objects.filter(pk=proposal.pk).update(body="Lindens and two benches.")
        assert Proposal.objects.get(pk=proposal.pk).title == NEW
    from django.contrib.sessions.models import Session

    assert replica.ReplicaRouter().db_for_read(Session) is None  # not in a request
    with replica.replica_reads():
        assert replica.ReplicaRouter().db_for_read(Session) == "default"
        assert replica.ReplicaRouter().db_for_read(Proposal) == "replica"


def test_without_a_replica_nothing_changes(client, city):
    _consultation, proposal, citizen = city
    assert settings.READ_REPLICA is None
    client.force_login(citizen)
    answer = client.post(reverse("proposals:follow", args=[proposal.pk]))
    assert settings.READ_REPLICA_PIN_COOKIE not in answer.cookies
    with replica.replica_reads():
        assert replica.ReplicaRouter().db_for_read(Proposal) is None
