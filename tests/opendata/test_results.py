"""Results pages, "You said, we did" and embeds: the figures on factory data, the pages, the
embeds' headers and the Persian mirroring."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils.html import escape

from opendata import charts, queries
from proposals import services
from proposals.models import Support
from proposals.moderation import services as moderation
from tests.factories import (
    AreaFactory,
    UserFactory,
    make_consultation,
    make_proposal,
    make_response,
    translate_consultation,
)
from tests.proposals.staff import english, moderator_of  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def consultation():
    return make_consultation(phase="voting", title="Park renewal", max_supports_per_citizen=10)


def support(proposal, count: int, day: datetime | None = None) -> None:
    for _ in range(count):
        services.support_cast(citizen=UserFactory(), proposal=proposal)
    if day is not None:
        latest = Support.objects.filter(proposal=proposal).order_by("-id")[:count]
        Support.objects.filter(pk__in=[s.pk for s in latest]).update(created_at=day)


def scope(consultation):
    return queries.consultation_scope(consultation)


def results_url(consultation, language="en"):
    return f"/{language}/consultations/{consultation.slug}/results/"


# --- figures ------------------------------------------------------------------------------


def test_ranking_orders_by_supports_then_age(consultation):
    low = make_proposal(consultation, title="Benches")
    high = make_proposal(consultation, title="Trees")
    tie = make_proposal(consultation, title="Lights")
    support(high, 3)
    support(low, 1)
    support(tie, 1)
    assert [p.title for p in queries.ranking(scope(consultation))] == ["Trees", "Benches", "Lights"]


def test_ranking_leaves_out_unpublished_proposals(consultation):
    make_proposal(consultation, title="Shown")
    make_proposal(consultation, title="Waiting", state="pending")
    make_proposal(consultation, title="Hidden", state="hidden")
    assert [p.title for p in queries.ranking(scope(consultation))] == ["Shown"]


def test_outcome_counts(consultation):
    make_response(make_proposal(consultation), outcome="accepted")
    make_response(make_proposal(consultation), outcome="accepted")
    make_response(make_proposal(consultation), outcome="rejected")
    make_proposal(consultation)
    counts = {row["key"]: row["count"] for row in queries.outcome_counts(scope(consultation))}
    assert counts == {"accepted": 2, "rejected": 1, "none": 1}


def test_supports_per_day_are_utc_days_with_gaps_filled(consultation):
    proposal = make_proposal(consultation)
    support(proposal, 2, datetime(2026, 11, 3, 23, 30, tzinfo=UTC))
    support(proposal, 1, datetime(2026, 11, 5, 0, 15, tzinfo=UTC))
    days = queries.supports_per_day(scope(consultation))
    assert [(d["day"].isoformat(), d["count"]) for d in days] == [
        ("2026-11-03", 2),
        ("2026-11-04", 0),
        ("2026-11-05", 1),
    ]


def test_supports_per_day_sum_equals_the_support_counts(consultation):
    first, second = make_proposal(consultation), make_proposal(consultation)
    support(first, 3, datetime(2026, 11, 1, 12, tzinfo=UTC))
    support(second, 2)
    services.support_withdraw(
        citizen=Support.objects.filter(proposal=second).first().citizen, proposal=second
    )
    days = queries.supports_per_day(scope(consultation))
    assert sum(d["count"] for d in days) == queries.support_total(scope(consultation)) == 4


def test_topic_counts_count_each_topic_of_a_proposal(consultation):
    both = make_proposal(consultation)
    both.topics.add("Trees", "Safety")
    make_proposal(consultation).topics.add("Trees")
    make_proposal(consultation)
    counts = {row["label"]: row["count"] for row in queries.topic_counts(scope(consultation))}
    assert counts == {"Trees": 2, "Safety": 1, "No topic": 1}


def test_area_counts(consultation):
    north, south = AreaFactory(name="North"), AreaFactory(name="South")
    make_proposal(consultation, area=north)
    make_proposal(consultation, area=north)
    make_proposal(consultation, area=south)
    make_proposal(consultation)
    counts = {row["label"]: row["count"] for row in queries.area_counts(scope(consultation))}
    assert counts == {"North": 2, "South": 1, "No area": 1}


def test_on_time_means_first_published_by_the_due_date(consultation):
    make_response(make_proposal(consultation), late_by_days=-1)
    make_response(make_proposal(consultation), late_by_days=0)
    make_response(make_proposal(consultation), late_by_days=2)
    timing = queries.response_timing(scope(consultation))
    assert (timing["on_time"], timing["late"]) == (2, 1)


def test_site_scope_adds_up_the_consultations(consultation):
    other = make_consultation(title="Bike lanes", phase="voting")
    support(make_proposal(consultation), 2)
    support(make_proposal(other), 1)
    assert queries.support_total(queries.site_scope()) == 3


# --- pages --------------------------------------------------------------------------------


def test_results_page_shows_ranking_charts_and_tables(client, consultation):
    proposal = make_proposal(consultation, title="Shade trees")
    support(proposal, 2)
    html = client.get(results_url(consultation)).content.decode()
    assert "Shade trees" in html
    for key in ("outcomes", "supports", "topics", "areas"):
        assert f'id="chart-{key}-title"' in html
        assert f'id="chart-{key}-caption"' in html
    assert escape(str(queries.ON_TIME_RULE)) in html


def test_consultation_page_links_its_results(client, consultation):
    html = client.get(consultation.url).content.decode()
    assert results_url(consultation) in html


def test_header_links_the_site_results(client, consultation):
    html = client.get(consultation.url).content.decode()
    assert 'href="/en/results/"' in html


def test_ranking_is_paginated(client, consultation):
    for n in range(27):
        make_proposal(consultation, title=f"Proposal {n}")
    second = client.get(results_url(consultation) + "?page=2").content.decode()
    assert "Proposals 26 to 27 of 27" in second


def test_results_page_query_count_does_not_grow(
    client, consultation, django_assert_max_num_queries
):
    def seed(n):
        area = AreaFactory()
        for _ in range(n):
            proposal = make_proposal(consultation, area=area)
            proposal.topics.add(f"Topic {proposal.pk}")
            support(proposal, 1)
            make_response(proposal, late_by_days=1)

    seed(2)
    client.get(results_url(consultation))  # warm the page and site caches
    with django_assert_max_num_queries(40) as few:
        client.get(results_url(consultation))
    seed(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(results_url(consultation))


def test_site_results_query_count_does_not_grow(
    client, consultation, django_assert_max_num_queries
):
    make_proposal(consultation)
    client.get("/en/results/")
    with django_assert_max_num_queries(40) as few:
        client.get("/en/results/")
    baseline = len(few.captured_queries)
    for title in ("Bike lanes", "Libraries"):
        other = make_consultation(title=title, phase="voting")
        support(make_proposal(other), 2)
    client.get("/en/results/")  # new pages: the footer's cached menu is built again
    with django_assert_max_num_queries(baseline):
        client.get("/en/results/")


def test_moderation_record_on_results_never_shows_hidden_content(client, consultation):
    moderator = moderator_of(consultation)
    hidden = make_proposal(consultation, title="Secret rude words")
    moderation.moderate(action="hide", item=hidden, moderator=moderator, reason="offensive")
    html = client.get(results_url(consultation)).content.decode()
    assert "Secret rude words" not in html
    assert "Hidden by a moderator" in html


# --- "You said, we did" -------------------------------------------------------------------


def test_responses_page_lists_published_responses_with_outcome(client, consultation):
    make_response(make_proposal(consultation, title="Shade trees"), outcome="implemented")
    html = client.get(reverse("results:responses")).content.decode()
    assert "Shade trees" in html
    assert "badge--implemented" in html


def test_responses_filter_by_outcome_and_timing(client, consultation):
    make_response(make_proposal(consultation, title="Early one"), late_by_days=-2)
    make_response(make_proposal(consultation, title="Late one"), late_by_days=3)
    make_response(make_proposal(consultation, title="Refused one"), outcome="rejected")
    html = client.get(reverse("results:responses") + "?timing=late").content.decode()
    assert "Late one" in html
    assert "Early one" not in html
    html = client.get(reverse("results:responses") + "?outcome=rejected").content.decode()
    assert "Refused one" in html
    assert "Late one" not in html


def test_response_facets_count_each_value_under_the_other_filters(consultation):
    other = make_consultation(title="Bike lanes", phase="voting")
    make_response(make_proposal(consultation), outcome="accepted")
    make_response(make_proposal(consultation), outcome="rejected")
    make_response(make_proposal(other), outcome="accepted")
    facets = queries.response_facets(queries.ResponseFilters(outcome="accepted"))
    assert {o["value"]: o["count"] for o in facets["outcome"]} == {"accepted": 2, "rejected": 1}
    assert sorted(o["count"] for o in facets["consultation"]) == [1, 1]


def test_responses_filter_by_department_and_topic(client, consultation):
    from consultations.models import Department

    parks = Department.objects.create(name="Parks")
    proposal = make_proposal(consultation, title="Trees for the square")
    proposal.topics.add("Greenery")
    make_response(proposal, department=parks)
    make_response(make_proposal(consultation, title="Unrelated"))
    url = reverse("results:responses")
    assert "Unrelated" not in client.get(f"{url}?department={parks.pk}").content.decode()
    html = client.get(f"{url}?topic=greenery").content.decode()
    assert "Trees for the square" in html
    assert "Unrelated" not in html


def test_responses_page_empty_state(client, consultation):
    html = client.get(reverse("results:responses")).content.decode()
    assert "No official responses yet" in html


def test_responses_page_query_count_does_not_grow(
    client, consultation, django_assert_max_num_queries
):
    make_response(make_proposal(consultation))
    url = reverse("results:responses")
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(6):
        make_response(make_proposal(consultation), late_by_days=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- embeds -------------------------------------------------------------------------------


def embed_urls(consultation):
    slug = consultation.slug
    return [
        reverse("results:consultation_embed", kwargs={"slug": slug}),
        reverse("results:consultation_chart_embed", kwargs={"slug": slug, "chart": "supports"}),
        reverse("results:site_chart_embed", kwargs={"chart": "outcomes"}),
    ]


def test_embeds_set_no_cookies(client, consultation):
    support(make_proposal(consultation), 1)
    for url in embed_urls(consultation):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, url


def test_embeds_set_no_cookies_for_a_signed_in_reader(client, consultation):
    client.force_login(UserFactory())
    client.cookies.clear()
    for url in embed_urls(consultation):
        assert not client.get(url).cookies, url


def test_embeds_may_be_framed(client, consultation):
    for url in embed_urls(consultation):
        response = client.get(url)
        assert "X-Frame-Options" not in response
        assert "frame-ancestors *" in response["Content-Security-Policy"]


def test_results_page_refuses_framing(client, consultation):
    response = client.get(results_url(consultation))
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_embed_links_back_to_the_results_page(client, consultation, settings):
    html = client.get(embed_urls(consultation)[0]).content.decode()
    assert f'href="{settings.SITE_URL}{results_url(consultation)}"' in html
    assert "<form" not in html


def test_embed_query_count_does_not_grow(client, consultation, django_assert_max_num_queries):
    url = embed_urls(consultation)[0]
    support(make_proposal(consultation), 1)
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    baseline = len(few.captured_queries)
    for _ in range(5):
        proposal = make_proposal(consultation)
        support(proposal, 2)
        make_response(proposal, late_by_days=1)
    with django_assert_max_num_queries(baseline):
        client.get(url)


def test_results_page_shows_embed_snippets(client, consultation):
    html = client.get(results_url(consultation)).content.decode()
    assert "&lt;iframe src=" in html
    assert embed_urls(consultation)[0] in html


def test_unknown_chart_is_404(client, consultation):
    url = reverse("results:site_chart_embed", kwargs={"chart": "nothing"})
    assert client.get(url).status_code == 404


# --- Persian ------------------------------------------------------------------------------


def test_persian_results_page_is_right_to_left_with_persian_digits(client, consultation):
    translate_consultation(consultation, title="نوسازی پارک")
    support(make_proposal(consultation), 12)
    html = client.get(results_url(consultation, "fa")).content.decode()
    assert 'dir="rtl"' in html
    assert 'direction="rtl"' in html
    assert "۱۲" in html
    assert ">12<" not in html


def test_bars_grow_from_the_inline_start():
    rows = [{"label": "A", "count": 4}, {"label": "B", "count": 2}]
    ltr = charts.bar_chart(rows, rtl=False)
    rtl = charts.bar_chart(rows, rtl=True)
    assert ltr.bars[0].x == charts.PAD
    assert rtl.bars[0].x + rtl.bars[0].width == charts.WIDTH - charts.PAD
    assert rtl.bars[1].x + rtl.bars[1].width == charts.WIDTH - charts.PAD
    assert rtl.bars[1].width == ltr.bars[1].width == ltr.bars[0].width / 2


def test_line_axis_stands_on_the_right_in_persian():
    days = [{"day": datetime(2026, 11, 1).date() + timedelta(days=n), "count": n} for n in range(3)]
    ltr = charts.line_chart(days, date_label=str, rtl=False)
    rtl = charts.line_chart(days, date_label=str, rtl=True)
    assert ltr.axis_x < charts.WIDTH / 2 < rtl.axis_x
    # Time runs from the inline start: the first day is on the right in Persian.
    assert rtl.first["x"] > rtl.last["x"]
    assert ltr.first["x"] < ltr.last["x"]


def test_responses_page_names_consultations_in_the_reader_language(client, consultation):
    translate_consultation(consultation, title="نوسازی پارک")
    make_response(make_proposal(consultation))
    html = client.get("/fa/results/responses/").content.decode()
    assert "نوسازی پارک" in html
    assert "Park renewal" not in html


def test_results_pages_render_on_the_demo(client):
    from io import StringIO

    from django.core.management import call_command

    from consultations.models import ConsultationPage

    args = ["--force", "--consultations", "4", "--proposals", "40", "--citizens", "10"]
    call_command("seed_demo", *args, "--supports", "60", stdout=StringIO())
    urls = ["/en/results/", "/fa/results/", "/en/results/responses/", "/fa/results/responses/"]
    for page in ConsultationPage.objects.live().select_related("locale"):
        language = page.locale.language_code
        urls += [results_url(page, language), f"{results_url(page, language)}embed/"]
    for url in urls:
        assert client.get(url).status_code == 200, url
    html = client.get("/en/results/responses/").content.decode()
    assert "badge--warning" in html  # a late response
    assert "badge--success" in html  # one on time


def test_consultation_page_links_its_responses_list(client, consultation):
    make_response(make_proposal(consultation))
    html = client.get(consultation.url).content.decode()
    assert f"/en/results/responses/?consultation={consultation.pk}" in html
