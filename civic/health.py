"""`/healthz`: is this app server able to serve? Checks database, cache, task queue and the
static files its pages link to."""

import functools
import re
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
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


# `{% static "css/civic.css" %}` with a literal name: what our pages ask the manifest for.
STATIC_TAG = re.compile(r"""\{%\s*static\s+["']([^"']+)["']""")


@functools.cache
def page_assets() -> tuple[str, ...]:
    """Static files named by the templates of this project (not of installed packages)."""
    folders = [Path(folder) for template in settings.TEMPLATES for folder in template["DIRS"]]
    folders += [
        Path(app.path) / "templates"
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(settings.BASE_DIR)
        and "site-packages" not in Path(app.path).parts
    ]
    names = {
        name
        for folder in folders
        for template in folder.rglob("*.html")
        for name in STATIC_TAG.findall(template.read_text(encoding="utf-8"))
    }
    return tuple(sorted(names))


def _check_static() -> dict:
    """With hashed static files (production), every file a page links to must be in the
    manifest this process loaded and on disk; otherwise pages answer 500."""
    storage = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin):  # dev and tests: the source folders
        return {"ok": True, "manifest": False}
    if not storage.hashed_files:
        # Loaded once, when the process starts: collectstatic, then restart the app server.
        return {"ok": False, "manifest": False, "error": "static manifest missing"}
    missing = []
    for name in page_assets():
        try:
            stored = storage.stored_name(name)
        except ValueError:  # "Missing staticfiles manifest entry"
            missing.append(name)
            continue
        if not storage.exists(stored):
            missing.append(name)
    result: dict = {"ok": not missing, "manifest": True, "entries": len(storage.hashed_files)}
    if missing:
        result["missing"] = missing
    return result


CHECKS = {
    "database": _check_database,
    "cache": _check_cache,
    "tasks": _check_tasks,
    "static": _check_static,
}
# Without these the server cannot serve pages. Without the cache it still can (misses, the
# limits fail open): reported as "degraded" with 200, since every app server shares one
# Redis and a balancer that took them all out would turn a slow site into no site.
REQUIRED = {"database", "tasks", "static"}


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    report: dict = {}
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as exc:  # a health check reports every failure, whatever its kind
            report[name] = {"ok": False, "error": exc.__class__.__name__}
    healthy = all(report[name]["ok"] for name in REQUIRED)
    complete = all(part["ok"] for part in report.values())
    report["status"] = "ok" if complete else "degraded" if healthy else "fail"
    return JsonResponse(report, status=200 if healthy else 503)
