"""Cloze (Moodle's embedded answers): the text carries its gaps, `{1:MULTICHOICE:=right~wrong}`,
`{1:SHORTANSWER:=word#feedback}`, `{2:NUMERICAL:=3.5:0.1}`; each gap is graded alone (its answers'
weights), the question's grade is the gaps' weighted mean, right when every gap earns its full mark."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from quizzes.kinds.answers import FULL_MARK, capped, format_number, matches_pattern, parse_number
from quizzes.kinds.base import QuestionKind
from quizzes.kinds.free import numeric_range
from quizzes.kinds.registry import register

GAP = re.compile(r"\{(\d*):([A-Z_]+):((?:\\.|[^}\\])*)\}")
TYPES = {
    "MULTICHOICE": "choice", "MC": "choice", "MULTICHOICE_V": "choice", "MCV": "choice", "MULTICHOICE_H": "choice",
    "MCH": "choice", "MULTICHOICE_S": "choice", "MCS": "choice", "MULTICHOICE_VS": "choice", "MCVS": "choice",
    "MULTICHOICE_HS": "choice", "MCHS": "choice",
    "SHORTANSWER": "short", "SA": "short", "MW": "short", "SHORTANSWER_C": "short", "SAC": "short", "MWC": "short",
    "NUMERICAL": "numerical", "NM": "numerical",
}
SEPARATOR = "\x1f"  # between the gaps' answers in the stored response


@dataclass
class Gap:
    """One embedded sub-question: its type, weight and answers (text, fraction, feedback)."""

    number: int
    type: str
    weight: int = 1
    answers: list[tuple[str, float, str]] = field(default_factory=list)

    def matched(self, given: str):
        for text, fraction, feedback in self.answers:
            if self.matches(text, given):
                return text, fraction, feedback
        return None

    def matches(self, pattern: str, given: str) -> bool:
        if self.type == "choice":
            return pattern == given
        if self.type == "numerical":
            value = parse_number(given)
            if pattern.strip() == "*":
                return value is not None
            bounds = numeric_range(pattern)
            return value is not None and bounds is not None and bounds[0] - 1e-9 <= value <= bounds[1] + 1e-9
        return matches_pattern(given, pattern)

    def score(self, given: str) -> float:
        found = self.matched(given) if given.strip() else None
        return capped(found[1]) if found else 0.0

    @property
    def right_answer(self) -> str:
        best = max(self.answers, key=lambda answer: answer[1], default=("", 0, ""))[0]
        bounds = numeric_range(best) if self.type == "numerical" else None
        if bounds is None:
            return best
        middle, gap = (bounds[0] + bounds[1]) / 2, (bounds[1] - bounds[0]) / 2
        return f"{format_number(middle)} (± {format_number(gap)})" if gap else format_number(middle)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).strip()


def parse_gap(number: int, match) -> Gap:
    """A gap's answers, or ValueError with a French message naming it."""
    weight, code, body = match.group(1), match.group(2), match.group(3)
    kind = TYPES.get(code)
    if kind is None:
        raise ValueError(_("Trou %(n)s : type « %(type)s » non pris en charge (MULTICHOICE, SHORTANSWER ou "
                           "NUMERICAL).") % {"n": number, "type": code})
    gap = Gap(number=number, type=kind, weight=int(weight) if weight else 1)
    for raw in re.split(r"(?<!\\)~", body):
        raw = raw.strip()
        fraction = 0.0
        if raw.startswith("="):
            fraction, raw = 1.0, raw[1:]
        elif re.match(r"^%-?\d+(\.\d+)?%", raw):
            value, raw = raw[1:].split("%", 1)
            fraction = float(value) / 100
        pieces = re.split(r"(?<!\\)#", raw, maxsplit=1)
        text, feedback = _unescape(pieces[0]), pieces[1] if len(pieces) > 1 else ""
        if text:
            gap.answers.append((text, fraction, _unescape(feedback)))
    if not any(fraction >= FULL_MARK for _text, fraction, _note in gap.answers):
        raise ValueError(_("Trou %(n)s : aucune réponse juste (marquée = ou %%100%%).") % {"n": number})
    if kind == "numerical" and any(numeric_range(text) is None and text != "*" for text, _f, _n in gap.answers):
        raise ValueError(_("Trou %(n)s : une réponse numérique n'est pas un nombre.") % {"n": number})
    return gap


