"""The open-data files under /data/: headers and rows on seeded data, scoping, conditional
requests, streaming, no personal data, recounts, and the data dictionary agreeing with them."""

import csv
import io
import json
from collections import Counter
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opendata.downloads.dictionary import FILES, FILES_BY_NAME
from proposals import services
from proposals.models import Proposal, Support
from proposals.moderation import services as moderation
from proposals.responses import services as responses
from tests.factories import (
    AreaFactory,
    UserFactory,
    make_consultation,
    make_proposal,
    translate_consultation,
)
from tests.proposals.staff import approver, moderator_of, official_of

pytestmark = pytest.mark.django_db

CSV_FILES = [data_file.name for data_file in FILES if data_file.format == "csv"]
FILE_NAMES = [data_file.name for data_file in FILES]
# Account ids nothing else in the files can be mistaken for.
FIRST_USER_ID = 987_654_000


def citizen(n: int, **fields):
    values = {"email": f"citizen{n}@example.org", "display_name": f"Citizen {n}", **fields}
    return UserFactory(id=FIRST_USER_ID + n, **values)


def publish_response(proposal, official, **fields):
    values = {"outcome": "accepted", "text": "We will plant the trees in spring.", **fields}
    response = responses.response_draft(proposal=proposal, official=official, **values)
    responses.response_submit(response=response, official=official)
    responses.response_approve(response=response, approver=approver())
    return response


@pytest.fixture
def city():
    parks = make_consultation(title="Park renewal", phase="voting", max_supports_per_citizen=2)
    bikes = make_consultation(title="Bike lanes", phase="voting")
    area = AreaFactory(slug="north", name="North")
    ava = citizen(0, display_name="Ava")
    trees = make_proposal(
        parks, author=ava, title="More trees", body="Plant\ntwenty trees.", area=area,
        latitude="35.699700", longitude="51.337800",
    )  # fmt: skip
    trees.topics.add("trees", "parks")
    benches = make_proposal(parks, author=citizen(1), title="Benches")
    lanes = make_proposal(bikes, author=citizen(2), title="Protected lanes")
    secret = make_proposal(parks, author=citizen(3), title="Secret title", body="Secret body")
    pending = make_proposal(parks, author=citizen(4), state="pending", title="Pending idea")
    voters = [citizen(10 + n) for n in range(3)]
    for voter in voters:
        services.support_cast(citizen=voter, proposal=trees)
    services.support_cast(citizen=voters[0], proposal=benches)
    services.support_cast(citizen=voters[0], proposal=lanes)
    services.support_cast(citizen=voters[1], proposal=secret)
    moderator = moderator_of(parks, id=FIRST_USER_ID + 50, email="mod@example.org")
    moderation.moderate(
        item=secret, moderator=moderator, action="hide", reason="spam", text="Selling things."
    )
    official = official_of(parks, id=FIRST_USER_ID + 60, email="official@example.org")
    response = publish_response(trees, official)
    return SimpleNamespace(
        parks=parks, bikes=bikes, trees=trees, benches=benches, lanes=lanes, secret=secret,
        pending=pending, voters=voters, response=response,
    )  # fmt: skip


def url(name: str, consultation=None) -> str:
    if consultation is None:
        return reverse("data:file", kwargs={"filename": name})
    return reverse(
        "data:consultation_file", kwargs={"consultation_id": consultation.pk, "filename": name}
    )


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def download(client, name: str, consultation=None, **headers) -> str:
    response = client.get(url(name, consultation), headers=headers)
    assert response.status_code == 200
    return body(response)


def table(client, name: str, consultation=None) -> list[dict]:
    return list(csv.DictReader(io.StringIO(download(client, name, consultation))))


def by_id(rows: list[dict]) -> dict[int, dict]:
    return {int(row["id"]): row for row in rows}


# --- headers and rows ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", CSV_FILES)
def test_every_csv_file_starts_with_its_documented_header(client, city, name):
    first = next(csv.reader(io.StringIO(download(client, name))))
    assert first == FILES_BY_NAME[name].column_names


def test_proposals_csv_has_the_published_proposal_with_its_fields(client, city):
    row = by_id(table(client, "proposals.csv"))[city.trees.pk]
    assert row["consultation_id"] == str(city.parks.pk)
    assert row["title"] == "More trees"
    assert row["body"] == "Plant\ntwenty trees."
    assert row["author"] == "Ava"
    assert row["topics"] == "parks;trees"
    assert row["area"] == "north"
    assert (row["latitude"], row["longitude"]) == ("35.699700", "51.337800")
    assert row["outcome"] == "accepted"
    assert row["support_count"] == "3"
    assert row["published_at"].endswith("Z")
    assert row["url"].endswith(f"/p/{city.trees.pk}/")


