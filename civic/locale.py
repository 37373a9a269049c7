"""Django's LocaleMiddleware, except under the language-neutral prefixes of
`LANGUAGE_NEUTRAL_PATHS` (the public API), and without its 404 redirect under the prefixes of
`UNPREFIXED_PATHS` (open-data files, permalinks: negotiated language, but a 404 stays a 404).

There every answer is in the default language whatever the browser asks (the data carry their
own `language`), so an answer never varies with Accept-Language and its ETag is one for
everyone; and a 404 stays a 404. Elsewhere Django answers a 404 on a path without a language
prefix by redirecting to the same path under /en/ whenever that would resolve, and Wagtail's
catch-all page route resolves every path: an API client asking for a proposal that is not
public must get the API's own JSON 404, not a redirect to an HTML page.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


def language_neutral(request: HttpRequest) -> bool:
    return request.path_info.startswith(tuple(settings.LANGUAGE_NEUTRAL_PATHS))


def unprefixed(request: HttpRequest) -> bool:
    return request.path_info.startswith(tuple(settings.UNPREFIXED_PATHS))


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if not language_neutral(request):
            return super().process_request(request)
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return None

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if language_neutral(request):
            return response
        if unprefixed(request) and response.status_code == 404:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
