"""The anonymous page cache: public pages come from the cache for visitors without a session,
every change they show is there on the very next request, nothing personal is ever stored,
and a failing cache only makes pages slower.

On SQLite the cache is in-process (locmem); in the PostgreSQL pass it is the real Redis. The
changes go through the services and views people use; their transactions commit
(`django_capture_on_commit_callbacks`), as in production, and only then are pages renewed.
"""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from civic.pagecache import STATUS_HEADER
from proposals import services
from proposals.moderation import services as moderation
from proposals.responses import services as responses
from proposals.views import SEED_COOKIE
from tests.factories import UserFactory, grant_role, make_consultation, make_proposal
from tests.proposals.staff import approver, official_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    return settings


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what was scheduled for after the commit, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def voting():
    return make_consultation(title="Bike lanes", phase="voting", max_supports_per_citizen=0)


@pytest.fixture
def citizen():
    user = UserFactory()
    browser = Client()
    browser.force_login(user)
    browser.user = user
    return browser


def detail(proposal) -> str:
    return reverse("proposals:detail", kwargs={"pk": proposal.pk})


def sorted_list(consultation, sort: str = "supports") -> str:
    return reverse("proposals:list", kwargs={"slug": consultation.slug}) + f"?sort={sort}"


def warm(client, path: str, headers: dict | None = None) -> str:
    """Ask until the page comes from the cache; its text."""
    for _attempt in range(3):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, path
        if response.get(STATUS_HEADER) == "hit":
            return response.content.decode()
    pytest.fail(f"{path} was never served from the cache")


def fresh(client, path: str, headers: dict | None = None) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    return response.content.decode()


def cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def support_count(html: str) -> str:
    marker = '<span class="support-widget__number">'
    start = html.index(marker) + len(marker)
    return html[start : html.index("<", start)]


# --- served from the cache ---------------------------------------------------------------------


def test_a_public_page_comes_from_the_cache_the_third_time(client, voting):
    proposal = make_proposal(voting, title="Protected lanes")
    first = client.get(detail(proposal))
    second = client.get(detail(proposal))
    third = client.get(detail(proposal))
    assert [first[STATUS_HEADER], second[STATUS_HEADER], third[STATUS_HEADER]] == [
        "miss",
        "miss",
        "hit",
    ]
    assert third.content == second.content


def test_the_cache_really_answers_a_hit(client, voting):
    """A write that bypasses every service (and so renews nothing) is not seen: the page was
    not rendered again."""
    from proposals.models import Proposal

    proposal = make_proposal(voting, title="Protected lanes")
    warm(client, detail(proposal))
    Proposal.objects.filter(pk=proposal.pk).update(title="Changed behind the site's back")
    assert "Protected lanes" in fresh(client, detail(proposal))


def test_each_language_has_its_own_copy(client, voting):
    warm(client, "/en/")
    warm(client, "/fa/")
    assert 'lang="en"' in fresh(client, "/en/")
    assert 'lang="fa"' in fresh(client, "/fa/")


def test_negotiated_language_pages_are_cached_per_language(client, voting):
    english = warm(client, "/data/", {"Accept-Language": "en"})
    persian = warm(client, "/data/", {"Accept-Language": "fa"})
    assert '<html lang="en"' in english
    assert '<html lang="fa"' in persian


# --- every change is on the next request -------------------------------------------------------


def test_a_support_cast_and_withdrawn_is_on_the_next_request(client, voting, citizen, commit):
    proposal = make_proposal(voting, title="Protected lanes")
    assert support_count(warm(client, detail(proposal))) == "0"
    warm(client, sorted_list(voting))
    with commit():
        response = citizen.post(reverse("proposals:support", kwargs={"pk": proposal.pk}))
    assert response.status_code == 302
    assert support_count(fresh(client, detail(proposal))) == "1"
    assert "1 support<" in fresh(client, sorted_list(voting))

    warm(client, detail(proposal))
    with commit():
        citizen.post(reverse("proposals:unsupport", kwargs={"pk": proposal.pk}))
    assert support_count(fresh(client, detail(proposal))) == "0"


def test_a_comment_is_on_the_next_request(client, voting, citizen, commit):
    proposal = make_proposal(voting, title="Protected lanes")
    warm(client, detail(proposal))
    with commit():
        citizen.post(
            reverse("proposals:comment", kwargs={"pk": proposal.pk}),
            {"body": "Please paint them green.", "token": "comment-token-1"},
        )
    assert "Please paint them green." in fresh(client, detail(proposal))


