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


# French readers write 421 809 and 23,1: a narrow no-break space between thousands (it never
# wraps), a comma before decimals; English readers 421,809 and 23.1. Every count or rate shown
# goes through `count` / `decimal` (templates: `{{ n|count }}`, `{{ rate|decimal }}`; the library
# is a builtin: portal/rules/number_tags.py). Never in a value read back by a form or a URL.
THOUSANDS_SEPARATOR = {"fr": "\u202f", "en": ","}
DECIMAL_SEPARATOR = {"fr": ",", "en": "."}


def _separators() -> tuple[str, str]:
    from django.utils.translation import get_language

    language = (get_language() or "fr")[:2]
    return THOUSANDS_SEPARATOR.get(language, "\u202f"), DECIMAL_SEPARATOR.get(language, ",")


def count(value) -> str:
    """A whole number with its thousands grouped: 421809 → "421 809" (narrow no-break space)."""
    if value is None or value == "":
        return ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    thousands, _decimal = _separators()
    return f"{number:,}".replace(",", thousands)


def decimal(value, places: int = 1) -> str:
    """A decimal number rounded half up to `places` (23.14 → "23,1"), thousands grouped."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    scale = 10**places
    rounded = math.floor(abs(number) * scale + 0.5) / scale
    thousands, decimal_mark = _separators()
    text = f"{rounded:,.{places}f}".replace(",", "\x00").replace(".", decimal_mark).replace("\x00", thousands)
    return f"-{text}" if number < 0 and rounded else text


def share(part: int | float, whole: int | float, places: int = 1) -> float | None:
    """A percentage with `places` decimals, rounded half up (a distribution beside a study's
    "51.3 %"); None when `whole` is 0."""
    if not whole:
        return None
    scale = 10**places
    return math.floor(100 * part / whole * scale + 0.5) / scale
