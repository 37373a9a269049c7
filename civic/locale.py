"""Django's LocaleMiddleware, except under the language-neutral prefixes of
`LANGUAGE_NEUTRAL_PATHS` (the public API): there a 404 stays a 404.

Django answers a 404 on a path without a language prefix by redirecting to the same path
under /en/ whenever that would resolve, and Wagtail's catch-all page route resolves every
path. An API client asking for a proposal that is not public must get the API's own JSON 404,
not a redirect to an HTML page.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.path_info.startswith(tuple(settings.LANGUAGE_NEUTRAL_PATHS)):
            return response
        return super().process_response(request, response)
