"""Jalali dates and Persian digits (civic/i18n.py and the civic template tags)."""

import datetime as dt
import string

import jdatetime
import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from civic import i18n

ASCII_TO_PERSIAN = dict(zip("0123456789", "۰۱۲۳۴۵۶۷۸۹", strict=True))
PERSIAN_TO_ASCII = {persian: ascii_ for ascii_, persian in ASCII_TO_PERSIAN.items()}
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))


def parse_jalali(text: str) -> dt.date:
    """Read back '۴ آذر ۱۴۰۵' into the Gregorian date it names."""
    day, month, year = text.split(" ")
    ascii_digits = str.maketrans(PERSIAN_TO_ASCII)
    return jdatetime.date(
        int(year.translate(ascii_digits)),
        i18n.JALALI_MONTHS_FA.index(month) + 1,
        int(day.translate(ascii_digits)),
    ).togregorian()


@given(dates)
def test_jalali_date_names_the_same_day(value):
    assert parse_jalali(i18n.jalali_date(value)) == value


@given(dates)
def test_jalali_date_uses_persian_digits_only(value):
    text = i18n.jalali_date(value)
    assert not set(text) & set(string.digits)
    assert set(text) & set(ASCII_TO_PERSIAN.values())


@given(dates, dates)
def test_jalali_order_follows_gregorian_order(first, second):
    j_first = jdatetime.date.fromgregorian(date=first)
    j_second = jdatetime.date.fromgregorian(date=second)
    assert (first < second) == (j_first < j_second)


@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)))
def test_jalali_date_of_an_aware_datetime_uses_the_local_day(value):
    aware = value.replace(tzinfo=dt.UTC)
    with translation.override("fa"):
        assert i18n.jalali_date(aware) == i18n.jalali_date(value.date())


def test_a_known_date():
    assert i18n.jalali_date(dt.date(2026, 3, 21)) == "۱ فروردین ۱۴۰۵"  # noqa: RUF001


@given(st.text())
def test_persian_digits_only_maps_ascii_digits(text):
    result = i18n.persian_digits(text)
    assert len(result) == len(text)
    for before, after in zip(text, result, strict=True):
        assert after == ASCII_TO_PERSIAN.get(before, before)


@given(st.integers())
def test_persian_digits_of_a_number_reads_back_as_the_number(number):
    text = i18n.persian_digits(number)
    assert int(text.translate(str.maketrans(PERSIAN_TO_ASCII))) == number


@given(st.text(alphabet=st.characters(exclude_categories=["Nd"])))
def test_text_without_digits_is_unchanged(text):
    assert i18n.persian_digits(text) == text


@pytest.mark.parametrize(("language", "expected"), [("en", "2026"), ("fa", "۲۰۲۶")])
def test_digits_filter_follows_the_reader_language(language, expected):
    with translation.override(language):
        assert Template("{% load civic %}{{ 2026|digits }}").render(Context()) == expected


def test_showdate_in_english_is_gregorian_with_a_machine_readable_value():
    with translation.override("en"):
        html = Template("{% load civic %}{% showdate value %}").render(
            Context({"value": dt.date(2026, 11, 25)})
        )
    assert html == '<time datetime="2026-11-25">Nov. 25, 2026</time>'


def test_showdate_in_persian_puts_jalali_beside_gregorian():
    with translation.override("fa"):
        html = Template("{% load civic %}{% showdate value %}").render(
            Context({"value": dt.date(2026, 11, 25)})
        )
    assert html.startswith('<time datetime="2026-11-25">۴ آذر ۱۴۰۵ (')
    assert "2026" not in html.split(">", 1)[1]


def test_showdate_with_time_in_persian_shows_the_local_time():
    value = dt.datetime(2026, 11, 25, 8, 5, tzinfo=dt.UTC)
    with translation.override("fa"):
        html = Template("{% load civic %}{% showdate value True %}").render(
            Context({"value": value})
        )
    assert "۴ آذر ۱۴۰۵، ۰۸:۰۵" in html  # noqa: RUF001


def test_showdate_of_nothing_is_empty():
    assert Template("{% load civic %}{% showdate None %}").render(Context()) == ""
