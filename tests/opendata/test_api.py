"""The public read-only API (/api/v1/): what each endpoint lists, its filters and orders,
pagination, conditional GET, CORS, rate limits, and what it never shows."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from civic.settings import base
from consultations.models import Department
from proposals.models import Outcome, Proposal
from tests.factories import (
    AreaFactory,
    UserFactory,
    make_consultation,
    make_proposal,
    make_response,
    make_topic,
    translate_consultation,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/"
LISTS = ["consultations/", "proposals/", "responses/", "topics/", "areas/"]


def get(client, path, **extra):
    return client.get(API + path, **extra)


def rows(client, path, **params):
    answer = client.get(API + path, params)
    assert answer.status_code == 200, answer.content
    return answer.json()["results"]


def ids(client, path, **params):
    return [row["id"] for row in rows(client, path, **params)]


@pytest.fixture
def consultation():
    return make_consultation(title="Park renewal")


@pytest.fixture
def proposal(consultation):
    return make_proposal(consultation, title="More trees", body="Twenty oaks.")


# --- each endpoint ---------------------------------------------------------------------------


def test_consultations_lists_each_live_language_version_with_its_language(client, consultation):
    persian = translate_consultation(consultation, title="نوسازی پارک")
    listed = {row["id"]: row for row in rows(client, "consultations/")}
    assert listed[consultation.pk]["language"] == "en"
    assert listed[persian.pk]["language"] == "fa"
    assert listed[persian.pk]["title"] == "نوسازی پارک"
    assert listed[persian.pk]["canonical_id"] == consultation.pk


def test_consultation_detail_has_phase_schedule_and_counts(client, consultation, proposal):
    row = get(client, f"consultations/{consultation.pk}/").json()
    assert row["phase"] == "collecting"
    assert row["counts"]["proposals"] == 1
    assert row["proposals_open"].endswith("Z")
    assert row["url"].endswith("/en/consultations/park-renewal/")


def test_a_draft_consultation_is_neither_listed_nor_found(client):
    draft = make_consultation(title="Secret plan", live=False)
    assert draft.pk not in ids(client, "consultations/")
    assert get(client, f"consultations/{draft.pk}/").status_code == 404


def test_proposals_lists_published_proposals(client, proposal):
    row = rows(client, "proposals/")[0]
    assert row["id"] == proposal.pk
    assert row["title"] == "More trees"
    assert row["body"] == "Twenty oaks."
    assert row["consultation"] == proposal.consultation_id


def test_a_pending_proposal_is_neither_listed_nor_found(client, consultation):
    pending = make_proposal(consultation, state="pending")
    for state in ("", "published", "withdrawn", "rejected", "hidden"):
        assert pending.pk not in ids(client, "proposals/", **({"state": state} if state else {}))
    assert get(client, f"proposals/{pending.pk}/").status_code == 404


def test_proposal_detail(client, proposal):
    row = get(client, f"proposals/{proposal.pk}/").json()
    assert (row["id"], row["title"], row["state"]) == (proposal.pk, "More trees", "published")


def test_a_proposal_of_a_draft_consultation_is_not_public(client):
    hidden_away = make_proposal(make_consultation(title="Draft", live=False))
    assert ids(client, "proposals/") == []
    assert get(client, f"proposals/{hidden_away.pk}/").status_code == 404


@pytest.mark.parametrize("state", ["rejected", "hidden"])
def test_rejected_and_hidden_proposals_show_their_reason_not_their_content(
    client, consultation, state
):
    make_proposal(consultation, state=state, title="Buy my pills", public_reason="Spam")
    row = rows(client, "proposals/", state=state)[0]
    assert row["public_reason"] == "Spam"
    assert (row["title"], row["body"], row["topics"], row["area"]) == (None, None, None, None)
    assert "pills" not in get(client, f"proposals/{row['id']}/").content.decode()


def test_responses_lists_published_responses_only(client, consultation, proposal):
    published = make_response(proposal, text="We plant in spring.")
    make_response(make_proposal(consultation), live=False, text="Not yet approved.")
    listed = rows(client, "responses/")
    assert [row["id"] for row in listed] == [published.pk]
    assert listed[0]["text"] == "We plant in spring."
    assert listed[0]["consultation"] == consultation.pk


def test_a_response_to_a_hidden_proposal_is_not_listed(client, consultation):
    make_response(make_proposal(consultation, state="hidden"))
    assert rows(client, "responses/") == []


def test_topics_lists_topics_in_use_only(client, consultation, proposal):
    proposal.topics.add("trees")
    make_proposal(consultation, state="pending").topics.add("secret")
    make_topic("unused")
    assert [row["slug"] for row in rows(client, "topics/")] == ["trees"]


def test_areas_lists_areas_with_both_names(client):
    AreaFactory(name="North", name_fa="شمال", slug="north")
    assert rows(client, "areas/")[0] | {"id": 0} == {
        "id": 0,
        "slug": "north",
        "name": "North",
        "name_fa": "شمال",
    }


def test_an_unknown_path_under_the_api_is_a_json_404(client):
    answer = get(client, "ballots/")
    assert answer.status_code == 404
    assert "detail" in answer.json()


def test_a_missing_slash_is_redirected(client):
    answer = client.get("/api/v1/proposals")
    assert (answer.status_code, answer["Location"]) == (301, "/api/v1/proposals/")


# --- filters and order -----------------------------------------------------------------------


def test_proposals_filter_by_consultation_in_any_language(client, consultation, proposal):
    make_proposal(make_consultation(title="Bridge"))
    persian = translate_consultation(consultation, title="پارک")
    assert ids(client, "proposals/", consultation=consultation.pk) == [proposal.pk]
    assert ids(client, "proposals/", consultation=persian.pk) == [proposal.pk]


def test_proposals_filter_by_topic_area_outcome_and_state(client, consultation, proposal):
    north = AreaFactory(slug="north")
    other = make_proposal(consultation, area=north, outcome=Outcome.ACCEPTED)
    other.topics.add("trees")
    withdrawn = make_proposal(consultation, state="withdrawn")
    assert ids(client, "proposals/", topic="trees") == [other.pk]
    assert ids(client, "proposals/", area="north") == [other.pk]
    assert ids(client, "proposals/", outcome="accepted") == [other.pk]
    assert ids(client, "proposals/", state="withdrawn") == [withdrawn.pk]


def test_consultations_filter_by_language_and_phase(client, consultation):
    persian = translate_consultation(consultation, title="پارک")
    upcoming = make_consultation(title="Later", phase="upcoming")
    assert ids(client, "consultations/", language="fa") == [persian.pk]
    assert ids(client, "consultations/", phase="upcoming") == [upcoming.pk]


def test_responses_filter_by_consultation_and_outcome(client, consultation, proposal):
    accepted = make_response(proposal)
    make_response(make_proposal(make_consultation(title="Bridge")), outcome="rejected")
    assert [r["id"] for r in rows(client, "responses/", consultation=consultation.pk)] == [
        accepted.pk
    ]
    assert [r["id"] for r in rows(client, "responses/", outcome="accepted")] == [accepted.pk]


@pytest.mark.parametrize(
    "query",
    ["state=pending", "outcome=maybe", "ordering=random", "consultation=abc", "consultation=0"],
)
def test_a_bad_filter_value_is_a_400(client, query):
    assert client.get(f"{API}proposals/?{query}").status_code == 400


def test_proposals_order_by_supports_with_ties_broken_by_id(client, consultation):
    low = make_proposal(consultation, support_count=1)
    tie_a = make_proposal(consultation, support_count=5)
    tie_b = make_proposal(consultation, support_count=5)
    assert ids(client, "proposals/", ordering="supports") == [tie_b.pk, tie_a.pk, low.pk]


def test_proposals_order_by_newest_by_default(client, consultation):
    old = make_proposal(consultation)
    Proposal.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=3))
    new = make_proposal(consultation)
    assert ids(client, "proposals/") == [new.pk, old.pk]
    assert ids(client, "proposals/", ordering="id") == [old.pk, new.pk]


# --- pagination ------------------------------------------------------------------------------


def test_pages_cover_every_proposal_once_in_a_stable_order(client, consultation):
    made = {make_proposal(consultation, support_count=n % 2).pk for n in range(7)}
    seen = []
    for number in (1, 2, 3):
        seen += ids(client, "proposals/", ordering="supports", page_size=3, page=number)
    assert sorted(seen) == sorted(made)
    again = ids(client, "proposals/", ordering="supports", page_size=3, page=2)
    assert again == seen[3:6]


@pytest.mark.parametrize("size", ["0", "101", "ten", "-1", "٣"])
def test_a_page_size_out_of_range_is_a_400(client, size):
    assert get(client, f"proposals/?page_size={size}").status_code == 400


def test_the_largest_page_size_is_accepted(client, consultation):
    for _ in range(3):
        make_proposal(consultation)
    answer = get(client, "proposals/?page_size=100").json()
    assert (answer["count"], len(answer["results"])) == (3, 3)


def test_a_page_past_the_end_is_a_404(client, proposal):
    assert get(client, "proposals/?page=9").status_code == 404


# --- conditional GET -------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*LISTS, "detail"])
def test_lists_and_details_answer_304_to_a_matching_etag(client, proposal, path):
    path = f"proposals/{proposal.pk}/" if path == "detail" else path
    first = get(client, path)
    assert first.status_code == 200
    again = get(client, path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again.content == b""
    assert int(again["X-RateLimit-Remaining"]) == int(first["X-RateLimit-Remaining"]) - 1


def test_head_answers_the_same_headers_without_a_body(client, proposal):
    full = get(client, "proposals/")
    head = client.head(API + "proposals/")
    assert head.status_code == 200
    assert head["ETag"] == full["ETag"]
    assert head.content == b""


def test_a_consultation_detail_answers_304_to_if_modified_since(client, consultation):
    first = get(client, f"consultations/{consultation.pk}/")
    again = get(
        client, f"consultations/{consultation.pk}/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert again.status_code == 304


def test_a_change_gives_a_new_etag_and_a_later_last_modified(client, proposal):
    first = get(client, "proposals/")
    Proposal.objects.filter(pk=proposal.pk).update(support_count=3)
    changed = get(
        client,
        "proposals/",
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    stale = get(client, "proposals/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert stale.status_code == 200


# --- CORS ------------------------------------------------------------------------------------


def test_any_origin_may_read_the_api_without_credentials(client, proposal):
    answer = get(client, "proposals/", HTTP_ORIGIN="https://newsroom.example")
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in answer
    assert "ETag" in answer["Access-Control-Expose-Headers"]


def test_a_preflight_allows_reading_only(client):
    answer = client.options(
        API + "proposals/",
        HTTP_ORIGIN="https://newsroom.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert answer["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_the_rest_of_the_site_is_not_shared_with_other_origins(client, consultation):
    answer = client.get("/en/consultations/", HTTP_ORIGIN="https://newsroom.example")
    assert "Access-Control-Allow-Origin" not in answer


# --- rate limit ------------------------------------------------------------------------------

MOMENT = (datetime.now(UTC) + timedelta(minutes=2)).replace(second=10, microsecond=0)


@time_machine.travel(MOMENT, tick=False)
def test_over_the_limit_is_a_429_with_retry_after_and_rate_headers(settings, client):
    settings.RATE_LIMITS = {"api": "3/m"}
    answers = [get(client, "areas/") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert [answer["X-RateLimit-Remaining"] for answer in answers] == ["2", "1", "0", "0"]
    limited = answers[3]
    assert limited["Retry-After"] == "50"
    assert limited["X-RateLimit-Limit"] == "3"
    assert limited["X-RateLimit-Reset"] == str(int(MOMENT.timestamp()) + 50)
    assert "detail" in limited.json()


@time_machine.travel(MOMENT, tick=False)
def test_a_signed_in_reader_is_counted_apart_from_others_at_the_same_address(settings, client):
    settings.RATE_LIMITS = {"api": "1/m"}
    assert get(client, "areas/").status_code == 200
    client.force_login(UserFactory())
    assert get(client, "areas/").status_code == 200
    assert get(client, "areas/").status_code == 429


@time_machine.travel(MOMENT, tick=False)
def test_the_client_address_behind_trusted_proxies_is_counted(settings, client):
    settings.RATE_LIMITS = {"api": "1/m"}
    settings.TRUSTED_PROXY_COUNT = 1
    assert get(client, "areas/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert get(client, "areas/", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
    assert get(client, "areas/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429


def test_without_redis_the_api_serves_without_limit_headers(settings, client, proposal):
    settings.CACHES = {  # production's cache settings, at a port where nothing listens
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    settings.RATE_LIMITS = {"api": "1/m"}
    answers = [get(client, "proposals/") for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert "X-RateLimit-Remaining" not in answers[2]
    assert answers[2]["ETag"] == answers[0]["ETag"]


def test_the_default_api_limit_parses():
    from civic.ratelimit import parse_rates

    assert parse_rates(base.RATE_LIMITS["api"])


# --- read only -------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", [*LISTS, "detail"])
def test_no_write_method_is_allowed(client, proposal, method, path):
    path = f"proposals/{proposal.pk}/" if path == "detail" else path
    answer = getattr(client, method)(API + path, data={}, content_type="application/json")
    assert answer.status_code == 405
    assert Proposal.objects.filter(pk=proposal.pk).exists()


def test_no_write_method_is_allowed_to_a_signed_in_staff_member(admin_client, proposal):
    answer = admin_client.delete(f"{API}proposals/{proposal.pk}/")
    assert answer.status_code == 405
    assert Proposal.objects.filter(pk=proposal.pk).exists()


@time_machine.travel(MOMENT, tick=False)
def test_the_api_accepts_no_password(settings, client):
    """A right password in Basic auth signs no one in: the request still counts for the
    address, which has used its one request."""
    import base64

    settings.RATE_LIMITS = {"api": "1/m"}
    user = UserFactory(email="reader@example.org")
    token = base64.b64encode(f"{user.email}:correct horse battery staple".encode()).decode()
    assert get(client, "areas/").status_code == 200
    assert get(client, "areas/", HTTP_AUTHORIZATION=f"Basic {token}").status_code == 429


# --- no personal data ------------------------------------------------------------------------


def test_no_personal_data_in_any_answer(client, consultation):
    author = UserFactory(email="author@example.org", display_name="Ada Author")
    official = UserFactory(email="official@example.org", display_name="Otto Official")
    department = Department.objects.create(
        name="Parks", email="parks-desk@example.org", phone="+98 21 5555 0000"
    )
    consultation.department = department
    consultation.contact_email = "contact-person@example.org"
    consultation.contact_name = "Carla Contact"
    consultation.save_revision().publish()
    proposal = make_proposal(consultation, author=author, latitude=35.7, longitude=51.4)
    make_response(proposal, responsible_official=official, department=department)
    secrets = [
        "author@example.org", "Ada Author", "official@example.org", "Otto Official",
        "parks-desk@example.org", "5555", "contact-person@example.org", "Carla Contact",
        "127.0.0.1", "@",
    ]  # fmt: skip
    paths = [
        *LISTS,
        f"consultations/{consultation.pk}/",
        f"proposals/{proposal.pk}/",
        "proposals/?state=withdrawn",
    ]
    for path in paths:
        body = get(client, path).content.decode()
        for secret in secrets:
            assert secret not in body, (path, secret)
    row = rows(client, "proposals/")[0]
    assert "author" not in row and "author_id" not in json.dumps(row)


# --- text ------------------------------------------------------------------------------------


def test_persian_text_is_intact(client, consultation):
    title = "کتابخانهٔ محله\u200cای با ۱۴۰۳ کتاب"  # noqa: RUF001
    make_proposal(consultation, title=title, body="متن پیشنهاد: ی ك ة")
    answer = get(client, "proposals/")
    assert "application/json" in answer["Content-Type"]
    row = answer.json()["results"][0]
    assert row["title"] == title
    assert row["body"] == "متن پیشنهاد: ی ك ة"
    assert title.encode() in answer.content  # UTF-8, not \u escapes


def test_answers_do_not_depend_on_the_browser_language(client, proposal):
    english = get(client, "proposals/999999/")
    persian = get(client, "proposals/999999/", HTTP_ACCEPT_LANGUAGE="fa")
    assert persian.content == english.content
    assert "Accept-Language" not in persian.get("Vary", "")
    listed = get(client, "proposals/", HTTP_ACCEPT_LANGUAGE="fa")
    assert listed["ETag"] == get(client, "proposals/")["ETag"]


def test_control_characters_in_titles_do_not_break_json(client, consultation):
    # No NUL: PostgreSQL cannot store it (and civic/text.py removes it from what people type).
    title = "Trees\x01\x07\x1b[31m\x7f\u2028\u2029\ufeff end"
    make_proposal(consultation, title=title, body='Quote " and \\ backslash\r\n\t')
    row = json.loads(get(client, "proposals/").content)["results"][0]
    assert row["title"] == title
    assert row["body"] == 'Quote " and \\ backslash\r\n\t'


# --- query counts ----------------------------------------------------------------------------


def _fill(consultation, count):
    north = AreaFactory(slug=f"north-{count}")
    for n in range(count):
        proposal = make_proposal(consultation, area=north, support_count=n)
        proposal.topics.add(f"topic-{n % 3}")
        make_response(proposal)
        other = make_consultation(title=f"Consultation {count}-{n}")
        other.areas.add(north)
        other.topics.add(f"topic-{n % 3}")
        other.save_revision().publish()


QUERIES = {
    "consultations/": 6,
    "proposals/": 3,
    "responses/": 2,
    "topics/": 2,
    "areas/": 2,
}


@pytest.mark.parametrize("path", LISTS)
def test_list_queries_do_not_grow_with_rows(
    client, consultation, django_assert_max_num_queries, path
):
    _fill(consultation, 2)
    get(client, path)  # the site's root paths are cached from here on, as in production
    with django_assert_max_num_queries(QUERIES[path]):
        small = get(client, path)
    _fill(consultation, 8)
    with django_assert_max_num_queries(QUERIES[path]):
        large = get(client, path)
    assert len(large.json()["results"]) > len(small.json()["results"])
