"""What everyone sees: the proposal list (filters, orders, search, pages, map list), the
proposal page, the Atom feed, the inbox and the e-mail links; query counts pinned."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from proposals import services
from proposals.models import Notification
from proposals.views import SEED_COOKIE
from tests.factories import AreaFactory, UserFactory, make_consultation, make_proposal

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"

# Pinned query counts of the public pages (a visitor; a signed-in citizen). They do not
# grow with the number of proposals or comments: see the tests at the end. A signed-in
# person's header asks nothing for its admin link once the account's admin access is
# remembered (accounts/staff_access.py). The list finds its consultation's default-language
# page without a query (the default locale's id is cached), and the breadcrumb from the
# routing cache.
LIST_QUERIES = 6
LIST_QUERIES_CITIZEN = 9
DETAIL_QUERIES = 8
DETAIL_QUERIES_CITIZEN = 14  # with what the reader reported, in one query


def url(name: str, **kwargs) -> str:
    return reverse(f"proposals:{name}", kwargs=kwargs)


def text_of(response) -> str:
    return response.content.decode()


CARD_TITLE = re.compile(r'<h3 class="card__title"[^>]*><a href="[^"]+">([^<]+)</a>')


def titles_on(response) -> list[str]:
    return CARD_TITLE.findall(text_of(response))


@pytest.fixture
def voting():
    return make_consultation(title="Bike lanes", phase="voting", max_supports_per_citizen=0)


# --- the list -------------------------------------------------------------------------------


def test_empty_list_invites_the_first_proposal(client):
    consultation = make_consultation()
    html = text_of(client.get(url("list", slug=consultation.slug)))
    assert "No proposals yet" in html
    assert url("create", slug=consultation.slug) in html


def test_list_shows_only_published_by_default(client, voting):
    make_proposal(voting, title="Public one")
    make_proposal(voting, title="Waiting one", state="pending")
    make_proposal(voting, title="Gone one", state="withdrawn")
    assert titles_on(client.get(url("list", slug=voting.slug))) == ["Public one"]
    withdrawn = client.get(url("list", slug=voting.slug), {"state": "withdrawn"})
    assert titles_on(withdrawn) == ["Gone one"]
    pending = client.get(url("list", slug=voting.slug), {"state": "pending"})
    assert "Waiting one" not in text_of(pending)


def test_sort_by_supports_newest_and_comments(client, voting):
    quiet = make_proposal(voting, title="Quiet")
    loved = make_proposal(voting, title="Loved")
    talked = make_proposal(voting, title="Talked about")
    for _ in range(3):
        services.support_cast(citizen=UserFactory(), proposal=loved)
    for _ in range(2):
        services.comment_post(author=UserFactory(), proposal=talked, body="Hm")
    list_url = url("list", slug=voting.slug)
    assert titles_on(client.get(list_url, {"sort": "supports"}))[0] == "Loved"
    assert titles_on(client.get(list_url, {"sort": "comments"}))[0] == "Talked about"
    assert titles_on(client.get(list_url, {"sort": "newest"})) == [
        talked.title,
        loved.title,
        quiet.title,
    ]


def test_random_order_is_stable_for_a_visitor_and_differs_between_visitors(client, voting):
    for n in range(12):
        make_proposal(voting, title=f"Idea {n:02}")
    list_url = url("list", slug=voting.slug)
    first = client.get(list_url)
    assert SEED_COOKIE in first.cookies
    again = client.get(list_url)
    assert titles_on(first) == titles_on(again)
    assert SEED_COOKIE not in again.cookies  # the cookie is kept, not renewed
    orders = set()
    for seed in (11, 12345, 987654321):
        client.cookies[SEED_COOKIE] = str(seed)
        orders.add(tuple(titles_on(client.get(list_url))))
    assert len(orders) > 1
    assert all(sorted(order) == sorted(titles_on(first)) for order in orders)


def test_filter_by_topic_area_and_outcome(client, voting):
    voting.topics.add("Safety", "Parks")
    voting.save()
    north = AreaFactory(name="North", slug="north")
    voting.areas.add(north)
    voting.save()
    safe = make_proposal(voting, title="Crossing", area=north)
    safe.topics.add("Safety")
    make_proposal(voting, title="Playground").topics.add("Parks")
    make_proposal(voting, title="Accepted idea", outcome="accepted")
    list_url = url("list", slug=voting.slug)
    assert titles_on(client.get(list_url, {"topic": "safety"})) == ["Crossing"]
    assert titles_on(client.get(list_url, {"area": "north"})) == ["Crossing"]
    assert titles_on(client.get(list_url, {"outcome": "accepted"})) == ["Accepted idea"]


def test_search_matches_every_word_in_title_or_text(client, voting):
    make_proposal(voting, title="Bike parking", body="At the station")
    make_proposal(voting, title="Bike lane", body="On the main road")
    make_proposal(voting, title="پارک دوچرخه", body="کنار ایستگاه")
    list_url = url("list", slug=voting.slug)
    assert titles_on(client.get(list_url, {"q": "bike station"})) == ["Bike parking"]
    assert titles_on(client.get(list_url, {"q": "ایستگاه"})) == ["پارک دوچرخه"]
    response = client.get(list_url, {"q": "submarine"})
    assert "No proposals match these filters" in text_of(response)


def test_bad_filter_values_are_ignored(client, voting):
    make_proposal(voting, title="Still listed")
    response = client.get(url("list", slug=voting.slug), {"sort": "evil", "topic": "nope"})
    assert response.status_code == 200
    assert "Still listed" in text_of(response)


def test_pagination(client, voting):
    for n in range(14):
        make_proposal(voting, title=f"Idea {n:02}")
    list_url = url("list", slug=voting.slug)
    first = titles_on(client.get(list_url, {"sort": "newest"}))
    second = titles_on(client.get(list_url, {"sort": "newest", "page": 2}))
    assert len(first) == 12
    assert len(second) == 2
    assert not set(first) & set(second)
    assert "14 proposals match." in text_of(client.get(list_url))
    # The page links keep the order and filters.
    assert "?sort=newest&amp;page=2" in text_of(client.get(list_url, {"sort": "newest"}))


def test_map_has_a_table_of_the_same_proposals(client, voting):
    make_proposal(voting, title="On the map", latitude=Decimal("35.7"), longitude=Decimal("51.4"))
    make_proposal(voting, title="Nowhere")
    html = text_of(client.get(url("list", slug=voting.slug)))
    table = html[html.index("<table") : html.index("</table>")]
    assert "On the map" in table
    assert "Nowhere" not in table
    assert "35.7" in table


def test_no_map_without_located_proposals(client, voting):
    make_proposal(voting, title="Nowhere")
    html = text_of(client.get(url("list", slug=voting.slug)))
    assert "data-proposal-map" not in html
    assert "leaflet" not in html


def test_list_marks_what_the_citizen_supports(client, voting):
    citizen = UserFactory()
    proposal = make_proposal(voting, title="Mine to back")
    services.support_cast(citizen=citizen, proposal=proposal)
    client.force_login(citizen)
    assert "You support this" in text_of(client.get(url("list", slug=voting.slug)))


def test_list_in_persian_uses_persian_digits(client, voting):
    for n in range(3):
        make_proposal(voting, title=f"Idea {n}")
    response = client.get(url("list", slug=voting.slug).replace("/en/", "/fa/", 1))
    assert response.status_code == 200
    assert 'dir="rtl"' in text_of(response)
    assert "۳" in text_of(response)


# --- the proposal page ----------------------------------------------------------------------


def test_page_shows_text_author_topics_area_count_and_permalink(client, voting):
    voting.topics.add("Safety")
    voting.save()
    area = AreaFactory(name="North", slug="north")
    author = UserFactory(display_name="Ada")
    proposal = make_proposal(
        voting, author=author, title="Crossing", body="Near the school", area=area
    )
    proposal.topics.add("Safety")
    services.support_cast(citizen=UserFactory(), proposal=proposal)
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert "Near the school" in html
    assert "Ada" in html
    assert ">Safety</a>" in html
    assert ">North</a>" in html
    assert '<span class="support-widget__number">1</span>' in html
    assert f"http://testserver{url('detail', pk=proposal.pk)}" in html
    assert author.email not in html


def test_page_has_open_graph_metadata_and_feed_link(client, voting):
    proposal = make_proposal(voting, title="Crossing", body="Near the school")
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert '<meta property="og:title" content="Crossing">' in html
    assert '<meta property="og:description" content="Near the school">' in html
    assert 'property="og:url"' in html
    assert 'type="application/atom+xml"' in html


def test_hidden_proposal_metadata_leaks_nothing(client, voting):
    proposal = make_proposal(voting, title="Secret", body="Hidden words", state="hidden")
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert "Secret" not in html
    assert "Hidden words" not in html


def test_proposal_hidden_after_reports_says_why_and_tells_its_author(client, voting):
    voting.auto_hide_reports = 2
    voting.save()
    proposal = make_proposal(voting, title="Buy my bicycles", body="Cheap bicycles for sale")
    for _ in range(2):
        services.report_file(reporter=UserFactory(), reason="spam", proposal=proposal)
    html = text_of(client.get(url("detail", pk=proposal.pk)))
    assert "Hidden after several reports, until a moderator reviews it." in html
    assert "No public reason was given." not in html
    assert "Cheap bicycles" not in html
    notice = Notification.objects.get(recipient=proposal.author)
    assert "Hidden after reports, waiting for a moderator" in notice.message


def test_unknown_proposal_is_not_found(client):
    assert client.get(url("detail", pk=999999)).status_code == 404


# --- the Atom feed --------------------------------------------------------------------------


def test_feed_lists_new_published_proposals(client, voting):
    make_proposal(voting, title="Older")
    make_proposal(voting, title="Newer <b>bold</b>", body="<script>x</script>")
    make_proposal(voting, title="Waiting", state="pending")
    response = client.get(url("feed", slug=voting.slug))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    titles = [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]
    assert titles == ["Newer <b>bold</b>", "Older"]
    assert "<script>" not in response.content.decode().replace("&lt;script&gt;", "")


def test_feed_of_an_unpublished_consultation_is_not_found(client):
    hidden = make_consultation(title="Draft", live=False)
    assert client.get(url("feed", slug=hidden.slug)).status_code == 404


# --- inbox, preferences, unsubscribe --------------------------------------------------------


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def fill(consultation, proposals: int, *, comments: int = 0, located: bool = True):
    topic_names = ["Safety", "Parks"]
    consultation.topics.add(*topic_names)
    area = AreaFactory(name="Centre", slug="centre")
    consultation.areas.add(area)
    consultation.save()
    made = []
    for n in range(proposals):
        proposal = make_proposal(
            consultation,
            title=f"Idea {n}",
            area=area,
            latitude=Decimal("35.7") if located else None,
            longitude=Decimal("51.4") if located else None,
        )
        proposal.topics.add(*topic_names)
        made.append(proposal)
    return made


def list_queries(client, consultation, proposals: int, citizen=None) -> int:
    existing = consultation.proposals.count()
    fill(consultation, proposals - existing)
    if citizen is not None:
        for proposal in consultation.proposals.all()[:2]:
            if not proposal.supports.filter(citizen=citizen).exists():
                services.support_cast(citizen=citizen, proposal=proposal)
        client.force_login(citizen)
    list_url = url("list", slug=consultation.slug)
    client.get(list_url)  # sets the order cookie
    return queries_for(client, f"{list_url}?sort=supports")


def test_list_query_count_is_pinned_and_constant(client, voting):
    few = list_queries(client, voting, 5)
    many = list_queries(client, voting, 25)
    assert few == many == LIST_QUERIES


def test_list_query_count_for_a_citizen_is_pinned_and_constant(client, voting):
    citizen = UserFactory()
    few = list_queries(client, voting, 5, citizen)
    many = list_queries(client, voting, 25, citizen)
    assert few == many == LIST_QUERIES_CITIZEN


def detail_queries(client, proposal, comments: int, citizen=None) -> int:
    existing = proposal.comments.filter(parent__isnull=True).count()
    for n in range(existing, comments):
        top = services.comment_post(author=UserFactory(), proposal=proposal, body=f"C{n}")
        services.comment_post(author=UserFactory(), proposal=proposal, body="R", parent=top)
    if citizen is not None:
        client.force_login(citizen)
    client.get(url("detail", pk=proposal.pk))  # warm the per-process caches (site, locales)
    return queries_for(client, url("detail", pk=proposal.pk))


@pytest.fixture
def busy_proposal(voting):
    return fill(voting, 1)[0]


def test_detail_query_count_is_pinned_and_constant(client, busy_proposal):
    few = detail_queries(client, busy_proposal, 5)
    many = detail_queries(client, busy_proposal, 25)
    assert few == many == DETAIL_QUERIES


def test_detail_query_count_for_a_citizen_is_pinned_and_constant(client, busy_proposal):
    citizen = UserFactory()
    services.support_cast(citizen=citizen, proposal=busy_proposal)
    few = detail_queries(client, busy_proposal, 5, citizen)
    many = detail_queries(client, busy_proposal, 25, citizen)
    assert few == many == DETAIL_QUERIES_CITIZEN


def test_persian_reader_sees_the_translated_consultation_with_its_proposals(client, voting):
    from tests.factories import translate_consultation

    persian = translate_consultation(voting, "fa", title="خطوط دوچرخه")
    proposal = make_proposal(voting, title="پل عابر پیاده")
    with translation.override("fa"):
        list_url = url("list", slug=persian.slug)
        detail_url = url("detail", pk=proposal.pk)
    html = text_of(client.get(list_url))
    assert "خطوط دوچرخه" in html
    assert "پل عابر پیاده" in html
    detail = text_of(client.get(detail_url))
    assert f'href="{persian.url}"' in detail
    assert "خطوط دوچرخه" in detail


def test_header_links_the_admin_for_a_moderator_granted_on_one_consultation(client, voting):
    from consultations.roles import grant_role as grant

    moderator = UserFactory(is_staff=False)
    grant(consultation=voting, user=moderator, role="moderator")
    citizen = UserFactory(is_staff=False)
    client.force_login(citizen)
    assert 'href="/admin/"' not in text_of(client.get(url("list", slug=voting.slug)))
    client.force_login(moderator)
    assert 'href="/admin/"' in text_of(client.get(url("list", slug=voting.slug)))


def test_the_lists_search_is_a_search_box_and_its_controls_have_distinct_names(client, voting):
    html = text_of(client.get(url("list", slug=voting.slug)))
    assert re.search(r'<input type="search" name="q"', html)
    assert ">Which proposals</label>" in html
    assert ">Show proposals</button>" in html
    assert ">Show</" not in html


def test_a_closed_consultation_does_not_say_so_far(client):
    closed = make_consultation(title="Old square", phase="closed")
    make_proposal(closed)
    html = text_of(client.get(closed.url))
    assert "1 proposal was sent." in html
    assert "so far" not in html


def test_a_collecting_consultation_counts_so_far(client):
    open_one = make_consultation(title="New square", phase="collecting")
    make_proposal(open_one)
    assert "1 proposal so far." in text_of(client.get(open_one.url))
