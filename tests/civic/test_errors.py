"""Error pages speak the reader's language and keep the site's look."""

import pytest
from django.test import RequestFactory

from civic import views

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("fa", "rtl")])
def test_missing_page_renders_our_404(client, language, direction):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert 'class="site-header"' in html
    assert 'class="error-page"' in html
    assert "error-page__code" in html


def test_permission_denied_renders_our_403(rf: RequestFactory):
    request = rf.get("/en/")
    response = views.permission_denied(request, PermissionError())
    assert response.status_code == 403
    assert "You are not allowed to do that" in response.content.decode()


def test_bad_request_renders_our_400(rf: RequestFactory):
    response = views.bad_request(rf.get("/en/"), ValueError())
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_server_error_renders_our_500_without_context_processors(rf: RequestFactory):
    response = views.server_error(rf.get("/en/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'class="site-header"' in html
    assert "/static/css/civic.css" in html


def test_unhandled_exception_is_answered_by_our_500(client, settings):
    from django.urls import path

    def explode(request):
        raise RuntimeError("boom")

    urlconf = type(
        "Urls",
        (),
        {"urlpatterns": [path("explode/", explode)], "handler500": "civic.views.server_error"},
    )
    settings.ROOT_URLCONF = urlconf
    client.raise_request_exception = False
    response = client.get("/explode/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_bad_host_header_is_a_400_in_our_layout(client):
    response = client.get("/en/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_terms_page_states_licence_and_privacy(client, settings):
    html = client.get("/en/terms/").content.decode()
    assert settings.CONTENT_LICENCE in html
    assert settings.CONTENT_LICENCE_URL in html
    assert "never shown" in html
    assert "display name" in html


def test_footer_links_the_terms_in_the_reader_language(client):
    assert 'href="/fa/terms/"' in client.get("/fa/").content.decode()


def test_a_broken_database_connection_answers_503_with_retry_after(rf):
    from django.db import OperationalError

    from civic.views import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/en/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Sending the same thing again is safe" in response.content.decode()


def test_any_other_failure_stays_a_500(rf):
    from civic.views import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/en/"))
    assert response.status_code == 500
    assert "Retry-After" not in response
