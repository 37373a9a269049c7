"""The proposal form's example coordinates are written in the reader's digits; the number
fields themselves keep taking Latin digits."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from civic.i18n import persian_digits
from tests.factories import UserFactory, make_consultation

pytestmark = pytest.mark.django_db


def form_html(client, language: str) -> str:
    consultation = make_consultation(title="Bike lanes", phase="collecting")
    client.force_login(UserFactory(language=language))
    with translation.override(language):
        address = reverse("proposals:create", kwargs={"slug": consultation.slug})
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def help_of(html: str, field: str) -> str:
    match = re.search(rf'id="id_{field}_helptext"[^>]*>([^<]*)<', html)
    assert match, f"no help text for {field}"
    return match.group(1)


def test_persian_form_gives_the_examples_in_persian_digits(client):
    html = form_html(client, "fa")
    assert persian_digits("35.6892") in help_of(html, "latitude")
    assert persian_digits("51.3890") in help_of(html, "longitude")
    assert not re.search(r"[0-9]", help_of(html, "latitude") + help_of(html, "longitude"))


def test_persian_form_keeps_number_fields_for_the_coordinates(client):
    html = form_html(client, "fa")
    assert re.search(r'<input type="number" name="latitude"', html)
    assert re.search(r'<input type="number" name="longitude"', html)


def test_english_form_gives_the_examples_in_latin_digits(client):
    html = form_html(client, "en")
    assert "For example 35.6892." in help_of(html, "latitude")
    assert help_of(html, "longitude") == "For example 51.3890."
