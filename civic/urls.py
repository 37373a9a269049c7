from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.i18n import set_language
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import door
from civic import health, routing, views
from proposals.views import permalink

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
# allauth answers its own rate limits with this view too.
handler429 = views.too_many_requests

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # Wagtail's own log-in and password reset stay unreachable: the accounts pages replace them.
    path("admin/login/", door.admin_login, name="admin_door"),
    path("admin/password_reset/", door.admin_password_reset),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("data/", include("opendata.downloads.urls")),
    # Stable address of a proposal; redirects into the reader's language.
    path("p/<int:pk>/", permalink, name="permalink"),
    path("api/v1/", include("opendata.api.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("profile/resident/", include("accounts.residents.urls")),
    path("profile/", include("accounts.urls")),
    path("terms/", views.terms, name="terms"),
    path("", include("proposals.urls")),
    path("", include("proposals.notifications.urls")),
    path("moderation/", include("proposals.moderation.urls")),
    path("responses/", include("proposals.responses.urls")),
    path("staff/", include("proposals.staff.urls")),
    path("", include("opendata.results.urls")),
    path("", include("budgets.urls")),
    # Wagtail's pages, routed from the cache (civic/routing.py).
    path("", include(routing.wagtail_patterns())),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