def test_a_moderation_decision_is_on_the_next_request(client, voting, commit):
    proposal = make_proposal(voting, title="Protected lanes")
    moderator = UserFactory()
    grant_role(moderator, "moderator", voting)
    assert "Protected lanes" in warm(client, sorted_list(voting, "newest"))
    warm(client, detail(proposal))
    with commit():
        moderation.moderate(item=proposal, moderator=moderator, action="hide", reason="off_topic")
    assert "Protected lanes" not in fresh(client, sorted_list(voting, "newest"))
    assert "Protected lanes" not in fresh(client, detail(proposal))


def test_an_official_response_published_is_on_the_next_request(client, commit):
    consultation = make_consultation(title="Park renewal", phase="deliberating")
    proposal = make_proposal(consultation, title="More benches")
    warm(client, detail(proposal))
    warm(client, reverse("results:responses"))
    official = official_of(consultation)
    response = responses.response_draft(
        proposal=proposal, official=official, outcome="accepted", text="Benches in May."
    )
    responses.response_submit(response=response, official=official)
    # A draft under review shows nowhere yet.
    assert "Benches in May." not in warm(client, detail(proposal))
    with commit():
        responses.response_approve(response=response, approver=approver())
    assert "Benches in May." in fresh(client, detail(proposal))
    assert "More benches" in fresh(client, reverse("results:responses"))


def test_a_page_published_and_unpublished_is_on_the_next_request(client, voting, commit):
    warm(client, voting.url)
    assert "Bike lanes" in warm(client, "/en/consultations/")
    voting.title = "Safer bike lanes"
    with commit():
        voting.save_revision().publish()
    assert "Safer bike lanes" in fresh(client, voting.url)
    assert "Safer bike lanes" in fresh(client, "/en/consultations/")

    warm(client, voting.url)
    with commit():
        voting.unpublish()
    assert client.get(voting.url).status_code == 404
    assert "Safer bike lanes" not in fresh(client, "/en/consultations/")


def test_a_proposal_submitted_edited_and_withdrawn_is_on_the_next_request(client, commit):
    consultation = make_consultation(title="Park renewal", phase="collecting")
    author = UserFactory()
    warm(client, sorted_list(consultation, "newest"))
    with commit():
        proposal = services.proposal_submit(
            author=author, consultation=consultation, title="A pond", body="With ducks."
        )
    assert "A pond" in fresh(client, sorted_list(consultation, "newest"))

    warm(client, detail(proposal))
    with commit():
        services.proposal_edit(proposal=proposal, editor=author, title="A pond for ducks")
    assert "A pond for ducks" in fresh(client, detail(proposal))

    warm(client, detail(proposal))
    with commit():
        services.proposal_withdraw(proposal=proposal, author=author)
    assert "Withdrawn" in fresh(client, detail(proposal))


def test_a_change_in_one_consultation_keeps_the_others_cached(client, voting, citizen, commit):
    other = make_consultation(title="Library hours", phase="voting")
    theirs = make_proposal(other, title="Open on Sundays")
    proposal = make_proposal(voting, title="Protected lanes")
    warm(client, detail(theirs))
    with commit():
        citizen.post(reverse("proposals:support", kwargs={"pk": proposal.pk}))
    assert client.get(detail(theirs))[STATUS_HEADER] == "hit"
    # The site-wide pages count every consultation: renewed.
    assert client.get("/en/")[STATUS_HEADER] == "miss"


def test_a_page_is_kept_no_later_than_the_next_phase_boundary(client):
    now = timezone.now()
    opens = now + timedelta(seconds=6)
    consultation = make_consultation(
        title="Park renewal",
        proposals_open=now - timedelta(days=10),
        proposals_close=now - timedelta(days=5),
        voting_open=opens,
        voting_close=now + timedelta(days=10),
        responses_due=now + timedelta(days=40),
    )
    proposal = make_proposal(consultation, title="More benches")
    assert "Supports can be given from" in warm(client, detail(proposal))
    time.sleep((opens - timezone.now()).total_seconds() + 0.5)
    # Voting opened without any write: the page says so at once.
    assert "Log in to support" in fresh(client, detail(proposal))


# --- nothing personal is stored ----------------------------------------------------------------


