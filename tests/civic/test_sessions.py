"""Sessions live in the cache (Redis when REDIS_URL is set) and are written through to the
database (cached_db): any app server finds any session without a database read, and a Redis
flush, eviction or outage signs nobody out."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

needs_redis = pytest.mark.skipif(
    not settings.REDIS_URL, reason="needs Redis (set REDIS_URL); runs in the PostgreSQL pass"
)


def _session_reads(captured) -> int:
    return sum(
        1
        for query in captured.captured_queries
        if "django_session" in query["sql"] and query["sql"].lstrip().upper().startswith("SELECT")
    )


def _profile(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("accounts:profile"))
    return response, _session_reads(captured)


def test_the_session_engine_writes_through_to_the_database():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert settings.SESSION_CACHE_ALIAS == "default"


@needs_redis
def test_a_signed_in_visit_reads_its_session_from_redis_not_the_database(client):
    assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    client.force_login(UserFactory())
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert cache.get(KEY_PREFIX + key), "the session is in Redis"
    assert Session.objects.filter(session_key=key).exists(), "and in the database"
    response, reads = _profile(client)
    assert response.status_code == 200
    assert reads == 0


@needs_redis
def test_losing_the_cached_session_signs_nobody_out(client):
    user = UserFactory()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    cache.delete(KEY_PREFIX + key)  # as a Redis flush or eviction would
    response, reads = _profile(client)
    assert response.status_code == 200
    assert response.wsgi_request.user == user
    assert reads == 1  # read back from the database once...
    assert cache.get(KEY_PREFIX + key)  # ...and cached again for the next request
    assert _profile(client)[1] == 0


@needs_redis
def test_sessions_survive_redis_being_unreachable(client):
    user = UserFactory()
    client.force_login(user)
    unreachable = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert response.wsgi_request.user == user


def test_signing_out_removes_the_session_from_cache_and_database(client):
    client.force_login(UserFactory())
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("account_logout"))
    assert cache.get(KEY_PREFIX + key) is None
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("accounts:profile")).status_code == 302
