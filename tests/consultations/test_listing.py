"""The consultation list: SQL phase filters agree with phases.py, filters, search, pages."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations.models import ConsultationPage
from consultations.phases import Phase, Schedule
from consultations.queries import phase_q
from tests.factories import AreaFactory, make_consultation, translate_consultation

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)
moments = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2028, 1, 1), timezones=st.just(UTC)
)
gaps = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40))
positive_gaps = st.timedeltas(min_value=SECOND, max_value=timedelta(days=40))


@st.composite
def valid_schedules(draw) -> Schedule:
    proposals_open = draw(moments)
    proposals_close = proposals_open + draw(positive_gaps)
    voting_open = proposals_open + draw(gaps)
    voting_close = max(voting_open + draw(positive_gaps), proposals_close + draw(gaps))
    responses_due = voting_close + draw(gaps)
    return Schedule(proposals_open, proposals_close, voting_open, voting_close, responses_due)


@pytest.fixture
def one_consultation():
    return make_consultation(title="Property")


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    schedule=valid_schedules(),
    offset=st.timedeltas(min_value=-timedelta(days=20), max_value=timedelta(days=150)),
)
def test_sql_phase_filters_agree_with_the_phase_function(one_consultation, schedule, offset):
    ConsultationPage.objects.filter(pk=one_consultation.pk).update(**schedule.__dict__)
    now = schedule.proposals_open + offset
    in_sql = {
        phase
        for phase in Phase
        if ConsultationPage.objects.filter(pk=one_consultation.pk)
        .filter(phase_q(phase, now))
        .exists()
    }
    assert in_sql == set(schedule.phases(now))


def listed_titles(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [item.title for item in response.context["consultations"]]


def test_phase_filter_lists_only_that_phase(client):
    make_consultation(title="Park renewal", phase="collecting")
    make_consultation(title="Bike lanes", phase="voting")
    make_consultation(title="Old market", phase="closed")
    assert listed_titles(client, "/en/consultations/?phase=voting") == ["Bike lanes"]


def test_upcoming_filter(client):
    make_consultation(title="Library hours", phase="upcoming")
    make_consultation(title="Park renewal", phase="collecting")
    assert listed_titles(client, "/en/consultations/?phase=upcoming") == ["Library hours"]


def test_topic_filter(client):
    park = make_consultation(title="Park renewal")
    park.topics.add("green-spaces")
    park.save_revision().publish()
    make_consultation(title="Bike lanes").topics.add("transport")
    assert listed_titles(client, "/en/consultations/?topic=green-spaces") == ["Park renewal"]


def test_area_filter(client):
    north = AreaFactory(name="North", slug="north")
    park = make_consultation(title="Park renewal")
    park.areas.add(north)
    park.save_revision().publish()
    make_consultation(title="Bike lanes")
    assert listed_titles(client, "/en/consultations/?area=north") == ["Park renewal"]


def test_unknown_filter_value_is_ignored(client):
    make_consultation(title="Park renewal")
    assert listed_titles(client, "/en/consultations/?phase=nonsense") == ["Park renewal"]


def test_search_finds_english_words(client):
    make_consultation(title="Bike lanes on Main Street", summary="Safer cycling to school.")
    make_consultation(title="Park renewal", summary="Trees and benches.")
    assert listed_titles(client, "/en/consultations/?q=cycling") == ["Bike lanes on Main Street"]


def test_search_finds_persian_words(client):
    bike = make_consultation(title="Bike lanes", summary="Safer cycling.")
    translate_consultation(bike, title="مسیرهای دوچرخه", summary="دوچرخه‌سواری امن‌تر تا مدرسه")
    park = make_consultation(title="Park renewal", summary="Trees.")
    translate_consultation(park, title="نوسازی پارک", summary="درخت و نیمکت")
    assert listed_titles(client, "/fa/consultations/?q=دوچرخه") == ["مسیرهای دوچرخه"]


def test_list_shows_only_the_request_language(client):
    bike = make_consultation(title="Bike lanes")
    translate_consultation(bike, title="مسیرهای دوچرخه")
    assert listed_titles(client, "/fa/consultations/") == ["مسیرهای دوچرخه"]


def test_list_shows_only_live_consultations(client):
    make_consultation(title="Draft idea", live=False)
    make_consultation(title="Park renewal")
    assert listed_titles(client, "/en/consultations/") == ["Park renewal"]


def test_closing_soon_lists_the_nearest_deadline_first(client):
    now = timezone.now()
    make_consultation(
        title="Later",
        proposals_close=now + timedelta(days=20),
        voting_open=now + timedelta(days=21),
        voting_close=now + timedelta(days=30),
        responses_due=now + timedelta(days=60),
    )
    make_consultation(title="Sooner", proposals_close=now + timedelta(days=2))
    make_consultation(title="Finished", phase="closed")
    assert listed_titles(client, "/en/consultations/") == ["Sooner", "Later", "Finished"]


def test_newest_lists_the_last_published_first(client):
    make_consultation(title="First")
    make_consultation(title="Second")
    assert listed_titles(client, "/en/consultations/?sort=newest") == ["Second", "First"]


def test_pagination_shows_twelve_and_the_rest_on_page_two(client):
    for n in range(14):
        make_consultation(title=f"Consultation {n}")
    assert len(listed_titles(client, "/en/consultations/")) == 12
    assert len(listed_titles(client, "/en/consultations/?page=2")) == 2


def test_empty_list_says_so(client):
    response = client.get("/en/consultations/")
    assert "No consultations yet" in response.content.decode()


def test_empty_filtered_list_offers_to_clear(client):
    make_consultation(title="Park renewal")
    response = client.get("/en/consultations/?q=zeppelin")
    assert "No consultation matches these filters" in response.content.decode()


def test_counts_come_from_the_tally(client):
    from proposals.models import ConsultationTally

    park = make_consultation(title="Park renewal")
    ConsultationTally.objects.update_or_create(
        consultation=park, defaults={"proposals": 7, "responses": 2}
    )
    content = client.get("/en/consultations/").content.decode()
    assert "7 proposals" in content
    assert "2 official responses" in content


def test_persian_version_shows_the_canonical_counts(client):
    from proposals.models import ConsultationTally

    park = make_consultation(title="Park renewal")
    translate_consultation(park, title="نوسازی پارک")
    ConsultationTally.objects.update_or_create(consultation=park, defaults={"proposals": 7})
    response = client.get("/fa/consultations/")
    assert response.context["consultations"][0].counts.proposals == 7


def make_rich(n: int) -> None:
    area = AreaFactory(name="Centre", slug="centre")
    for i in range(n):
        page = make_consultation(
            title=f"Consultation {i}", phase=["collecting", "voting", "closed"][i % 3]
        )
        page.topics.add("parks", f"topic-{i}")
        page.areas.add(area)
        page.save_revision().publish()


def count_queries(client, url: str) -> int:
    client.get(url)  # warm caches that are per process, not per row (site root paths)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_consultations(client):
    make_rich(3)
    with_three = count_queries(client, "/en/consultations/")
    make_rich(27)
    with_thirty = count_queries(client, "/en/consultations/")
    assert with_three == with_thirty


def test_list_query_count_is_pinned(client, django_assert_max_num_queries):
    make_rich(30)
    client.get("/en/consultations/?topic=parks&phase=voting")
    with django_assert_max_num_queries(19):
        client.get("/en/consultations/?topic=parks&phase=voting")


def test_search_query_count_is_pinned(client, django_assert_max_num_queries):
    make_rich(30)
    client.get("/en/consultations/?q=consultation")
    with django_assert_max_num_queries(20):
        client.get("/en/consultations/?q=consultation")


# The list page's query count, pinned: the same bound with N and with 3N consultations.
# 19 = Wagtail routing (site, locale, 3 pages, ancestors' aliases, view restrictions) + filter
# choices (topics, areas) + count, page of rows, topics, areas + tally, supports + the
# language switcher (a locale and a translation per language). The Persian list, with
# translated consultations, measures one more.
LIST_QUERIES = 19
PERSIAN_LIST_QUERIES = 20


@pytest.mark.parametrize("n", [6, 18])
@pytest.mark.parametrize(
    "url",
    [
        "/en/consultations/",
        "/en/consultations/?topic=parks&area=centre&sort=newest",
        "/en/consultations/?phase=collecting",
        "/en/consultations/?page=2",
    ],
)
def test_list_query_count_stays_within_the_same_bound_with_n_and_3n(
    client, django_assert_max_num_queries, n, url
):
    make_rich(n)
    client.get(url)  # warm per-process caches (site root paths)
    with django_assert_max_num_queries(LIST_QUERIES):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("n", [6, 18])
def test_persian_list_query_count_stays_within_the_same_bound(
    client, django_assert_max_num_queries, n
):
    make_rich(n)
    for page in ConsultationPage.objects.filter(locale__language_code="en"):
        translate_consultation(page, title=f"مشورت {page.pk}")
    client.get("/fa/consultations/")
    with django_assert_max_num_queries(PERSIAN_LIST_QUERIES):
        response = client.get("/fa/consultations/")
    assert len(response.context["consultations"]) == min(n, 12)
