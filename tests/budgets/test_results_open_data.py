"""A budget's open data: budget_projects.csv, budget_ballots.csv and the pabulib file(s).

The exported .pb is parsed with the project's own reader and recounted with its declared rule:
the winners are the published ones. The CSV counts agree with the results page.
"""

import csv
import io

import pytest
from django.urls import reverse

from budgets import allocation, pabulib
from budgets.models import Allocation
from budgets.results.services import count_heading
from tests.factories import cast_ballots, make_counted_budget, make_counted_project

pytestmark = pytest.mark.django_db


def file_url(budget, name: str) -> str:
    return f"/data/consultations/{budget.pk}/{name}"


def body(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response))))


def budget_with_ballots(rule: str = "greedy", headings=(("Whole city", 100_000),)):
    budget = make_counted_budget(allocation_rule=rule, headings=headings)
    for heading in budget.budget_headings.order_by("sort_order"):
        a = make_counted_project(heading, cost=60_000, title=f"Skate park; {heading.name}")
        b = make_counted_project(heading, cost=50_000, title=f"Library hours {heading.name}")
        c = make_counted_project(heading, cost=30_000, title=f"Bike lanes {heading.name}")
        make_counted_project(heading, cost=20_000, title=f"Benches {heading.name}")
        cast_ballots(heading, [[a, c]] * 5 + [[b]] * 4 + [[b, c]] * 3 + [[]])
    return budget


@pytest.fixture
def counted():
    budget = budget_with_ballots()
    count_heading(budget.budget_headings.get(), "close")
    return budget


@pytest.mark.parametrize("rule", ["greedy", "equal_shares"])
def test_recounting_the_pb_file_gives_the_published_winners(client, rule):
    budget = budget_with_ballots(rule)
    heading = budget.budget_headings.get()
    published = count_heading(heading, "close")
    parsed = pabulib.read_pb(body(client.get(file_url(budget, "budget.pb"))))
    amount, projects, ballots, declared = pabulib.instance_from_pb(parsed)
    assert declared == rule and amount == 100_000
    recounted = allocation.allocate(declared, amount, projects, ballots)
    winners = set(published.results.filter(selected=True).values_list("project_id", flat=True))
    assert set(recounted.selected) == winners
    assert {int(p.project_id) for p in parsed.projects if p.selected} == winners


def test_the_pb_file_declares_its_meta(client, counted):
    parsed = pabulib.read_pb(body(client.get(file_url(counted, "budget.pb"))))
    meta = parsed.meta
    assert meta["description"] == counted.title
    assert meta["num_projects"] == "4" and meta["num_votes"] == "13"
    assert meta["budget"] == "100000" and meta["currency"] == "EUR"
    assert meta["vote_type"] == "approval" and meta["rule"] == "greedy"
    assert meta["max_sum_cost"] == "100000"


def test_the_pb_votes_are_the_voter_tokens(client, counted):
    parsed = pabulib.read_pb(body(client.get(file_url(counted, "budget.pb"))))
    tokens = set(counted.budget_headings.get().ballots.values_list("voter_token", flat=True))
    assert {vote.voter_id for vote in parsed.votes} == tokens
    assert len(parsed.votes) == 13


def test_a_budget_with_several_headings_has_one_pb_per_heading(client):
    budget = budget_with_ballots(headings=(("North", 100_000), ("South", 100_000)))
    assert client.get(file_url(budget, "budget.pb")).status_code == 404
    for heading in budget.budget_headings.all():
        parsed = pabulib.read_pb(body(client.get(file_url(budget, f"budget-{heading.pk}.pb"))))
        assert parsed.meta["description"] == f"{budget.title}: {heading.name}"
        assert {int(p.project_id) for p in parsed.projects} == set(
            heading.projects.values_list("pk", flat=True)
        )


def test_projects_csv_agrees_with_the_published_count(client, counted):
    found = rows(client.get(file_url(counted, "budget_projects.csv")))
    published = Allocation.objects.get(heading__consultation=counted)
    stored = {r.project_id: r for r in published.results.all()}
    assert len(found) == 4
    for row in found:
        result = stored[int(row["project_id"])]
        assert int(row["votes"]) == result.votes
        assert row["selected"] == ("true" if result.selected else "false")
        assert row["reason"] == result.reason
    assert list(found[0]) == [
        "project_id",
        "proposal_id",
        "heading",
        "cost",
        "votes",
        "selected",
        "reason",
    ]


def test_ballots_csv_has_one_row_per_ballot_with_its_choices(client, counted):
    found = rows(client.get(file_url(counted, "budget_ballots.csv")))
    assert len(found) == 13
    chosen = sorted(len(list(filter(None, row["project_ids"].split(";")))) for row in found)
    assert chosen == [0] + [1] * 4 + [2] * 8
    votes = {}
    for row in found:
        for project in filter(None, row["project_ids"].split(";")):
            votes[int(project)] = votes.get(int(project), 0) + 1
    published = Allocation.objects.get(heading__consultation=counted)
    assert votes == {r.project_id: r.votes for r in published.results.all() if r.votes}


def test_ballots_are_not_published_while_balloting_is_open(client):
    budget = make_counted_budget(phase="voting")
    heading = budget.budget_headings.get()
    project = make_counted_project(heading, cost=10_000)
    cast_ballots(heading, [[project]] * 3)
    assert rows(client.get(file_url(budget, "budget_ballots.csv"))) == []
    listed = rows(client.get(file_url(budget, "budget_projects.csv")))
    assert listed[0]["votes"] == "" and listed[0]["selected"] == ""
    parsed = pabulib.read_pb(body(client.get(file_url(budget, "budget.pb"))))
    assert parsed.votes == [] and parsed.meta["num_votes"] == "0"


def test_files_carry_an_etag_and_answer_304(client, counted):
    first = client.get(file_url(counted, "budget.pb"))
    etag = first["ETag"]
    assert first["Last-Modified"]
    again = client.get(file_url(counted, "budget.pb"), headers={"If-None-Match": etag})
    assert again.status_code == 304
    count_heading(counted.budget_headings.get(), "close")
    changed = client.get(file_url(counted, "budget.pb"), headers={"If-None-Match": etag})
    assert changed.status_code == 200


def test_an_ideas_consultation_has_no_budget_files(client):
    from tests.factories import make_consultation

    ideas = make_consultation(title="Ideas")
    assert client.get(file_url(ideas, "budget_projects.csv")).status_code == 404


def test_the_data_page_lists_a_budgets_files_with_rows_and_documents_them(client, counted):
    html = client.get(reverse("data:index")).content.decode()
    for name in ("budget_projects.csv", "budget_ballots.csv", "budget.pb"):
        assert f'href="/data/consultations/{counted.pk}/{name}"' in html
        assert f'id="dictionary-{name.replace(".", "-")}"' in html
    ballots = html.split(f"/data/consultations/{counted.pk}/budget_ballots.csv")[1]
    assert '<span class="muted">(13)</span>' in ballots[:200]


def test_the_pb_file_streams_with_the_ballots_in_chunks(client, counted):
    response = client.get(file_url(counted, "budget.pb"))
    assert response.streaming
    assert response["Content-Type"] == "text/plain; charset=utf-8"
