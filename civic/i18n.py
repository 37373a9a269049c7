"""Dates and digits as Persian readers expect them: Jalali beside Gregorian, Persian digits."""

from datetime import date, datetime

import jdatetime
from django.utils import formats, timezone, translation

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
JALALI_MONTHS_FA = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]


def uses_persian(language: str | None = None) -> bool:
    return (language or translation.get_language() or "en").split("-")[0] == "fa"


def persian_digits(value: object) -> str:
    return str(value).translate(PERSIAN_DIGITS)


def localize_digits(value: object, language: str | None = None) -> str:
    text = str(value)
    return persian_digits(text) if uses_persian(language) else text


def jalali_date(value: date | datetime) -> str:
    """'4 Āzar 1405' in Persian words and digits, e.g. '۴ آذر ۱۴۰۵'."""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    j = jdatetime.date.fromgregorian(date=value)
    return persian_digits(f"{j.day} {JALALI_MONTHS_FA[j.month - 1]} {j.year}")


def display_date(value: date | datetime | None, with_time: bool = False) -> str:
    """A date for the current reader: Gregorian, with Jalali beside it in Persian."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    gregorian = formats.date_format(value, "DATETIME_FORMAT" if with_time else "DATE_FORMAT")
    if not uses_persian():
        return gregorian
    jalali = jalali_date(value)
    if with_time and isinstance(value, datetime):
        jalali = f"{jalali}، {persian_digits(value.strftime('%H:%M'))}"
    return f"{jalali} ({persian_digits(gregorian)})"
