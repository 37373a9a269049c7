"""The OpenAPI schema covers the public API only."""

API_PREFIX = "/api/v1/"


def public_endpoints_only(endpoints: list, **kwargs) -> list:
    """drf-spectacular preprocessing hook: drop every view outside /api/v1/ (Wagtail's admin
    API) and the schema and docs views themselves."""
    return [
        (path, pattern, method, view)
        for path, pattern, method, view in endpoints
        if path.startswith(API_PREFIX)
        and not path.startswith((f"{API_PREFIX}schema/", f"{API_PREFIX}docs/"))
    ]
