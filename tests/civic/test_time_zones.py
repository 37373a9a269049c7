"""Every time shown states the site's time zone (TIME_ZONE), so nobody reads it hours off."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import timezone, translation

from civic import i18n
from proposals.models import Notification
from tests.factories import UserFactory

AT = dt.datetime(2026, 12, 1, 16, 0, tzinfo=dt.UTC)
LRI, PDI = "\u2066", "\u2069"


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("UTC", "Dec. 1, 2026, 4 p.m. (UTC)"),
        ("Europe/Berlin", "Dec. 1, 2026, 5 p.m. (CET, UTC+1)"),
        ("Asia/Tehran", "Dec. 1, 2026, 7:30 p.m. (UTC+3:30)"),
        ("America/New_York", "Dec. 1, 2026, 11 a.m. (EST, UTC-5)"),
    ],
)
def test_english_times_name_the_zone_and_its_offset(zone, expected):
    with timezone.override(zone), translation.override("en"):
        assert i18n.display_date(AT, with_time=True) == expected


def test_summer_time_is_named_as_such():
    with timezone.override("Europe/Berlin"), translation.override("en"):
        assert i18n.display_date(dt.datetime(2026, 7, 1, 16, tzinfo=dt.UTC), True).endswith(
            "(CEST, UTC+2)"
        )


def test_persian_times_name_the_zone_in_persian_digits_isolated():
    with timezone.override("Europe/Berlin"), translation.override("fa"):
        text = i18n.display_date(AT, with_time=True)
    assert text == f"۱۰ آذر ۱۴۰۵، ۱۷:۰۰ به وقت {LRI}CET, UTC+۱{PDI} (۱ دسامبر ۲۰۲۶)"  # noqa: RUF001


def test_dates_without_a_time_name_no_zone():
    with timezone.override("Europe/Berlin"), translation.override("en"):
        assert i18n.display_date(AT) == "Dec. 1, 2026"
        assert i18n.display_date(AT.date(), with_time=True) == "Dec. 1, 2026"


def test_showdate_keeps_the_machine_value_and_adds_the_zone():
    with timezone.override("Asia/Tehran"), translation.override("en"):
        html = Template("{% load civic %}{% showdate value True %}").render(Context({"value": AT}))
    assert html == (
        '<time datetime="2026-12-01T16:00:00+00:00">Dec. 1, 2026, 7:30 p.m. (UTC+3:30)</time>'
    )


@pytest.mark.django_db
@override_settings(TIME_ZONE="Europe/Berlin")
def test_the_inbox_states_when_in_the_site_s_zone(client):
    person = UserFactory()
    note = Notification.objects.create(recipient=person, kind="response", params={"title": "Trees"})
    Notification.objects.filter(pk=note.pk).update(created_at=AT)
    client.force_login(person)
    html = client.get("/en/inbox/").content.decode()
    assert "Dec. 1, 2026, 5 p.m. (CET, UTC+1)" in html
