"""Every figure of a results page equals the downloads and the API at the same moment.

One seeded demo (rolled back afterwards); for the whole site and for each consultation, the
results page (its context: what the page prints), the files under /data/ and the API are read
one after the other, and their numbers compared: supports per proposal, the recount of
ballots.csv, supports per day, outcomes, totals and published responses.
"""

import csv
import io
import json
from collections import Counter, defaultdict

import pytest

from consultations.models import ConsultationPage

pytestmark = pytest.mark.django_db


def read_csv(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def read_api(client, url: str, filters: dict) -> list[dict]:
    items, page = [], 1
    while True:
        response = client.get(url, {**filters, "page": page, "page_size": 100})
        assert response.status_code == 200, (url, response.content[:300])
        body = response.json()
        items.extend(body["results"])
        if not body.get("next"):
            return items
        page += 1


def page_figures(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    context = response.context
    ranked = list(context["ranked"].paginator.object_list)
    return {
        "supports": {p.pk: p.support_count for p in ranked},
        "support_total": context["support_total"],
        "response_total": context["response_total"],
        "per_day": {
            row["key"]: row["count"] for row in context["figures"]["supports"].rows if row["count"]
        },
        "outcomes": {row["key"]: row["count"] for row in context["figures"]["outcomes"].rows},
    }


def scopes():
    """(results page, folder of files, API filter) for the site and every consultation."""
    yield "/en/results/", "/data/", {}
    for page in ConsultationPage.objects.live().filter(locale__language_code="en"):
        yield (
            f"/en/consultations/{page.slug}/results/",
            f"/data/consultations/{page.pk}/",
            {"consultation": page.pk},
        )


def test_the_seeded_demo_has_figures_to_compare(seeded, client):
    site = page_figures(client, "/en/results/")
    assert len(site["supports"]) >= 50
    assert site["support_total"] >= 300
    assert site["response_total"] > 0
    assert len(site["outcomes"]) >= 3


def test_results_pages_files_and_api_agree(seeded, client):
    compared = 0
    for results_url, folder, api_filter in scopes():
        page = page_figures(client, results_url)
        published = set(page["supports"])

        proposals = [
            r for r in read_csv(client, f"{folder}proposals.csv") if r["state"] == "published"
        ]
        from_file = {int(r["id"]): int(r["support_count"]) for r in proposals}
        assert from_file == page["supports"], results_url
        assert page["support_total"] == sum(from_file.values())

        as_json = [
            r
            for r in json.loads(b"".join(client.get(f"{folder}proposals.json").streaming_content))
            if r["state"] == "published"
        ]
        assert {r["id"]: r["support_count"] for r in as_json} == page["supports"]

        ballots = Counter(int(r["proposal_id"]) for r in read_csv(client, f"{folder}ballots.csv"))
        assert {pk: ballots[pk] for pk in published} == page["supports"]

        per_day: Counter = Counter()
        daily_per_proposal: Counter = Counter()
        for row in read_csv(client, f"{folder}supports_daily.csv"):
            if int(row["proposal_id"]) in published:
                per_day[row["day"]] += int(row["supports"])
                daily_per_proposal[int(row["proposal_id"])] += int(row["supports"])
        assert dict(per_day) == page["per_day"]
        assert {pk: daily_per_proposal[pk] for pk in published} == page["supports"]

        outcomes = Counter(r["outcome"] or "none" for r in proposals)
        assert {k: v for k, v in outcomes.items() if v} == {
            ("none" if k in ("", "none") else k): v for k, v in page["outcomes"].items()
        }

        responses = [
            r
            for r in read_csv(client, f"{folder}responses.csv")
            if int(r["proposal_id"]) in published
        ]
        assert len(responses) == page["response_total"]

        api = read_api(client, "/api/v1/proposals/", api_filter)
        assert {item["id"]: item["support_count"] for item in api} == page["supports"]
        api_responses = [
            item
            for item in read_api(client, "/api/v1/responses/", api_filter)
            if item["proposal"] in published
        ]
        assert len(api_responses) == page["response_total"]
        compared += 1
    assert compared >= 4


def test_a_recount_of_every_file_matches_the_stored_counts_per_consultation(seeded, client):
    by_consultation: defaultdict = defaultdict(int)
    for row in read_csv(client, "/data/proposals.csv"):
        by_consultation[row["consultation_id"]] += int(row["support_count"])
    ballots = read_csv(client, "/data/ballots.csv")
    assert sum(by_consultation.values()) == len(ballots)
