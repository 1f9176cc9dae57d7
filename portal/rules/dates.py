"""How the portal writes a date: one rule for every page, e-mail, PDF and message.

"4 déc. 2026", "1er avr. 2026", "4 déc. 2026 à 14:05" in French (the months abbreviated as
the Imprimerie nationale does: janv., févr., avr., juil., sept., oct., nov., déc.; the short
names stay whole); "4 Dec 2026", "4 Dec 2026 at 14:05" in English. Times are Paris time (the
project's TIME_ZONE). Inside a sentence without the year, `short_date` ("avant le 31 mai")
serves the campaign calendar's deadlines. Templates use the filters
`day` and `day_time` (`portal/pages/templatetags/builtins.py`, built into every template); machine dates
(`datetime` attributes, file names, spreadsheets' cells) keep ISO formats.
"""

import datetime
import functools

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext

# Django's own French abbreviations ("jan.", "fév.") are not the typographic ones.
FRENCH_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def short_date(day: datetime.date) -> str:
    """"28 mars", "1er avril", in the active language (the year is said elsewhere)."""
    if day.day == 1:
        return pgettext("first day of a month", "1er %(month)s") % {"month": date_format(day, "F")}
    return date_format(day, "j F")


@functools.cache
def _months(language: str) -> tuple[str, ...]:
    """The abbreviated months in `language`, once per process."""
    if language.startswith("fr"):
        return FRENCH_MONTHS
    with translation.override(language):
        return tuple(date_format(datetime.date(2000, month, 1), "M") for month in range(1, 13))


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


@functools.cache
def _pattern(language: str, context: str, message: str) -> str:
    """One of this module's patterns, translated once per process and language (a list writes a
    date on each row)."""
    with translation.override(language):
        return pgettext(context, message)


class DateWriter:
    """`day` and `day_time` in one language and time zone, the active ones when built: a list
    builds one and writes every row's date with it (reading the active language and time zone
    costs more than writing the date)."""

    __slots__ = ("language", "zone")

    def __init__(self):
        self.language, self.zone = _language(), timezone.get_current_timezone()

    def _local(self, value):
        if isinstance(value, datetime.datetime) and value.utcoffset() is not None:
            return value.astimezone(self.zone)
        return value

    def day(self, value) -> str:
        """"4 déc. 2026" for a date or a datetime (its Paris day); "" for nothing."""
        if not value:
            return ""
        return _day(self._local(value), self.language)

    def day_time(self, value) -> str:
        """"4 déc. 2026 à 14:05"; a plain date gives its day alone."""
        if not value:
            return ""
        if not isinstance(value, datetime.datetime):
            return self.day(value)
        value = self._local(value)  # once: the day and the time read the local one (H:i is %H:%M everywhere)
        return _pattern(self.language, "a date and a time", "%(day)s à %(time)s") % {
            "day": _day(value, self.language), "time": f"{value:%H:%M}"}


def day(value) -> str:
    """One value's `DateWriter.day` (the `day` filter)."""
    return DateWriter().day(value) if value else ""


def day_time(value) -> str:
    """One value's `DateWriter.day_time` (the `day_time` filter)."""
    return DateWriter().day_time(value) if value else ""


def _day(value, language: str) -> str:
    month = _months(language)[value.month - 1]
    if value.day == 1:
        return f'{_pattern(language, "first day of a month", "1er %(month)s") % {"month": month}} {value.year}'
    return f"{value.day} {month} {value.year}"
