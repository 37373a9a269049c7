"""`/healthz`: is this app server able to serve? Checks database, cache and task queue."""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def _check_cache() -> dict:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return {"ok": ok, "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def _check_tasks() -> dict:
    backend = settings.TASKS["default"]["BACKEND"]
    result: dict = {"ok": True, "backend": backend.rsplit(".", 1)[-1]}
    if backend == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        result["ready"] = DBTaskResult.objects.filter(status="READY").count()
    return result


CHECKS = {"database": _check_database, "cache": _check_cache, "tasks": _check_tasks}


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    report: dict = {}
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as exc:  # a health check reports every failure, whatever its kind
            report[name] = {"ok": False, "error": exc.__class__.__name__}
    healthy = all(part["ok"] for part in report.values())
    report["status"] = "ok" if healthy else "fail"
    return JsonResponse(report, status=200 if healthy else 503)