def test_hidden_proposals_are_listed_by_number_without_their_content(client, city):
    row = by_id(table(client, "proposals.csv"))[city.secret.pk]
    assert row["state"] == "hidden"
    assert row["public_reason"]
    assert (row["title"], row["body"], row["author"], row["topics"]) == ("", "", "", "")
    everything = download(client, "proposals.csv") + download(client, "proposals.json")
    assert "Secret" not in everything


def test_pending_proposals_are_in_no_file(client, city):
    ids = by_id(table(client, "proposals.csv"))
    assert city.pending.pk not in ids
    records = json.loads(download(client, "proposals.json"))
    assert city.pending.pk not in {record["id"] for record in records}


def test_proposals_json_is_an_array_with_the_csv_rows(client, city):
    records = json.loads(download(client, "proposals.json"))
    assert [record["id"] for record in records] == sorted(by_id(table(client, "proposals.csv")))
    trees = next(record for record in records if record["id"] == city.trees.pk)
    assert trees["topics"] == ["parks", "trees"]
    assert trees["latitude"] == pytest.approx(35.6997)
    assert trees["edited_at"] is None
    assert set(trees) == set(FILES_BY_NAME["proposals.json"].column_names)


def test_responses_csv_has_the_live_response(client, city):
    rows = table(client, "responses.csv")
    assert [int(row["proposal_id"]) for row in rows] == [city.trees.pk]
    assert rows[0]["text"] == "We will plant the trees in spring."
    assert rows[0]["outcome"] == "accepted"
    assert rows[0]["first_published_at"].endswith("Z")


def test_a_response_to_a_proposal_hidden_since_leaves_the_file_and_the_api(client, city):
    """The API, responses.csv and the data page read the same public responses: once the
    proposal is hidden, its response is in none of them, and both say so alike."""
    moderator = moderator_of(city.parks, email="second-mod@example.org")
    moderation.moderate(item=city.trees, moderator=moderator, action="hide", reason="spam", text="")
    assert table(client, "responses.csv") == []
    assert client.get("/api/v1/responses/").json()["count"] == 0


def test_moderation_csv_has_the_decision_without_who_or_what(client, city):
    rows = table(client, "moderation.csv")
    hidden = [row for row in rows if row["proposal_id"] == str(city.secret.pk)]
    changes = [(row["action"], row["from_state"], row["to_state"], row["reason"]) for row in hidden]
    assert changes == [("hide", "published", "hidden", "spam")]
    text = download(client, "moderation.csv")
    assert "Selling things" not in text and "Secret" not in text


def test_ballots_days_are_utc_dates(client, city):
    rows = table(client, "ballots.csv")
    support = Support.objects.order_by("id").first()
    assert rows and all(len(row["day"]) == 10 for row in rows)
    assert support.created_at.date().isoformat() in {row["day"] for row in rows}


# --- counts agree ---------------------------------------------------------------------------------


def test_ballots_recount_every_proposal(client, city):
    counted = Counter(int(row["proposal_id"]) for row in table(client, "ballots.csv"))
    for row in table(client, "proposals.csv"):
        assert counted[int(row["id"])] == int(row["support_count"])
        assert Proposal.objects.get(pk=row["id"]).support_count == int(row["support_count"])


def test_supports_daily_sums_to_the_support_counts(client, city):
    summed = Counter()
    for row in table(client, "supports_daily.csv"):
        summed[int(row["proposal_id"])] += int(row["supports"])
    proposals = by_id(table(client, "proposals.csv"))
    assert {pk: int(row["support_count"]) for pk, row in proposals.items() if summed[pk]} == summed
    assert sum(summed.values()) == len(table(client, "ballots.csv"))


def test_supports_cast_on_two_days_are_two_rows(client, city):
    from datetime import timedelta

    first = Support.objects.filter(proposal=city.trees).order_by("id").first()
    Support.objects.filter(pk=first.pk).update(created_at=first.created_at - timedelta(days=1))
    daily = table(client, "supports_daily.csv")
    rows = [row for row in daily if row["proposal_id"] == str(city.trees.pk)]
    assert sorted(int(row["supports"]) for row in rows) == [1, 2]


def test_the_same_citizen_has_unrelated_tokens_in_two_consultations(client, city):
    rows = table(client, "ballots.csv")
    tokens = {int(row["proposal_id"]): row["voter_token"] for row in rows}
    benches = str(city.benches.pk)
    voter_in_parks = {row["voter_token"] for row in rows if row["proposal_id"] == benches}
    in_bikes = tokens[city.lanes.pk]
    # voters[0] supported benches (parks) and lanes (bikes).
    assert voter_in_parks and in_bikes not in voter_in_parks
    assert in_bikes not in {t for pk, t in tokens.items() if pk != city.lanes.pk}


