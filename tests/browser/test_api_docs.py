"""The API's documentation (Swagger UI, served from this site) works under the site's CSP."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""
PATHS = ["consultations", "proposals", "responses", "topics", "areas"]


@pytest.fixture
def docs(page, live_server):
    page.context.add_init_script(script=RECORD_VIOLATIONS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(live_server.url) else None
        ),
    )
    response = page.goto("/api/v1/docs/")
    assert response.status == 200
    assert "content-security-policy" in response.headers
    page.get_by_text("/api/v1/proposals/{id}/").first.wait_for()
    page.errors, page.outside = errors, outside
    return page


def test_the_docs_list_every_endpoint_under_the_policy(docs, screenshot):
    for path in PATHS:
        assert docs.get_by_text(f"/api/v1/{path}/", exact=True).count() == 1
    assert docs.evaluate("window.cspViolations") == []
    assert docs.errors == []
    assert docs.outside == []  # no CDN: every file comes from this site
    screenshot(docs, "api-docs-1280")
    docs.set_viewport_size({"width": 390, "height": 844})
    screenshot(docs, "api-docs-390")


def test_the_docs_can_try_a_request(docs):
    docs.get_by_text("/api/v1/areas/", exact=True).click()
    docs.get_by_role("button", name="Try it out").click()
    docs.get_by_role("button", name="Execute").click()
    docs.get_by_text('"count": 0').first.wait_for()
    assert docs.evaluate("window.cspViolations") == []


def test_the_docs_page_passes_axe(docs, axe):
    axe(docs, "API docs")
