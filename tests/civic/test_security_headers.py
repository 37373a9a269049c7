"""Response headers under production settings: CSP (public site and admin), one framing
rule, Permissions-Policy, HSTS, Secure cookies, and /healthz over plain HTTP."""

import functools
import json
import re
import secrets
import subprocess
import sys

import pytest
from allauth.mfa.models import Authenticator
from django.http import HttpResponse
from django.urls import include, path, reverse
from django.views.decorators.clickjacking import xframe_options_exempt, xframe_options_sameorigin

from civic.security import embeddable
from civic.urls import urlpatterns as site_urls
from tests.civic.test_settings import ROOT
from tests.factories import DEFAULT_PASSWORD, UserFactory, make_consultation

pytestmark = pytest.mark.django_db


@functools.cache
def production_overrides() -> dict:
    """Every setting civic.settings.production changes from the shared base settings."""
    script = (
        "import json; from civic.settings import base, production\n"
        "print(json.dumps({k: getattr(production, k) for k in dir(production)"
        " if k.isupper() and getattr(production, k) != getattr(base, k, object())},"
        " default=str))"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "civic.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/civic_headers_check",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def production(settings):
    """The test settings (database, cache, storage) with production's tightening on top."""
    overrides = production_overrides()
    assert overrides["SESSION_COOKIE_SECURE"] is True  # the real production values
    for name, value in overrides.items():
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)
    return settings


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def assert_framing_denied(response) -> None:
    assert response["X-Frame-Options"] == "DENY"
    assert directives(response)["frame-ancestors"] == ["'none'"]


# --- a public page -------------------------------------------------------------------------


def test_public_page_over_https_gets_every_security_header(client, production):
    response = client.get("/en/terms/", secure=True)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]  # no inline scripts on the public site
    assert policy["object-src"] == ["'none'"]
    assert_framing_denied(response)
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_public_page_over_plain_http_is_redirected_to_https(client, production):
    response = client.get("/en/terms/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/terms/"


def test_healthz_answers_the_load_balancer_over_plain_http(client, production):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_headers_hold_on_an_error_page_too(client, production):
    response = client.get("/en/no-such-page/", secure=True)
    assert response.status_code == 404
    assert_framing_denied(response)
    assert "Permissions-Policy" in response


# --- the Wagtail admin ---------------------------------------------------------------------


@pytest.fixture
def administrator(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    # Production requires staff two-factor: this administrator has set up an app.
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "A" * 32})
    client.force_login(user)
    return user


def test_admin_page_has_its_own_policy(client, production, administrator):
    response = client.get("/admin/", secure=True)
    assert response.status_code == 200
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"]  # Wagtail 8 writes inline scripts
    assert policy["connect-src"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert_framing_denied(response)


def test_admin_page_scripts_are_all_allowed_by_its_policy(client, production, administrator):
    make_consultation()
    for url in ("/admin/", "/admin/pages/", "/admin/snippets/"):
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        script_src = directives(response)["script-src"]
        sources = re.findall(r'<script[^>]*\ssrc="([^"]+)"', response.content.decode())
        assert sources, url
        # Every script is this site's own ('self'): none from another host.
        assert [src for src in sources if not src.startswith("/")] == [], url
        assert "'self'" in script_src


def test_admin_page_editor_loads_under_the_policy(client, production, administrator):
    consultation = make_consultation()
    response = client.get(f"/admin/pages/{consultation.pk}/edit/", secure=True)
    assert response.status_code == 200
    assert "'unsafe-inline'" in directives(response)["script-src"]


def test_admin_login_page_has_the_admin_policy(client, production):
    response = client.get("/admin/login/", secure=True, follow=True)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response


# --- framing -------------------------------------------------------------------------------


def plain_view(request):
    return HttpResponse("plain")


@embeddable
def embed_view(request):
    return HttpResponse("an embed")


@xframe_options_sameorigin
def preview_view(request):
    return HttpResponse("a preview")


@xframe_options_exempt
def exempt_view(request):
    return HttpResponse("exempt, not embeddable")


def own_policy_view(request):
    response = HttpResponse("a document")
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


framing_urls = [
    path("plain/", plain_view),
    path("embed/", embed_view),
    path("preview/", preview_view),
    path("exempt/", exempt_view),
    path("document/", own_policy_view),
]
# The site's own URLs stay (error pages, middleware); the test views come first.
urlpatterns = [path("framing/", include(framing_urls)), *site_urls]


@pytest.mark.urls(__name__)
def test_views_deny_framing_by_default(client, production):
    assert_framing_denied(client.get("/framing/plain/", secure=True))


@pytest.mark.urls(__name__)
def test_embeddable_views_may_be_framed_by_any_site_by_default(client, production):
    response = client.get("/framing/embed/", secure=True)
    assert "X-Frame-Options" not in response
    assert directives(response)["frame-ancestors"] == ["*"]


@pytest.mark.urls(__name__)
def test_embeddable_views_follow_the_configured_ancestors(client, production):
    production.EMBED_FRAME_ANCESTORS = ["https://news.example.com", "https://blog.example.net"]
    response = client.get("/framing/embed/", secure=True)
    assert "X-Frame-Options" not in response
    assert directives(response)["frame-ancestors"] == [
        "https://news.example.com",
        "https://blog.example.net",
    ]


@pytest.mark.urls(__name__)
def test_same_origin_views_are_framed_by_this_site_only_in_both_headers(client, production):
    response = client.get("/framing/preview/", secure=True)
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response)["frame-ancestors"] == ["'self'"]


@pytest.mark.urls(__name__)
def test_exempting_from_x_frame_options_does_not_make_a_view_embeddable(client, production):
    assert_framing_denied(client.get("/framing/exempt/", secure=True))


@pytest.mark.urls(__name__)
def test_a_views_own_policy_still_states_the_framing_rule(client, production):
    response = client.get("/framing/document/", secure=True)
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_wagtail_previews_may_be_framed_by_the_editor_only(client, production, administrator):
    consultation = make_consultation()
    # Without a submitted draft, the preview shows Wagtail's "no preview" page, framed the same.
    response = client.get(f"/admin/pages/{consultation.pk}/edit/preview/", secure=True)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response)["frame-ancestors"] == ["'self'"]


# --- cookies -------------------------------------------------------------------------------


def secure_flags(response) -> dict[str, bool]:
    return {name: bool(morsel["secure"]) for name, morsel in response.cookies.items()}


def test_csrf_cookie_is_secure(client, production):
    response = client.get(reverse("account_login"), secure=True)
    assert secure_flags(response)["csrftoken"] is True


def test_session_and_messages_cookies_are_secure_after_login(client, production):
    user = UserFactory()
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": DEFAULT_PASSWORD},
        secure=True,
    )
    flags = secure_flags(response)
    assert flags["sessionid"] is True
    assert all(flags.values()), flags


def test_language_cookie_is_secure(client, production):
    response = client.post("/i18n/setlang/", {"language": "fa", "next": "/fa/"}, secure=True)
    assert secure_flags(response)["civic_language"] is True


def test_every_other_cookie_is_secure_too(client, production):
    consultation = make_consultation()
    response = client.get(f"/en/consultations/{consultation.slug}/proposals/", secure=True)
    assert response.status_code == 200
    assert secure_flags(response)["civic_order_seed"] is True


def test_cookies_are_not_forced_secure_outside_production(client):
    consultation = make_consultation()
    response = client.get(f"/en/consultations/{consultation.slug}/proposals/")
    assert secure_flags(response)["civic_order_seed"] is False
