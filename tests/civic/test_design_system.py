"""The shared stylesheet and components."""

import re
from pathlib import Path

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent.parent
CIVIC_CSS = ROOT / "static" / "css" / "civic.css"


def test_stylesheet_uses_logical_properties_only():
    css = re.sub(r"/\*.*?\*/", "", CIVIC_CSS.read_text(), flags=re.S)
    assert not re.findall(r"\b(left|right)\b", css)
    assert not re.findall(r"\b(margin|padding|border)-(top|bottom)\b", css)


def test_stylesheet_starts_with_persian_fonts_for_persian_readers():
    css = CIVIC_CSS.read_text()
    assert '--font-persian: "Vazirmatn", "Noto Naskh Arabic", "Noto Sans Arabic", Tahoma' in css


def render(template: str, path: str = "/en/list/", **context) -> str:
    request = RequestFactory().get(path)
    return Template(template).render(Context({"request": request, **context}))


PAGINATION = '{% include "components/pagination.html" with page_obj=page_obj %}'


def test_pagination_keeps_other_query_parameters():
    page_obj = Paginator(range(100), 10).page(3)
    html = render(PAGINATION, "/en/list/?topic=parks&page=3&sort=new", page_obj=page_obj)
    assert 'href="?topic=parks&amp;page=2&amp;sort=new" rel="prev"' in html
    assert 'href="?topic=parks&amp;page=4&amp;sort=new" rel="next"' in html
    assert 'aria-current="page"' in html


def test_pagination_elides_far_pages():
    page_obj = Paginator(range(1000), 10).page(50)
    html = render(PAGINATION, page_obj=page_obj)
    assert "…" in html
    assert html.count("<li>") < 15


def test_pagination_is_absent_for_a_single_page():
    page_obj = Paginator(range(5), 10).page(1)
    assert "<nav" not in render(PAGINATION, page_obj=page_obj)


def test_pagination_numbers_are_persian_for_persian_readers():
    page_obj = Paginator(range(100), 10).page(2)
    with translation.override("fa"):
        html = render(PAGINATION, page_obj=page_obj)
    assert "۱۰" in html  # noqa: RUF001


def test_empty_state_shows_title_message_and_action():
    html = render(
        '{% include "components/empty_state.html" with title="No proposals" '
        'message="Be the first." action_url="/en/new/" action_label="Send one" %}'
    )
    assert '<h2 class="empty-state__title">No proposals</h2>' in html
    assert "Be the first." in html
    assert 'href="/en/new/">Send one</a>' in html


def test_breadcrumb_from_crumbs_marks_the_current_page():
    html = render(
        '{% include "components/breadcrumb.html" with crumbs=crumbs current="Queue" %}',
        crumbs=[("Home", "/en/"), ("Consultations", "/en/consultations/")],
    )
    assert '<a href="/en/consultations/">Consultations</a>' in html
    assert '<span aria-current="page">Queue</span>' in html


@pytest.mark.django_db
def test_breadcrumb_from_a_wagtail_page_lists_its_ancestors():
    from consultations.models import ConsultationIndexPage

    index = ConsultationIndexPage.objects.filter(locale__language_code="en").first()
    html = render('{% include "components/breadcrumb.html" with page=page %}', page=index)
    assert 'href="/en/"' in html
    assert f'<span aria-current="page">{index.title}</span>' in html
