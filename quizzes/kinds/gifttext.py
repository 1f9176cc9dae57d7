"""GIFT's text rules shared by the kinds' writers: escaping, `%weight%` prefixes, `#feedback`."""

import re

from portal.documents.sanitizer import to_text


def escape(text: str) -> str:
    return re.sub(r"([~=#{}:])", r"\\\1", (text or "").replace("\\", "\\\\")).replace("\n", "\\n")


def weight_prefix(fraction: float) -> str:
    """0.5 → "%50%", 1/3 → "%33.33333%" (Moodle writes its weights as percentages)."""
    value = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return f"%{value}%"


def feedback_suffix(feedback: str) -> str:
    return f"#{escape(feedback)}" if feedback else ""


def one_line(text: str, length: int = 120) -> str:
    return " ".join(to_text(text or "").split())[:length]
