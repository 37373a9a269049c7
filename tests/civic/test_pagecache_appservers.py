"""Two app servers, one PostgreSQL, one Redis: a change made through one server is on the
next anonymous request to the other, though both had the page in the shared cache.

Both gunicorn processes run the production settings (`tests/appserver_settings.py`), so the
page cache is the Redis one every server shares; a citizen signed in on one server supports
and comments, a visitor without a session reads through the other.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlencode

import pytest
import redis
from django.urls import reverse

from civic.pagecache import STATUS_HEADER
from tests.appservers import (
    HOST,
    SECRET_KEY,
    AppServer,
    Browserless,
    request,
    signed_in_session,
)
from tests.factories import UserFactory, make_consultation, make_proposal

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="needs Redis (set REDIS_URL); runs in that pass"),
]

COUNT = re.compile(rb'<span class="support-widget__number">([^<]*)</span>')


@pytest.fixture
def servers(tmp_path):
    # The servers' cache prefix is this process's: entries of an earlier test on the same
    # prefix describe rows that are gone, so they go too (a restored database needs the same).
    prefix = AppServer(log_dir=tmp_path, name="probe", redis_url=REDIS_URL).environment()[
        "CACHE_KEY_PREFIX"
    ]
    store = redis.Redis.from_url(REDIS_URL)
    for key in store.scan_iter(match=f"{prefix}:*"):
        store.delete(key)
    started = [AppServer(log_dir=tmp_path, name=name, redis_url=REDIS_URL) for name in "ab"]
    for server in started:
        server.start()
    yield started
    for server in started:
        server.stop()


def anonymous(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    """A visitor without a session, through the proxy (which sends every app server the
    site's one host name)."""
    return request(
        port,
        "GET",
        path,
        headers={
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.9",
        },
    )


def cached_everywhere(ports: list[int], path: str) -> bytes:
    """Ask each server until it answers `path` from the cache; the page both replayed."""
    bodies = []
    for port in ports:
        for _attempt in range(4):
            status, headers, body = anonymous(port, path)
            assert status == 200, (port, path)
            if headers.get(STATUS_HEADER.lower()) == "hit":
                bodies.append(body)
                break
        else:
            pytest.fail(f"{path} never came from the cache on port {port}")
    assert bodies[0] == bodies[1]
    return bodies[0]


def post_form(device: Browserless, port: int, path: str, fields: dict[str, str]):
    csrf = device.cookies.get("csrftoken", "")
    body = urlencode({"csrfmiddlewaretoken": csrf, **fields}).encode()
    return device.send(
        port,
        "POST",
        path,
        extra={
            "Origin": f"https://{HOST}:{port}",
            "Referer": f"https://{HOST}:{port}/",
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": str(len(body)),
        },
        body=body,
    )


def test_a_change_through_one_server_is_on_the_next_request_to_the_other(settings, servers):
    settings.SECRET_KEY = SECRET_KEY
    consultation = make_consultation(phase="voting", max_supports_per_citizen=0)
    proposal = make_proposal(consultation, title="Protected bike lanes")
    citizen = Browserless(session_key=signed_in_session(UserFactory()), address="198.51.100.7")
    a, b = (server.port for server in servers)
    page = reverse("proposals:detail", kwargs={"pk": proposal.pk})
    ranked = reverse("proposals:list", kwargs={"slug": consultation.slug}) + "?sort=supports"

    assert COUNT.search(cached_everywhere([a, b], page)).group(1) == b"0"
    assert b"0 supports" in cached_everywhere([a, b], ranked)

    # A support through server A (the citizen's page there gives them their CSRF cookie).
    status, _headers, mine = citizen.send(a, "GET", page)
    assert status == 200 and b"Support this proposal" in mine
    status, _headers, _body = citizen.post(a, reverse("proposals:support", args=[proposal.pk]))
    assert status == 200
    status, headers, body = anonymous(b, page)
    assert status == 200 and headers.get("x-page-cache") != "hit"
    assert COUNT.search(body).group(1) == b"1"
    assert b"1 support<" in anonymous(b, ranked)[2]

    # A comment through server B, read through server A.
    cached_everywhere([a, b], page)
    status, _headers, _body = post_form(
        citizen,
        b,
        reverse("proposals:comment", args=[proposal.pk]),
        {"body": "Paint them green, please.", "token": "appserver-comment-1"},
    )
    assert status == 302
    status, _headers, body = anonymous(a, page)
    assert status == 200
    assert b"Paint them green, please." in body
    # And both serve the new page from the cache again.
    assert b"Paint them green, please." in cached_everywhere([a, b], page)
