"""The /data/ page: every file with its rows, the data dictionary, the licence, the version,
in the reader's language, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from opendata.downloads.dictionary import FILES, SCHEMA_VERSION
from proposals import services
from tests.factories import UserFactory, make_consultation, make_proposal, translate_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def parks():
    consultation = make_consultation(title="Park renewal", phase="voting")
    proposal = make_proposal(consultation, title="More trees")
    for _ in range(3):
        services.support_cast(citizen=UserFactory(), proposal=proposal)
    return consultation


def page(client, **headers) -> str:
    response = client.get(reverse("data:index"), headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_every_site_file_is_linked(client, parks):
    html = page(client)
    for data_file in FILES:
        assert f'href="/data/{data_file.name}"' in html


def test_every_consultation_file_is_linked(client, parks):
    html = page(client)
    for data_file in FILES:
        assert f'href="/data/consultations/{parks.pk}/{data_file.name}"' in html


def test_row_counts_are_shown(client, parks):
    html = page(client)
    # ballots.csv of the consultation: three supports.
    ballots = html.split(f"/data/consultations/{parks.pk}/ballots.csv")[1]
    assert '<span class="muted">(3)</span>' in ballots[:200]


def test_every_column_is_documented(client, parks):
    html = page(client)
    for data_file in FILES:
        for column in data_file.columns:
            assert f'<code dir="ltr">{column.name}</code>' in html
            assert escape(str(column.description)) in html


def test_licence_version_dictionary_and_feed_are_linked(client, settings, parks):
    html = page(client)
    assert settings.CONTENT_LICENCE in html and settings.CONTENT_LICENCE_URL in html
    assert SCHEMA_VERSION in html
    assert 'href="/data/datapackage.json"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html
    assert reverse("response:feed") in html


def test_the_page_follows_the_readers_language(client, parks):
    translate_consultation(parks, title="نوسازی پارک")
    html = page(client, **{"Accept-Language": "fa"})
    assert 'lang="fa"' in html and 'dir="rtl"' in html
    assert "نوسازی پارک" in html
    assert "داده‌های باز" in html


def test_the_language_cookie_wins(client, parks):
    client.cookies["civic_language"] = "fa"
    assert 'lang="fa"' in page(client, **{"Accept-Language": "en"})


def test_consultations_are_paginated(client, parks):
    from opendata.downloads.views import CONSULTATIONS_PER_PAGE

    for n in range(CONSULTATIONS_PER_PAGE):
        make_consultation(title=f"Consultation {n}")
    first, second = page(client), client.get(reverse("data:index") + "?page=2").content.decode()
    assert "Park renewal" not in first  # the oldest, on the second page
    assert "Park renewal" in second


@pytest.mark.parametrize("language", ["en", "fa"])
def test_queries_do_not_grow_with_consultations(
    client, parks, language, django_assert_max_num_queries
):
    headers = {"Accept-Language": language}
    page(client, **headers)  # Wagtail's per-process caches (site, locales) filled
    with CaptureQueriesContext(connection) as few:
        page(client, **headers)
    before = len(few)  # now: later requests empty the connection's query log
    assert before <= 14
    for n in range(5):
        consultation = make_consultation(title=f"Consultation {n}")
        translate_consultation(consultation, title=f"نظرخواهی {n}")
        make_proposal(consultation)
    page(client, **headers)  # new pages empty the footer's and Wagtail's caches
    with django_assert_max_num_queries(before):
        page(client, **headers)