def test_a_citizen_has_one_token_within_a_consultation(client, city):
    rows = table(client, "ballots.csv", city.parks)
    by_proposal = {}
    for row in rows:
        by_proposal.setdefault(int(row["proposal_id"]), set()).add(row["voter_token"])
    # voters[0] supported trees and benches: one token appears in both.
    assert by_proposal[city.trees.pk] & by_proposal[city.benches.pk]


def test_no_token_appears_more_often_than_the_support_limit(client, city):
    counted = Counter(row["voter_token"] for row in table(client, "ballots.csv", city.parks))
    assert max(counted.values()) <= city.parks.max_supports_per_citizen
    assert max(counted.values()) == 2


def test_no_proposal_is_supported_twice_by_one_token(client, city):
    rows = table(client, "ballots.csv")
    pairs = Counter((row["proposal_id"], row["voter_token"]) for row in rows)
    assert set(pairs.values()) == {1}


# --- no personal data -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILE_NAMES)
def test_no_file_holds_an_email_or_an_account_id(client, city, name):
    from accounts.models import User

    text = download(client, name) + download(client, name, city.parks)
    for user in User.objects.all():
        assert user.email not in text
    for user in User.objects.filter(pk__gte=FIRST_USER_ID):
        assert str(user.pk) not in text


def test_a_deleted_author_is_empty_not_named(client, city):
    from accounts.services import account_delete
    from tests.factories import DEFAULT_PASSWORD

    ballots = download(client, "ballots.csv")
    account_delete(user=city.trees.author, password=DEFAULT_PASSWORD)
    row = by_id(table(client, "proposals.csv"))[city.trees.pk]
    assert row["author"] == ""
    assert row["support_count"] == "3"
    assert download(client, "ballots.csv") == ballots


# --- scope ----------------------------------------------------------------------------------------


def test_files_of_a_consultation_hold_only_its_rows(client, city):
    ids = set(by_id(table(client, "proposals.csv", city.parks)))
    assert city.trees.pk in ids and city.lanes.pk not in ids
    ballots = {int(row["proposal_id"]) for row in table(client, "ballots.csv", city.parks)}
    assert city.lanes.pk not in ballots and city.trees.pk in ballots
    days = {row["consultation_id"] for row in table(client, "supports_daily.csv", city.bikes)}
    assert days == {str(city.bikes.pk)}
    assert table(client, "responses.csv", city.bikes) == []


def test_site_wide_files_hold_every_published_consultation(client, city):
    ids = set(by_id(table(client, "proposals.csv")))
    assert {city.trees.pk, city.lanes.pk} <= ids


def test_an_unpublished_consultation_is_not_found_and_not_in_site_files(client, city):
    draft = make_consultation(title="Draft", live=False)
    hidden = make_proposal(draft, title="Not yet public")
    assert client.get(url("proposals.csv", draft)).status_code == 404
    assert hidden.pk not in by_id(table(client, "proposals.csv"))


def test_an_unknown_consultation_or_file_is_not_found(client, city):
    assert client.get(url("proposals.csv", SimpleNamespace(pk=999_999))).status_code == 404
    assert client.get("/data/people.csv").status_code == 404


def test_a_translation_id_redirects_to_the_consultation_files(client, city):
    persian = translate_consultation(city.parks, title="نوسازی پارک")
    response = client.get(url("ballots.csv", persian))
    assert response.status_code == 302
    assert response["Location"] == url("ballots.csv", city.parks)


# --- HTTP -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILE_NAMES)
def test_files_stream_with_their_type_name_and_validators(client, city, name):
    response = client.get(url(name, city.parks))
    assert response.streaming
    expected = "application/json" if name.endswith(".json") else "text/csv; charset=utf-8"
    assert response["Content-Type"] == expected
    assert response["Content-Disposition"] == (
        f'attachment; filename="consultation-{city.parks.pk}-{name}"'
    )
    assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")


