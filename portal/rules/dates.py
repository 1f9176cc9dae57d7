"""How the portal writes a date: one rule for every page, e-mail, PDF and message.

"4 mars 2026", "1er avril 2026", "4 mars 2026 à 14:05" in French; "4 March 2026",
"4 March 2026 at 14:05" in English. Times are Paris time (the project's TIME_ZONE). Without
the year, `short_date` ("31 mars") serves the campaign calendar. Templates use the filters
`day` and `day_time` (`portal/pages/templatetags/builtins.py`, built into every template); machine dates
(`datetime` attributes, file names, spreadsheets' cells) keep ISO formats.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext


def short_date(day: datetime.date) -> str:
    """"28 mars", "1er avril", in the active language (the year is said elsewhere)."""
    if day.day == 1:
        return pgettext("first day of a month", "1er %(month)s") % {"month": date_format(day, "F")}
    return date_format(day, "j F")


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day(value) -> str:
    """"4 mars 2026" for a date or a datetime (its Paris day); "" for nothing."""
    if not value:
        return ""
    value = _local(value)
    return f"{short_date(value)} {value.year}"


def day_time(value) -> str:
    """"4 mars 2026 à 14:05"; a plain date gives its day alone."""
    if not value:
        return ""
    if not isinstance(value, datetime.datetime):
        return day(value)
    value = _local(value)
    return pgettext("a date and a time", "%(day)s à %(time)s") % {"day": day(value), "time": date_format(value, "H:i")}
