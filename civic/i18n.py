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


def zone_label(value: datetime) -> str:
    """The site's time zone at `value`, e.g. 'UTC', 'CET, UTC+1', 'UTC+3:30' (TIME_ZONE)."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    zone = timezone.get_current_timezone()
    offset = (local.utcoffset() if timezone.is_aware(local) else zone.utcoffset(local)) or None
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    utc = f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    name = local.tzname() if timezone.is_aware(local) else zone.tzname(local)
    # zoneinfo names zones without an abbreviation by their offset ("+0330"): say it once.
    if not name or not name.isalpha() or name == "UTC":
        return "UTC" if minutes == 0 else utc
    return f"{name}, {utc}"


def display_date(value: date | datetime | None, with_time: bool = False) -> str:
    """A date for the current reader: Gregorian, with Jalali beside it in Persian.

    With the time, the site's time zone is stated too, so a reader elsewhere is never hours
    off: 'Dec. 1, 2026, 5 p.m. (CET, UTC+1)'.
    """
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    timed = with_time and isinstance(value, datetime)
    gregorian = formats.date_format(value, "DATETIME_FORMAT" if timed else "DATE_FORMAT")
    if not uses_persian():
        return f"{gregorian} ({zone_label(value)})" if timed else gregorian
    jalali = jalali_date(value)
    if not timed:
        return f"{jalali} ({persian_digits(gregorian)})"
    # The zone is isolated (LRI ... PDI) so 'UTC+3:30' keeps its order inside Persian text.
    zone = persian_digits(zone_label(value))
    time = persian_digits(value.strftime("%H:%M"))
    day = persian_digits(formats.date_format(value, "DATE_FORMAT"))
    return f"{jalali}، {time} به وقت \u2066{zone}\u2069 ({day})"
