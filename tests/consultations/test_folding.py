"""The consultation list's word search folds Persian letter forms, digits and ZWNJ."""

import pytest

from tests.factories import make_consultation, translate_consultation

pytestmark = pytest.mark.django_db


def listed_titles(client, url: str, query: str) -> list[str]:
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return [item.title for item in response.context["consultations"]]


def test_arabic_kaf_finds_the_persian_spelling(client):
    library = make_consultation(title="Library", summary="Opening hours.")
    translate_consultation(library, title="کتابخانه محله", summary="ساعت کار")
    park = make_consultation(title="Park renewal", summary="Trees.")
    translate_consultation(park, title="نوسازی پارک", summary="درخت")
    assert listed_titles(client, "/fa/consultations/", "كتابخانه") == ["کتابخانه محله"]


def test_digits_in_any_script_find_each_other(client):
    make_consultation(title="Budget 1404", summary="What to fund.")
    make_consultation(title="Park renewal", summary="Trees.")
    assert listed_titles(client, "/en/consultations/", "۱۴۰۴") == ["Budget 1404"]


def test_zwnj_and_yeh_forms_match_in_the_summary(client):
    bike = make_consultation(title="Bike lanes", summary="Cycling.")
    translate_consultation(bike, title="مسیرها", summary="دوچرخه‌سواری امن‌تر")
    assert listed_titles(client, "/fa/consultations/", "دوچرخهسواري") == ["مسیرها"]
