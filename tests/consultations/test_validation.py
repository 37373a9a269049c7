"""ConsultationPage.clean: every inconsistent schedule or rule is refused with its message."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from consultations.models import ConsultationPage

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def consultation(**overrides) -> ConsultationPage:
    values = {
        "title": "Bike lanes",
        "slug": "bike-lanes",
        "summary": "Where should the new bike lanes go?",
        "proposals_open": T0,
        "proposals_close": T0 + 10 * DAY,
        "voting_open": T0 + 12 * DAY,
        "voting_close": T0 + 20 * DAY,
        "responses_due": T0 + 50 * DAY,
    }
    values.update(overrides)
    return ConsultationPage(**values)


def errors_of(page: ConsultationPage, field: str) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        page.full_clean(exclude=["path", "depth", "content_type", "locale", "translation_key"])
    return caught.value.message_dict.get(field, [])


def test_a_consistent_schedule_is_valid():
    consultation().clean()


def test_overlapping_collecting_and_voting_is_valid():
    consultation(voting_open=T0 + 5 * DAY).clean()


def test_proposals_closing_before_they_open_is_refused():
    page = consultation(proposals_close=T0 - DAY)
    assert "Proposals must close after they open." in errors_of(page, "proposals_close")


def test_proposals_closing_when_they_open_is_refused():
    page = consultation(proposals_close=T0)
    assert "Proposals must close after they open." in errors_of(page, "proposals_close")


def test_voting_closing_before_it_opens_is_refused():
    page = consultation(voting_close=T0 + 11 * DAY)
    assert "Voting must close after it opens." in errors_of(page, "voting_close")


def test_voting_opening_before_collecting_starts_is_refused():
    page = consultation(voting_open=T0 - DAY)
    assert "Voting cannot open before proposals start being collected." in errors_of(
        page, "voting_open"
    )


def test_voting_closing_before_proposals_close_is_refused():
    page = consultation(voting_open=T0 + DAY, voting_close=T0 + 5 * DAY)
    assert (
        "Voting cannot close before proposals close: late proposals could never be supported."
        in errors_of(page, "voting_close")
    )


def test_responses_due_before_voting_closes_is_refused():
    page = consultation(responses_due=T0 + 19 * DAY)
    assert "Responses cannot be due before voting closes." in errors_of(page, "responses_due")


def test_negative_supports_limit_is_refused():
    page = consultation(max_supports_per_citizen=-1)
    assert "The number of supports cannot be negative." in errors_of(
        page, "max_supports_per_citizen"
    )


def test_negative_response_threshold_is_refused():
    page = consultation(response_threshold=-5)
    assert "The response threshold cannot be negative." in errors_of(page, "response_threshold")


def test_a_threshold_needs_days_to_respond():
    page = consultation(response_threshold=50, response_due_days=0)
    assert "Officials need at least one day to respond." in errors_of(page, "response_due_days")


def test_days_to_respond_without_threshold_are_valid_for_staff_picked_proposals():
    consultation(response_threshold=0, response_due_days=30).clean()


def test_hiding_needs_at_least_one_report():
    page = consultation(auto_hide_reports=0)
    assert "At least one report is needed to hide an item." in errors_of(page, "auto_hide_reports")


def test_hero_image_needs_alt_text():
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Park", file=get_test_image_file())
    page = consultation(hero_image=image, hero_image_alt="  ")
    assert "Describe the hero image for people who cannot see it." in errors_of(
        page, "hero_image_alt"
    )


def test_an_invalid_consultation_is_not_saved():
    from wagtail.models import Locale

    from consultations.models import ConsultationIndexPage

    index = ConsultationIndexPage.objects.get(locale=Locale.get_default())
    with pytest.raises(ValidationError):
        index.add_child(instance=consultation(responses_due=T0))
    assert not ConsultationPage.objects.filter(slug="bike-lanes").exists()
