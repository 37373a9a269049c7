"""The Wagtail admin works under its Content Security Policy: no violation, scripts run."""

import pytest
from django.test import Client

from tests.factories import UserFactory, make_consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Init scripts run before the page's own and are not subject to its policy.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def admin_page(page, live_server):
    user = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.context.add_init_script(script=RECORD_VIOLATIONS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    return page


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    assert "Content-Security-Policy" in response.headers or "content-security-policy" in (
        response.headers
    )
    page.wait_for_load_state("networkidle")


def test_admin_dashboard_renders_its_sidebar_under_the_policy(admin_page):
    visit(admin_page, "/admin/")
    # The sidebar is drawn by the admin's scripts: it shows only if they ran.
    admin_page.get_by_role("navigation", name="Main menu").wait_for()
    assert admin_page.evaluate("window.cspViolations") == []
    assert admin_page.errors == []


def test_admin_page_editor_runs_its_inline_scripts(admin_page):
    consultation = make_consultation()
    visit(admin_page, f"/admin/pages/{consultation.pk}/edit/")
    # The schedule's date-time fields are set up by inline scripts Wagtail writes.
    assert admin_page.evaluate("typeof window.initDateTimeChooser") == "function"
    admin_page.get_by_role("navigation", name="Main menu").wait_for()
    assert admin_page.evaluate("window.cspViolations") == []
    assert admin_page.errors == []


def test_admin_listings_load_without_violations(admin_page):
    make_consultation()
    for url in ("/admin/pages/", "/admin/snippets/", "/admin/images/", "/admin/documents/"):
        visit(admin_page, url)
        assert admin_page.evaluate("window.cspViolations") == [], url
    assert admin_page.errors == []
