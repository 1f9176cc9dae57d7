"""Anonymised statistics: the one rule for how small a group may be before it is hidden.

A figure about fewer than `MINIMUM_GROUP_SIZE` pharmacies could identify one of them (a
département with a single pharmacy shows that pharmacy's own scores), so such groups are
left out of every national statistic and export.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.utils.crypto import salted_hmac

MINIMUM_GROUP_SIZE = 5

Row = TypeVar("Row")


def is_publishable(pharmacy_count: int | None) -> bool:
    return (pharmacy_count or 0) >= MINIMUM_GROUP_SIZE


def publishable(rows: Iterable[Row], count: Callable[[Row], int | None]) -> tuple[list[Row], int]:
    """The rows whose group is large enough, and how many groups were hidden."""
    shown, hidden = [], 0
    for row in rows:
        if is_publishable(count(row)):
            shown.append(row)
        else:
            hidden += 1
    return shown, hidden


def pseudonym(kind: str, pk: int) -> str:
    """A stable pseudonym for an object in anonymised exports ("OFF-3FA2C1D9E0").

    Keyed by the SECRET_KEY: the same pharmacy gets the same pseudonym in every export (so
    years can be compared), and nobody without the key can go back from it to the pharmacy.
    """
    digest = salted_hmac(f"portal.rules.anonymity.{kind}", str(pk), algorithm="sha256").hexdigest()
    return f"{kind[:3].upper()}-{digest[:10].upper()}"
