import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_service_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {"database", "cache", "tasks"} <= body.keys()
    assert all(body[name]["ok"] for name in ("database", "cache", "tasks"))


def test_healthz_says_degraded_but_serving_when_the_cache_fails(client, monkeypatch):
    # A real unreachable Redis: tests/proposals/test_support_under_load.py.
    from django.core.cache import cache

    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"]["ok"] is False


def test_healthz_returns_503_when_the_database_fails(client, monkeypatch):
    from django.db import OperationalError, connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["database"] == {"ok": False, "error": "OperationalError"}
    # The other services are still reported, so an operator sees what else works.
    assert body["cache"]["ok"] is True


def test_healthz_never_reveals_error_details(client, monkeypatch):
    from django.db import OperationalError, connection

    def refuse(*args, **kwargs):
        raise OperationalError("password authentication failed for user secret_user")

    monkeypatch.setattr(connection, "cursor", refuse)
    assert "secret_user" not in client.get("/healthz").content.decode()


def test_healthz_names_the_database_vendor(client, settings):
    body = client.get("/healthz").json()
    assert body["database"]["vendor"] == ("postgresql" if settings.IS_POSTGRES else "sqlite")


def test_healthz_counts_waiting_tasks_with_the_database_worker(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    body = client.get("/healthz").json()
    assert body["tasks"] == {"ok": True, "backend": "DatabaseBackend", "ready": 0}


def test_healthz_is_never_cached(client):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]


def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code == 405
