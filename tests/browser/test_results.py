"""In a browser: a journalist opens the home page, finds a consultation's results, reads a
chart and its table, and opens an embed. Axe on the results, "You said, we did" and embed
pages in English and Persian, on a desktop and a phone; screenshots of each."""

from datetime import UTC, datetime

import pytest

from consultations.models import Department
from opendata import charts
from proposals import services
from proposals.models import Support
from tests.factories import (
    AreaFactory,
    UserFactory,
    make_consultation,
    make_proposal,
    make_response,
    translate_consultation,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)


@pytest.fixture
def consultation():
    consultation = make_consultation(
        title="Park renewal", phase="voting", max_supports_per_citizen=10
    )
    translate_consultation(consultation, title="نوسازی پارک", summary="با پارک چه کنیم؟")
    north = AreaFactory(name="North", name_fa="شمال", slug="north")
    south = AreaFactory(name="South", name_fa="جنوب", slug="south")
    parks = Department.objects.create(name="Parks", name_fa="سازمان پارک")
    citizens = [UserFactory() for _ in range(6)]
    titles = ["Shade trees", "New benches", "Water fountain", "Night lights"]
    for n, title in enumerate(titles):
        proposal = make_proposal(consultation, title=title, area=north if n % 2 else south)
        proposal.topics.add("Greenery" if n < 2 else "Safety")
        for citizen in citizens[: 6 - n]:
            services.support_cast(citizen=citizen, proposal=proposal)
        Support.objects.filter(proposal=proposal).update(
            created_at=datetime(2026, 11, 10 + n, 12, tzinfo=UTC)
        )
    proposals = list(consultation.proposals.order_by("id"))
    make_response(proposals[0], outcome="accepted", late_by_days=-2, department=parks)
    make_response(proposals[1], outcome="rejected", late_by_days=3, department=parks)
    return consultation


def test_journalist_finds_the_results_reads_a_chart_and_opens_an_embed(
    page, axe, screenshot, consultation
):
    page.goto("/en/")
    page.get_by_role("link", name="Park renewal").first.click()
    page.get_by_role("link", name="Results in charts and tables").click()
    page.get_by_role("heading", name="Results: Park renewal", level=1).wait_for()
    axe(page)

    # The chart has an accessible name and a description; the table has the same numbers.
    chart = page.get_by_role("img", name="Proposals by area")
    assert chart.is_visible()
    described = chart.get_attribute("aria-describedby")
    assert "by area" in page.locator(f"#{described}").inner_text()
    table = page.get_by_role("table", name="Proposals by area: the numbers")
    assert table.get_by_role("row", name="North 2").is_visible()
    assert table.get_by_role("row", name="South 2").is_visible()
    ranking = page.get_by_role("table", name="Proposals 1 to 4 of 4, most supported first")
    assert ranking.get_by_role("row").nth(1).inner_text().startswith("1")
    assert "Shade trees" in ranking.get_by_role("row").nth(1).inner_text()

    # The embed code is there to copy; the embed opens without the site's header or forms.
    areas = page.get_by_role("region", name="Proposals by area", exact=True)
    areas.get_by_text("Embed this chart").click()
    screenshot(page, "results-embed-code-en")
    assert "<iframe src=" in page.get_by_label("Embed code: Proposals by area").inner_text()
    page.get_by_role("link", name="Open the embed: Proposals by area").click()
    page.get_by_role("heading", name="Proposals by area", level=1).wait_for()
    assert page.locator("form").count() == 0
    assert page.locator("header.site-header").count() == 0
    assert page.context.cookies() == []
    axe(page)
    page.get_by_role("link", name="See the full results and the data").wait_for()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["en", "fa"])
