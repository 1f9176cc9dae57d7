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


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _abbreviated_month(value, language: str) -> str:
    if language.startswith("fr"):
        return FRENCH_MONTHS[value.month - 1]
    return date_format(value, "M")


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


@functools.cache
def _pattern(language: str, context: str, message: str) -> str:
    """One of this module's patterns, translated once per process and language (a list writes a
    date on each row)."""
    with translation.override(language):
        return pgettext(context, message)


def day(value) -> str:
    """"4 déc. 2026" for a date or a datetime (its Paris day); "" for nothing."""
    if not value:
        return ""
    return _day(_local(value), _language())


def _day(value, language: str) -> str:
    month = _abbreviated_month(value, language)
    if value.day == 1:
        return f'{_pattern(language, "first day of a month", "1er %(month)s") % {"month": month}} {value.year}'
    return f"{value.day} {month} {value.year}"


def day_time(value) -> str:
    """"4 déc. 2026 à 14:05"; a plain date gives its day alone."""
    if not value:
        return ""
    if not isinstance(value, datetime.datetime):
        return day(value)
    # Once: `_day` and the time read the local one (H:i is %H:%M in every language).
    value, language = _local(value), _language()
    return _pattern(language, "a date and a time", "%(day)s à %(time)s") % {"day": _day(value, language),
                                                                             "time": f"{value:%H:%M}"}
