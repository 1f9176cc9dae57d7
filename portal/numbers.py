"""How the portal turns counts into percentages: one rounding everywhere (half up).

Python's `round()` rounds half to even (12.5 → 12), so 1 answer of 8 would show 12 % in one
place and 13 % in another; every percentage shown goes through here instead.
"""

import math


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
