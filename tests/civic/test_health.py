import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_service_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {"database", "cache", "tasks"} <= body.keys()
    assert all(body[name]["ok"] for name in ("database", "cache", "tasks"))


def test_healthz_returns_503_when_the_cache_fails(client, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"]["ok"] is False
