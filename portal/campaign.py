"""The remuneration campaign calendar, shared by the dashboard and the registers."""

import datetime


def campaign_year(today: datetime.date) -> int:
    """The remuneration year being worked on: until 28 February, last year's attestation
    is still to be sent, so January and February belong to the previous campaign."""
    return today.year - 1 if today.month <= 2 else today.year
