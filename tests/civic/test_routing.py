"""Page routing read from the cache (civic/routing.py): the page an address leads to, its
breadcrumb and its language links are fresh on the very next request after the page tree
changes (a page published with a new title or slug, moved, unpublished, restricted), as
its editors and readers would see them.

The changes go through Wagtail's own publishing and moving, and their transactions commit
(`django_capture_on_commit_callbacks`), as in production.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from consultations.models import ConsultationIndexPage, ConsultationPage, HomePage
from tests.factories import make_consultation, translate_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def voting():
    return make_consultation(title="Bike lanes", phase="voting")


def page_text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def reloaded(page) -> ConsultationPage:
    return ConsultationPage.objects.get(pk=page.pk)


def test_a_page_is_found_with_one_query_once_its_route_is_known(client, voting):
    from civic.routing import _route

    client.get(voting.url)  # the route is learnt
    request = client.get(voting.url).wsgi_request
    del request._wagtail_route_for_request
    with CaptureQueriesContext(connection) as captured:
        _route(request, voting.url.removeprefix("/en/"))
    assert request._wagtail_route_for_request[0] == voting
    assert len(captured) == 1


def test_a_new_slug_is_the_address_on_the_next_request(client, voting, commit):
    old = voting.url
    page_text(client, old)
    voting.slug = "cycle-lanes"
    with commit():
        voting.save_revision().publish()
    new = reloaded(voting).url
    assert new.endswith("/cycle-lanes/")
    assert "Bike lanes" in page_text(client, new)
    # The old address is no longer the page: it redirects to the new one.
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, new)


def test_a_new_title_is_in_the_breadcrumb_of_the_pages_below(client, voting, commit):
    assert "Consultations" in page_text(client, voting.url)
    index = ConsultationIndexPage.objects.get(pk=voting.get_parent().pk)
    index.title = "Have your say"
    with commit():
        index.save_revision().publish()
    assert '<a href="/en/consultations/">Have your say</a>' in page_text(client, voting.url)
    results = page_text(client, f"/en/consultations/{voting.slug}/results/")
    assert '<a href="/en/consultations/">Have your say</a>' in results


def test_a_moved_page_is_at_its_new_address_under_its_new_parent(client, voting, commit):
    old = voting.url
    page_text(client, old)
    home = HomePage.objects.get(locale=Locale.get_default())
    with commit():
        archive = home.add_child(instance=ConsultationIndexPage(title="Archive", slug="archive"))
        archive.save_revision().publish()
    with commit():
        reloaded(voting).move(archive, pos="last-child")
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, "/en/archive/bike-lanes/")
    moved = page_text(client, "/en/archive/bike-lanes/")
    assert '<a href="/en/archive/">Archive</a>' in moved


def test_an_unpublished_page_is_gone_on_the_next_request(client, voting, commit):
    page_text(client, voting.url)
    with commit():
        voting.unpublish()
    assert client.get(voting.url).status_code == 404


def test_a_new_translation_is_linked_on_the_next_request(client, voting, commit):
    page_text(client, voting.url)
    with commit():
        translate_consultation(voting, title="خطوط دوچرخه", slug="khat-docharkhe")
    text = page_text(client, voting.url)
    assert '<a href="/fa/consultations/khat-docharkhe/" lang="fa" hreflang="fa">' in text


def test_a_view_restriction_applies_on_the_next_request(client, voting, commit):
    page_text(client, voting.url)
    with commit():
        PageViewRestriction.objects.create(page=voting, restriction_type="login")
    response = client.get(voting.url)
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_with_the_cache_down_pages_are_routed_from_the_database(client, voting, monkeypatch):
    from civic import routing

    class Down:
        def __getattr__(self, name):
            def fail(*_args, **_kwargs):
                raise ConnectionError("cache down")

            return fail

    monkeypatch.setattr(routing, "cache", Down())
    assert "Bike lanes" in page_text(client, voting.url)
    assert "Bike lanes" in page_text(client, "/en/consultations/")
    assert client.get("/en/consultations/no-such-page/").status_code == 404
