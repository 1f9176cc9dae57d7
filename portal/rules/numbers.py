"""How the portal turns counts into percentages: one rounding everywhere (half up).

Python's `round()` rounds half to even (12.5 → 12), so 1 answer of 8 would show 12 % in one
place and 13 % in another; every percentage shown goes through here instead.
"""

import math

from django.utils.formats import number_format
from django.utils.translation import gettext


def percent(part: int | float, whole: int | float) -> int | None:
    """Whole percentage of `part` over `whole`, rounded half up; None when `whole` is 0
    (nothing counts: e.g. a theme answered entirely "Non concerné")."""
    if not whole:
        return None
    if isinstance(part, int) and isinstance(whole, int):
        return (200 * part + whole) // (2 * whole)  # exact, no float
    return round_half_up(100 * part / whole)


def round_half_up(value: float) -> int:
    """12.5 → 13, 12.49 → 12 (an average of percentages, say)."""
    return math.floor(value + 0.5)


def file_size(size) -> str:
    """A size in bytes as French readers write it: "850 octets", "12 Ko", "1,3 Mo" (decimal units,
    not Django's "Kio"); "KB"/"MB" in English."""
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    if size < 1000:
        return gettext("%(size)s octets") % {"size": size}
    if size < 1000**2:
        return gettext("%(size)s Ko") % {"size": round_half_up(size / 1000)}
    if size < 1000**3:
        return gettext("%(size)s Mo") % {"size": number_format(size / 1000**2, 1)}
    return gettext("%(size)s Go") % {"size": number_format(size / 1000**3, 1)}
