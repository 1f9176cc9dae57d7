"""The remuneration campaign calendar: one place for its years, its deadlines and reminder dates.

The campaign of year N: the self-assessment of N is submitted by 31 December of N, its attestation
sent by the end of February of N+1. So in January and February two years are at work: the
campaign (`campaign_year`, the attestation still to send) is last year's, while the questionnaire
offered (`questionnaire_year`) is this year's, last year's being closed.

Read by the dashboard checklist, the self-assessment pages, the reminders and the registers
(programme criterion). Every label giving one of these dates prints it from here (`short_date`).
"""

import calendar
import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext


def campaign_year(today: datetime.date) -> int:
    """The remuneration year being worked on: until the end of February, last year's
    attestation is still to be sent, so January and February belong to the previous campaign."""
    return today.year - 1 if today.month <= 2 else today.year


def questionnaire_year(today: datetime.date) -> int:
    """The year of the questionnaire a pharmacy fills on `today`: the calendar year, since the
    self-assessment of a year closes on its 31 December (`assessment_is_open`), even in January
    and February, when the campaign is still last year's."""
    return today.year


def assessment_deadline(year: int) -> datetime.date:
    """The self-assessment of `year` is submitted by 31 December of that year."""
    return datetime.date(year, 12, 31)


def attestation_deadline(year: int) -> datetime.date:
    """The attestation of `year` is sent by the last day of February of the next year
    (29 February in leap years)."""
    return datetime.date(year + 1, 2, calendar.monthrange(year + 1, 2)[1])


def attestation_period(year: int) -> tuple[datetime.date, datetime.date]:
    """When the reminders about the attestation of `year` are due: February of the next year."""
    return datetime.date(year + 1, 2, 1), attestation_deadline(year)


def assessment_reminder_dates(year: int) -> tuple[datetime.date, datetime.date]:
    """When a self-assessment of `year` not yet submitted is reminded: 1 December, again 15 December."""
    return datetime.date(year, 12, 1), datetime.date(year, 12, 15)


def assessment_reminder_due(today: datetime.date) -> datetime.date | None:
    """The latest self-assessment reminder date reached on `today` (in its year), if any."""
    reached = [day for day in assessment_reminder_dates(questionnaire_year(today)) if day <= today]
    return reached[-1] if reached else None


def short_date(day: datetime.date) -> str:
    """"28 février", "1er décembre", in the active language (the year is said elsewhere)."""
    if day.day == 1:
        return pgettext("first day of a month", "1er %(month)s") % {"month": date_format(day, "F")}
    return date_format(day, "j F")


def medium_date(moment) -> str:
    """"4 déc. 2026" ("4 Dec. 2026" in English): a day with its year, short, in the active language.

    A datetime is read in the local time zone. The portal's template filter `medium_date` prints this.
    """
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return date_format(moment, "j N Y")


def assessment_is_open(year: int, today: datetime.date) -> bool:
    """A submitted self-assessment of `year` may be reopened until its deadline, then it is final."""
    return today <= assessment_deadline(year)
