"""How typed answers are read and compared, shared by every kind: numbers as people type them,
answers compared without case, accents or extra spaces, Moodle's `*` wildcard, stable shuffles."""

import random
import re
import unicodedata

NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
BLANK = re.compile(r"_{3,}")
# A grade is a fraction of the question's mark; a response is right when it earns the full mark.
FULL_MARK = 1 - 1e-9


def parse_number(text) -> float | None:
    """A number as people type it: "3,5", "3.5", " 1 000 " (None when it is not a number)."""
    cleaned = "".join(str(text or "").split()).replace("\u202f", "")
    if not NUMBER.match(cleaned):
        return None
    return float(cleaned.replace(",", "."))


def format_number(value: float) -> str:
    """3.5 → "3,5", 4.0 → "4" (French decimal comma)."""
    return f"{value:g}".replace(".", ",")


def normalize_answer(text: str) -> str:
    """Free answers are compared without case, accents or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_accents.casefold().split())


def matches_pattern(given: str, pattern: str) -> bool:
    """Moodle's short-answer rule: `*` stands for any characters (a lone `*` for any answer); the
    rest is compared as `normalize_answer` does. Both sides are normalized first."""
    given, pattern = normalize_answer(given), normalize_answer(pattern)
    if "*" not in pattern:
        return given == pattern
    regex = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.fullmatch(regex, given, re.S) is not None


def capped(total: float) -> float:
    """Moodle's sum of weights: the chosen answers' fractions added, kept between 0 and the full mark."""
    return min(1.0, max(0.0, total))


def stable_shuffle(items: list, session, salt) -> list:
    """The same order for the same session (reloads, the correction), another for the next one."""
    items = list(items)
    if session is not None:
        random.Random(f"{session.pk}:{salt}").shuffle(items)
    return items