def gaps(text: str) -> list[Gap]:
    return [parse_gap(number, match) for number, match in enumerate(GAP.finditer(text or ""), start=1)]


def split_answers(text: str, count: int) -> list[str]:
    given = (text or "").split(SEPARATOR)
    return (given + [""] * count)[:count]


@register
class Cloze(QuestionKind):
    value = "cloze"
    free_answer = True
    stores_choices = False
    answer_template = "quizzes/kinds/cloze.html"
    correction_template = "quizzes/kinds/correction_cloze.html"
    moodle_type = "cloze"
    moodle_types = ("cloze",)

    def answer_errors(self, choices=(), accepted=(), number=None, pairs=(), text=None):
        try:
            found = gaps(text)
        except ValueError as error:
            return {"text": str(error)}
        if not found:
            return {"text": _("Une question à trous contient au moins un trou, par exemple {1:SHORTANSWER:=DP}.")}
        return {}

    def read_text(self, question, data) -> str:
        count = len(gaps(question.text))
        return SEPARATOR.join(str(data.get(f"gap-{n}", "")).replace(SEPARATOR, " ")[:200] for n in range(1, count + 1))

    def response_error(self, question, choice_ids=(), text="", arrangement=None):
        if not any(part.strip() for part in (text or "").split(SEPARATOR)):
            return _("Complétez au moins un trou.")
        return ""

    def score(self, question, choice_ids=(), text="", arrangement=None):
        found = gaps(question.text)
        given = split_answers(text, len(found))
        total = sum(gap.weight for gap in found) or 1
        earned = sum(gap.weight * gap.score(answer) for gap, answer in zip(found, given, strict=True))
        return earned / total, " | ".join(answer.strip() for answer in given)[:200]

    def answer_context(self, question, session, choices, arrangement=None):
        """The text cut at its gaps: ("html", fragment) and ("gap", Gap, its choices shuffled) parts."""
        parts, last = [], 0
        for gap, match in zip(gaps(question.text), GAP.finditer(question.text), strict=True):
            parts.append(("html", mark_safe(question.text[last:match.start()]), None))  # noqa: S308 (sanitized on save)
            options = [text for text, _f, _n in gap.answers] if gap.type == "choice" else []
            parts.append(("gap", gap, options))
            last = match.end()
        parts.append(("html", mark_safe(question.text[last:]), None))  # noqa: S308 (sanitized on save)
        return {"cloze_parts": parts}

    def correction_rows(self, question, attempt) -> list[dict]:
        found = gaps(question.text)
        given = split_answers(attempt.response_text, len(found))
        rows = []
        for gap, answer in zip(found, given, strict=True):
            matched = gap.matched(answer) if answer.strip() else None
            rows.append({"number": gap.number, "given": answer, "right": gap.score(answer) >= FULL_MARK,
                         "score": round(100 * gap.score(answer)), "expected": gap.right_answer,
                         "feedback": matched[2] if matched else ""})
        return rows

    def display_text(self, question):
        """The gaps numbered, their answers hidden: « Le [1] garde les vaccins. »."""
        count = iter(range(1, 1000))
        return GAP.sub(lambda _match: f"[{next(count)}]", question.text)

    def response_display(self, question, key):
        return key

    def correct_answer_display(self, question):
        return " | ".join(gap.right_answer for gap in gaps(question.text))

    def gift_body(self, question, choices):
        return None  # GIFT has no cloze: Moodle XML only

    def write_moodle(self, element, question, choices):
        return None  # the gaps are in the question text

    def read_moodle(self, element, parsed, reader):
        parsed.kind = "cloze"