def test_a_signed_in_page_is_never_cached_nor_served_from_the_cache(client, voting, citizen):
    proposal = make_proposal(voting, title="Protected lanes")
    warm(client, detail(proposal))
    mine = citizen.get(detail(proposal))
    assert STATUS_HEADER not in mine
    assert "Log out" in mine.content.decode()
    assert mine["Cache-Control"] == "private, no-store"
    for _ in range(3):
        assert "Log out" not in fresh(client, detail(proposal))


def test_a_page_that_sets_a_csrf_cookie_is_not_cached(client):
    for _ in range(3):
        response = client.get(reverse("account_login"))
        assert STATUS_HEADER not in response
        assert "csrftoken" in response.cookies
    assert {"private", "no-store"} <= cache_control(response)


def test_a_visitor_with_a_message_gets_their_own_page(client, voting):
    proposal = make_proposal(voting, title="Protected lanes")
    warm(client, detail(proposal))
    # A message waiting for an anonymous visitor (e.g. "You have signed out.") is shown to
    # them: their page is rendered, never replayed, and never stored for anyone else.
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.INFO, "You have signed out.")])
    response = client.get(detail(proposal))
    assert STATUS_HEADER not in response
    assert "You have signed out." in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    del client.cookies["messages"]
    assert "You have signed out." not in fresh(client, detail(proposal))


# --- the random order and its cookie -----------------------------------------------------------


def test_sorted_lists_set_no_cookie_and_are_public(client, voting):
    make_proposal(voting, title="Protected lanes")
    for sort in ("supports", "newest", "comments"):
        response = client.get(sorted_list(voting, sort))
        assert SEED_COOKIE not in response.cookies
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=5"


def test_the_random_order_sets_its_cookie_and_stays_private(client, voting):
    make_proposal(voting, title="Protected lanes")
    path = reverse("proposals:list", kwargs={"slug": voting.slug})
    first = client.get(path)
    assert SEED_COOKIE in first.cookies
    assert first["Cache-Control"] == "private, no-store"
    again = client.get(path)  # the cookie is sent back: nothing set, still per visitor
    assert STATUS_HEADER not in again
    assert again["Cache-Control"] == "private, no-cache"


# --- headers for proxies -----------------------------------------------------------------------


def test_public_pages_may_be_held_by_proxies_for_a_few_seconds(client, voting):
    response = client.get(voting.url)
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=5"
    assert "Cookie" in response["Vary"]  # signed-in people get another page at this address
    hit = client.get(voting.url)
    hit = client.get(voting.url)
    assert hit[STATUS_HEADER] == "hit"
    assert hit["Cache-Control"] == "public, max-age=0, s-maxage=5"
    assert "Cookie" in hit["Vary"]
    assert hit["Content-Security-Policy"] == response["Content-Security-Policy"]


def test_forms_are_private(client, voting):
    response = client.get(reverse("account_signup"))
    assert {"private", "no-store"} <= cache_control(response)


def test_open_data_files_keep_their_own_rules(client, voting):
    response = client.get("/data/proposals.csv")
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert STATUS_HEADER not in response


# --- a failing cache ---------------------------------------------------------------------------


@pytest.fixture
def unreachable_redis(settings):
    from tests.appservers import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    return settings


def test_with_the_cache_down_pages_serve_uncached_and_current(
    client, voting, citizen, commit, unreachable_redis
):
    proposal = make_proposal(voting, title="Protected lanes")
    for _ in range(3):
        response = client.get(detail(proposal))
        assert response.status_code == 200
        assert response.get(STATUS_HEADER) != "hit"
    with commit():
        citizen.post(reverse("proposals:support", kwargs={"pk": proposal.pk}))
    assert support_count(fresh(client, detail(proposal))) == "1"


# --- the map follows the page ------------------------------------------------------------------


def test_the_map_table_holds_only_the_located_proposals_of_the_page(client, voting):
    for n in range(15):
        make_proposal(
            voting,
            title=f"Spot {n:02d}",
            latitude=Decimal("35.7"),
            longitude=Decimal("51.4"),
            support_count=n,
        )
    first = fresh(client, sorted_list(voting))
    second = fresh(client, sorted_list(voting) + "&page=2")
    first_table = first[first.index("<table") : first.index("</table>")]
    second_table = second[second.index("<table") : second.index("</table>")]
    assert first_table.count("<tr data-lat") == 12
    assert "Spot 14" in first_table and "Spot 02" not in first_table
    assert second_table.count("<tr data-lat") == 3
    assert "Spot 02" in second_table and "Spot 14" not in second_table
