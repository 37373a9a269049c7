"""The privacy notice and accessibility statement: Wagtail pages in both languages, in the
footer of every page, linked with the terms of use."""

import pytest
from wagtail.models import Locale, Page

from consultations.models import ConsultationIndexPage, HomePage, StandardPage
from consultations.site_structure import ensure_site_structure
from tests.factories import clear_cache

pytestmark = pytest.mark.django_db


def standard(language: str, purpose: str) -> StandardPage:
    return StandardPage.objects.get(locale__language_code=language, purpose=purpose)


@pytest.mark.parametrize("language", ["en", "fa"])
@pytest.mark.parametrize("purpose", ["privacy", "accessibility"])
def test_the_site_structure_creates_both_pages_in_both_languages(language, purpose):
    page = standard(language, purpose)
    assert page.live
    assert page.show_in_menus
    assert page.body
    assert isinstance(page.get_parent().specific, HomePage)


def test_the_persian_pages_are_written_in_persian():
    assert standard("fa", "privacy").title == "حریم خصوصی"
    assert standard("en", "privacy").translation_key == standard("fa", "privacy").translation_key
    assert "دسترس‌پذیری" in standard("fa", "accessibility").title


def test_running_the_setup_again_adds_nothing():
    before = Page.objects.count()
    ensure_site_structure()
    assert Page.objects.count() == before


def test_an_edited_page_is_left_as_the_editor_made_it():
    page = standard("en", "privacy")
    page.title = "How we use your data"
    page.save_revision().publish()
    ensure_site_structure()
    assert standard("en", "privacy").title == "How we use your data"
    assert StandardPage.objects.filter(purpose="privacy").count() == 2


def test_standard_pages_live_only_under_the_home_page():
    assert StandardPage.allowed_parent_page_models() == [HomePage]
    assert StandardPage.allowed_subpage_models() == []
    assert StandardPage in HomePage.allowed_subpage_models()
    assert not StandardPage.can_create_at(ConsultationIndexPage.objects.first())


@pytest.mark.parametrize(
    ("url", "titles"),
    [
        ("/en/privacy/", ["Privacy notice"]),
        ("/fa/privacy/", ["حریم خصوصی"]),
        ("/en/accessibility/", ["Accessibility statement"]),
        ("/fa/accessibility/", ["بیانیهٔ دسترس‌پذیری"]),
    ],
)
def test_the_pages_render_with_one_heading(client, url, titles):
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<h1") == 1
    assert all(title in body for title in titles)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_footer_links_both_pages_in_the_reader_language(client, language):
    body = client.get(f"/{language}/terms/").content.decode()
    footer = body[body.index("<footer") :]
    assert f'href="/{language}/privacy/"' in footer
    assert f'href="/{language}/accessibility/"' in footer


def test_the_footer_forgets_an_unpublished_page(client):
    client.get("/en/terms/")
    standard("en", "accessibility").unpublish()
    body = client.get("/en/terms/").content.decode()
    assert 'href="/en/accessibility/"' not in body
    assert 'href="/en/privacy/"' in body


def test_the_footer_costs_no_query_once_cached(client, django_assert_num_queries):
    from consultations.site_pages import site_pages

    clear_cache()
    site_pages("en")
    with django_assert_num_queries(0):
        assert [page["purpose"] for page in site_pages("en")] == ["privacy", "accessibility"]


def test_the_terms_link_to_the_privacy_notice_and_back(client):
    terms = client.get("/en/terms/").content.decode()
    footer_start = terms.index("<footer")
    assert 'href="/en/privacy/"' in terms[:footer_start]
    privacy = client.get("/en/privacy/").content.decode()
    assert 'href="/en/terms/#licence"' in privacy
    assert "CC BY 4.0" in privacy


def test_the_privacy_notice_names_the_purge_period():
    page = standard("en", "privacy")
    assert "erased after 14 days" in str(page.body.render_as_block())


def test_a_page_of_another_locale_is_not_in_the_footer(client):
    assert Locale.objects.filter(language_code="fa").exists()
    body = client.get("/en/terms/").content.decode()
    assert 'href="/fa/privacy/"' not in body[body.index("<footer") :]
