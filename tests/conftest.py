import io
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests are deterministic by default (the same examples on every run and in CI) and
# bounded by their own max_examples; HYPOTHESIS_PROFILE=explore searches afresh each run.
settings.register_profile(
    "civic",
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile("explore", parent=settings.get_profile("civic"), derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "civic"))

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


# Modules whose tests run for tens of seconds each (app servers under load, seeding, copies of
# the database): collected first, so that the parallel workers start on them and the run does
# not end with one worker busy on a long test while the other waits.
SLOW_FIRST = (
    "tests/demo/test_bench_http.py",
    "tests/proposals/test_support_under_load.py",
    "tests/budgets/test_ballots_concurrency.py",
    "tests/civic/test_pagecache_appservers.py",
    "tests/civic/test_replica.py",
    "tests/demo/test_bench.py",
    "tests/demo/test_seed_demo.py",
    "tests/demo/test_consultations_reseeding.py",
)


def _django_order(item) -> int:
    """0: uses the database in a transaction; 1: transactional (or a live server); 2: no
    database. The order pytest-django sorts by."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(fixtures)
    )
    if transactional:
        return 1
    return 0 if marker or "db" in fixtures else 2


def pytest_configure(config):
    # Between transactional tests: empty with DELETE, refill post_migrate's rows from copies.
    from tests import flush

    flush.install()


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    # pytest-django has already put the tests in Django's order (database tests, then
    # transactional ones, which empty the database, then the rest); the slow modules go first
    # within their own group, never across groups.
    rank = {name: n for n, name in enumerate(SLOW_FIRST)}
    group = {id(item): _django_order(item) for item in items}
    items.sort(key=lambda item: (group[id(item)], rank.get(item.nodeid.split("::")[0], len(rank))))

    chromium_missing = not (Path(CHROMIUM).exists() or shutil.which("chromium"))
    for item in items:
        if "browser" in item.keywords and chromium_missing:
            item.add_marker(
                pytest.mark.skip(reason=f"Debian's chromium is not installed ({CHROMIUM})")
            )
        if "postgres" in item.keywords and not settings.IS_POSTGRES:
            item.add_marker(
                pytest.mark.skip(
                    reason="needs PostgreSQL (set DATABASE_URL); runs in the PostgreSQL pass"
                )
            )


# Enough supports that the limited consultations run out of citizens' supports.
DEMO_SMALL = ["--consultations=6", "--proposals=120", "--citizens=30", "--supports=900"]


@pytest.fixture(scope="module")
def seeded(request, django_db_setup, django_db_blocker):
    """One small seeded demo for every test of a module (seeding is the slow part), rolled back
    afterwards; nothing cached about its rows outlives it. A module may set its own size in
    `SEED_ARGS`."""
    from django.core.management import call_command
    from django.db import transaction

    from tests.factories import clear_cache

    with django_db_blocker.unblock():
        with transaction.atomic():
            args = getattr(request.module, "SEED_ARGS", DEMO_SMALL)
            call_command("seed_demo", "--force", *args, stdout=io.StringIO())
            yield
            transaction.set_rollback(True)
        clear_cache()


@pytest.fixture(autouse=True)
def _fresh_cache():
    from tests.factories import clear_cache

    clear_cache()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language, whatever the previous one activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def mailoutbox_texts(mailoutbox):
    return lambda: [message.body for message in mailoutbox]


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM in the same
    # thread (the test's own setup) must be allowed despite it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    if AXE_JS.exists():
        # Init scripts bypass the Content Security Policy, which forbids inline scripts.
        context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe():
    """Run axe-core on the page; fail with every WCAG 2.2 A/AA violation listed."""
    if not AXE_JS.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does it when npm exists)")

    def check(page, context: str = "") -> None:
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        violations = result["violations"]
        details = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in violations
        )
        assert not violations, f"axe found violations on {context or page.url}:\n{details}"

    return check


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
