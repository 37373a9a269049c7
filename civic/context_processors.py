from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {
        "SITE_URL": settings.SITE_URL,
        "CONTENT_LICENCE": settings.CONTENT_LICENCE,
        "CONTENT_LICENCE_URL": settings.CONTENT_LICENCE_URL,
    }
