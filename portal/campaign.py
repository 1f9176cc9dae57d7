"""The remuneration campaign calendar: one place for its year and its deadlines.

Read by the dashboard checklist, the reminders and the registers (programme criterion).
"""

import calendar
import datetime

from django.utils.formats import date_format


def campaign_year(today: datetime.date) -> int:
    """The remuneration year being worked on: until the end of February, last year's
    attestation is still to be sent, so January and February belong to the previous campaign."""
    return today.year - 1 if today.month <= 2 else today.year


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


def short_date(day: datetime.date) -> str:
    """"28 février", in the active language (the year is said elsewhere)."""
    return date_format(day, "j F")


def assessment_is_open(year: int, today: datetime.date) -> bool:
    """A submitted self-assessment of `year` may be reopened until its deadline, then it is final."""
    return today <= assessment_deadline(year)