def test_results_pages_pass_axe(page, axe, screenshot, consultation, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    slug = consultation.slug
    pages = {
        "results": f"/{language}/consultations/{slug}/results/",
        "site-results": f"/{language}/results/",
        "you-said-we-did": f"/{language}/results/responses/",
        "you-said-we-did-filtered": f"/{language}/results/responses/?timing=late",
        "embed-summary": f"/{language}/consultations/{slug}/results/embed/",
        "embed-supports": f"/{language}/consultations/{slug}/results/embed/supports/",
        "embed-areas": f"/{language}/consultations/{slug}/results/embed/areas/",
    }
    for name, url in pages.items():
        page.goto(url)
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "fa" else "ltr")
        axe(page, f"{url} at {width}px")
        screenshot(page, f"results-{name}-{language}-{width}")


def test_persian_chart_bars_start_on_the_right(page, consultation):
    page.goto(f"/fa/consultations/{consultation.slug}/results/")
    chart = page.get_by_role("img", name="پیشنهادها بر پایهٔ محله")
    box = chart.bounding_box()
    bars = chart.locator("rect")
    for n in range(bars.count()):
        bar = bars.nth(n).bounding_box()
        inline_start = box["x"] + box["width"] * (charts.WIDTH - charts.PAD) / charts.WIDTH
        assert abs((bar["x"] + bar["width"]) - inline_start) < 3


def test_journalist_downloads_recounts_scripts_the_api_and_subscribes(
    page, axe, screenshot, consultation
):
    import csv
    import io
    from collections import Counter

    # What the results page says, proposal by proposal.
    page.goto(f"/en/consultations/{consultation.slug}/results/")
    ranking = page.get_by_role("table", name="Proposals 1 to 4 of 4, most supported first")
    shown = {}
    for row in ranking.locator("tbody tr").all():
        link = row.get_by_role("link")
        pk = int(link.get_attribute("href").rstrip("/").rsplit("/", 1)[-1])
        shown[pk] = int(row.locator("td").last.inner_text())
    assert sum(shown.values()) == 6 + 5 + 4 + 3

    # From any page's footer to the open data, where the consultation's files are listed.
    page.get_by_role("contentinfo").get_by_role("link", name="Open data").click()
    page.get_by_role("heading", name="Open data", level=1).wait_for()
    axe(page)
    screenshot(page, "journalist-open-data-en")

    def download(name: str) -> list[dict]:
        link = page.get_by_role("link", name=f"{name} — {consultation.title}")
        with page.expect_download() as info:
            link.click()
        text = open(info.value.path(), encoding="utf-8").read()  # noqa: SIM115
        return list(csv.DictReader(io.StringIO(text)))

    # Recount every proposal from the ballots: the page's numbers, no one twice.
    ballots = download("ballots.csv")
    assert Counter(int(row["proposal_id"]) for row in ballots) == shown
    tokens = Counter((row["proposal_id"], row["voter_token"]) for row in ballots)
    assert max(tokens.values()) == 1
    proposals = download("proposals.csv")
    assert {int(r["id"]): int(r["support_count"]) for r in proposals} == shown

    # The feed of responses is there to subscribe to, and holds the published answers.
    feed_url = page.get_by_role("link", name="Atom feed of new official responses").get_attribute(
        "href"
    )
    feed = page.request.get(feed_url)
    assert feed.ok and "application/atom+xml" in feed.headers["content-type"]
    assert "Shade trees" in feed.text()

    # A script reads the API from its schema and finds the same numbers.
    page.get_by_role("link", name="public API").click()
    page.get_by_text("/api/v1/proposals/").first.wait_for()
    schema = page.request.get("/api/v1/schema/?format=json")
    assert schema.ok
    proposals_list = schema.json()["paths"]["/api/v1/proposals/"]["get"]
    assert {"consultation", "page", "page_size"} <= {
        p["name"] for p in proposals_list["parameters"]
    }
    answer = page.request.get(f"/api/v1/proposals/?consultation={consultation.pk}&page_size=100")
    assert {item["id"]: item["support_count"] for item in answer.json()["results"]} == shown