def test_same_etag_answers_304(client, city):
    etag = client.get(url("proposals.csv"))["ETag"]
    response = client.get(url("proposals.csv"), headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert not response.content


def test_not_modified_since_answers_304(client, city):
    modified = client.get(url("ballots.csv"))["Last-Modified"]
    response = client.get(url("ballots.csv"), headers={"If-Modified-Since": modified})
    assert response.status_code == 304


def test_a_withdrawn_support_changes_the_etag(client, city):
    etag = client.get(url("ballots.csv"))["ETag"]
    services.support_withdraw(citizen=city.voters[2], proposal=city.trees)
    response = client.get(url("ballots.csv"), headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_each_file_has_its_own_etag(client, city):
    tags = {client.get(url(name))["ETag"] for name in FILE_NAMES}
    assert len(tags) == len(FILE_NAMES)


def test_post_is_refused(client, city):
    assert client.post(url("proposals.csv")).status_code == 405


# --- the data dictionary --------------------------------------------------------------------------


def test_datapackage_describes_exactly_the_columns_of_each_file(client, city):
    package = client.get(reverse("data:datapackage")).json()
    assert {resource["path"].rsplit("/", 1)[1] for resource in package["resources"]} == set(
        FILE_NAMES
    )
    for resource in package["resources"]:
        name = resource["path"].rsplit("/", 1)[1]
        fields = [field["name"] for field in resource["schema"]["fields"]]
        if name.endswith(".json"):
            keys = list(json.loads(download(client, name))[0])
        else:
            keys = next(csv.reader(io.StringIO(download(client, name))))
        assert fields == keys, name
        assert all(field["description"] and field["type"] for field in resource["schema"]["fields"])


def test_datapackage_has_licence_version_and_keys(client, settings):
    package = client.get(reverse("data:datapackage")).json()
    assert package["licenses"][0]["title"] == settings.CONTENT_LICENCE
    assert package["version"]
    keys = {r["name"]: r["schema"].get("primaryKey") for r in package["resources"]}
    assert keys["proposals-csv"] == ["id"]
    assert keys["ballots-csv"] == ["proposal_id", "voter_token"]


def test_ballot_primary_key_is_unique_in_the_file(client, city):
    rows = table(client, "ballots.csv")
    assert len({(row["proposal_id"], row["voter_token"]) for row in rows}) == len(rows)


# --- hostile text -------------------------------------------------------------------------------


def nul() -> str:
    """NUL where the database can store it (PostgreSQL refuses it in text)."""
    return "" if connection.vendor == "postgresql" else "\x00"


@pytest.fixture
def hostile(city):
    # Stored without the services (as rows written before input was cleaned could be).
    title = f"Bad{nul()}title\x1b with\x0b controls\ufffe"
    proposal = make_proposal(city.parks, title=title, body='He said "no",\r\nthen\x08 left.')
    Proposal.objects.filter(pk=city.trees.pk).update(public_reason=f"reason{nul()}\x1f")
    return proposal


def test_control_characters_do_not_break_the_csv(client, hostile):
    text = download(client, "proposals.csv")
    assert "\x00" not in text and "\x1b" not in text
    row = by_id(list(csv.DictReader(io.StringIO(text))))[hostile.pk]
    assert row["title"] == "Badtitle with controls"
    assert row["body"] == 'He said "no",\r\nthen left.'


def test_control_characters_do_not_break_the_json(client, hostile):
    records = json.loads(download(client, "proposals.json"))
    record = next(r for r in records if r["id"] == hostile.pk)
    assert record["title"] == "Badtitle with controls"


def test_control_characters_do_not_break_the_response_feed(client, city):
    from xml.etree import ElementTree

    from proposals.models import OfficialResponse

    OfficialResponse.objects.filter(pk=city.response.pk).update(text=f"Yes{nul()} we\x1b will.")
    Proposal.objects.filter(pk=city.trees.pk).update(title="Trees\x07")
    feed = client.get(reverse("response:feed"))
    root = ElementTree.fromstring(feed.content)  # noqa: S314 (our own feed)
    assert "Yes we will." in feed.content.decode()
    assert root.tag.endswith("feed")


# --- queries do not grow with rows ---------------------------------------------------------------


def queries_of(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        body(client.get(path))
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", FILE_NAMES)
def test_queries_of_each_file_do_not_grow_with_rows(client, city, name):
    before = queries_of(client, url(name))
    more = make_consultation(title="More", phase="voting")
    official, moderator = official_of(more), moderator_of(more)
    for n in range(4):
        proposal = make_proposal(more, title=f"Idea {n}")
        proposal.topics.add(f"topic-{n}", "shared")
        services.support_cast(citizen=UserFactory(), proposal=proposal)
        publish_response(proposal, official)
        moderation.moderate(
            item=proposal, moderator=moderator, action="hide", reason="spam", text="x"
        )
    assert queries_of(client, url(name)) == before
    assert 0 < before <= 6


def test_every_proposal_id_of_the_files_is_a_row_of_proposals_csv(client, city):
    package = client.get(reverse("data:datapackage")).json()
    ids = {row["id"] for row in table(client, "proposals.csv")}
    pointing = [r for r in package["resources"] if r["schema"].get("foreignKeys")]
    assert {r["name"] for r in pointing} == {
        "supports_daily-csv", "ballots-csv", "responses-csv", "moderation-csv",
    }  # fmt: skip
    for resource in pointing:
        name = resource["path"].rsplit("/", 1)[1]
        assert resource["schema"]["foreignKeys"][0]["reference"]["resource"] == "proposals-csv"
        assert {row["proposal_id"] for row in table(client, name)} <= ids


def test_an_unknown_file_is_a_404_without_a_redirect(client, db):
    assert client.get("/data/no-such-file.csv").status_code == 404
    assert client.get("/data/consultations/424242/proposals.csv").status_code == 404
