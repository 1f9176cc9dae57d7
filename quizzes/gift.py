"""GIFT, the Moodle plain-text question format: pure functions, no database.

`parse_gift(text)` gives one `ParsedQuestion` per question of the file (with its line number, and
its errors instead of data when it cannot be read); `export_gift(questions)` writes questions back,
so that an export imported again gives the same questions.

Supported: single and multiple choice (with weights), true/false, short answer, numerical
(`{#3.5:0.1}`, ranges), matching (`{=DP -> Dossier pharmaceutique =DMP -> Dossier médical}`),
missing word (answers inside the text: `Le {=DP ~DMP} garde les vaccins.`), comments, question
names, general and per-answer feedback, and categories (`$CATEGORY:`) mapped to chapters. Essay
questions are reported as unsupported on their line, never dropped silently. GIFT has no ordering
question: the export writes a comment in its place, saying so.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portal.documents.sanitizer import to_text
from quizzes.models import BLANK as BLANK_PATTERN
from quizzes.models import parse_number

ESCAPABLE = "~=#{}:\\"
# Escaped characters are swapped for private-use code points while the structure is parsed.
_PLACEHOLDERS = {char: chr(0xE000 + index) for index, char in enumerate(ESCAPABLE)}
_RESTORE = {value: key for key, value in _PLACEHOLDERS.items()}
BLANK = "_____"
DEFAULT_CHAPTER = "Questions importées"
TRUE_WORDS = {"t", "true", "vrai"}
FALSE_WORDS = {"f", "false", "faux"}


@dataclass
class ParsedQuestion:
    """A question read from a file, before validation: the same shape for every import format."""

    line: int
    chapter: str = ""
    kind: str = ""
    text: str = ""
    name: str = ""
    choices: list[tuple[str, bool]] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # matching: (item, its match)
    number: float | None = None  # numerical questions: the right value, and the gap accepted
    tolerance: float = 0
    explanation: str = ""
    source: str = ""
    errors: list[str] = field(default_factory=list)
    # False when the parser built the HTML itself from escaped plain text (no sanitizing needed).
    is_html: bool = True
    weighted: bool = False  # GIFT answers with %weights%: a multiple choice even inside the text


def _unescape(match) -> str:
    char = match.group(1)
    if char == "n":
        return "\n"
    return _PLACEHOLDERS.get(char, match.group(0))


def _protect(text: str) -> str:
    return re.sub(r"\\(.)", _unescape, text)


def _restore(text: str) -> str:
    return "".join(_RESTORE.get(char, char) for char in text).strip()


def _blocks(text: str):
    """(first line number, lines) of each question or $CATEGORY, comments removed."""
    block, start = [], 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("//"):
            continue
        if not line.strip():
            if block:
                yield start, block
            block = []
            continue
        if not block:
            start = number
        block.append(line)
    if block:
        yield start, block


def _category(line: str) -> str:
    path = line.split(":", 1)[1].strip()
    path = re.sub(r"^\$(course|system|module)\$/?", "", path)
    parts = [part.strip() for part in path.split("/") if part.strip() and part.strip() != "top"]
    return parts[-1] if parts else DEFAULT_CHAPTER


def _to_html(text: str, is_html: bool) -> str:
    text = text.strip()
    if is_html:
        return text
    return "".join(f"<p>{html.escape(paragraph.strip(), quote=False)}</p>" for paragraph in text.split("\n\n") if paragraph.strip())


def parse_gift(text: str) -> list[ParsedQuestion]:
    """Every question of a GIFT file, in order, each with its line number and errors."""
    questions, chapter = [], DEFAULT_CHAPTER
    for line, lines in _blocks(_protect(text)):
        if lines[0].strip().upper().startswith("$CATEGORY:"):
            chapter = _restore(_category(lines[0]))
            lines, line = lines[1:], line + 1
            if not lines:
                continue
        question = ParsedQuestion(line=line, chapter=chapter)
        try:
            _parse_question("\n".join(lines), question)
        except ValueError as error:
            question.errors.append(str(error))
        questions.append(question)
    return questions


def _parse_question(source: str, question: ParsedQuestion) -> None:
    source = source.strip()
    name_match = re.match(r"^::(.*?)::", source, re.S)
    if name_match:
        question.name = _restore(name_match.group(1))
        source = source[name_match.end():].lstrip()
    is_html = False
    format_match = re.match(r"^\[(html|moodle|plain|markdown)\]", source)
    if format_match:
        is_html = format_match.group(1) == "html"
        source = source[format_match.end():]
    question.is_html = is_html
    opening, closing = source.find("{"), source.rfind("}")
    if opening < 0 or closing < opening:
        raise ValueError(_("Accolades { } manquantes ou non fermées autour des réponses."))
    if source.count("{") > 1 or source.count("}") > 1:
        raise ValueError(_("Une seule paire d'accolades par question (échappez les autres avec \\{ et \\})."))
    before, body, after = source[:opening], source[opening + 1:closing], source[closing + 1:]
    has_blank = bool(after.strip())
    if has_blank:
        # The spaces around the answers are kept around the blank ("Le {=DP} garde" → "Le _____ garde").
        space_before, space_after = " " * before[-1:].isspace(), " " * after[:1].isspace()
        question.text = _to_html(_restore(before) + space_before + BLANK + space_after + _restore(after), is_html)
    else:
        question.text = _to_html(_restore(before), is_html)
    if not question.text:
        raise ValueError(_("L'énoncé est vide."))
    body, general = (body.split("####", 1) + [""])[:2]
    question.explanation = _to_html(_restore(general), is_html) if general.strip() else ""
    _parse_answers(body.strip(), question)
    if has_blank and question.kind in ("short", "single", "multiple") and not question.weighted:
        _as_missing_word(question)


def _as_missing_word(question: ParsedQuestion) -> None:
    """Answers inside the text: the right ones are accepted, the wrong ones offered with them."""
    if question.kind != "short":
        question.accepted = [text for text, ok in question.choices if ok]
        question.choices = [(text, False) for text, ok in question.choices if not ok]
    question.kind = "missing_word"


def _parse_answers(body: str, question: ParsedQuestion) -> None:
    if not body:
        raise ValueError(_("Question ouverte (composition) : type non pris en charge."))
    if body.startswith("#"):
        _parse_number(body[1:], question)
        return
    if "->" in body:
        _parse_pairs(body, question)
        return
    word = body.split("#", 1)[0].strip().lower()
    if word in TRUE_WORDS | FALSE_WORDS and not re.search(r"[=~]", body):
        question.kind = "true_false"
        right = word in TRUE_WORDS
        question.choices = [(_("Vrai"), right), (_("Faux"), not right)]
        return
    answers = re.findall(r"([=~])\s*([^=~]*)", body)
    if not answers:
        raise ValueError(_("Réponses illisibles : chaque réponse commence par = (juste) ou ~ (fausse)."))
    feedback = []
    parsed = []
    for sign, raw in answers:
        raw, _sep, note = raw.partition("#")
        weight = None
        weight_match = re.match(r"^%(-?\d+(?:[.,]\d+)?)%", raw.strip())
        if weight_match:
            weight = float(weight_match.group(1).replace(",", "."))
            raw = raw.strip()[weight_match.end():]
        text = _restore(raw)
        if not text:
            raise ValueError(_("Une réponse est vide."))
        parsed.append((sign, text, weight))
        if note.strip():
            feedback.append(f"{text} : {_restore(note)}")
    _classify(parsed, question)
    if feedback:
        notes = "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in feedback)
        question.explanation += f"<ul>{notes}</ul>"


def _parse_pairs(body: str, question: ParsedQuestion) -> None:
    """Matching: `=item -> match` for each pair."""
    for raw in re.findall(r"=([^=]*)", body):
        raw = raw.split("#", 1)[0]
        if "->" not in raw:
            raise ValueError(_("Question d'association : chaque paire s'écrit « =élément -> correspondance »."))
        left, right = raw.split("->", 1)
        question.pairs.append((_restore(left), _restore(right)))
    if not question.pairs or re.search(r"(^|\s)~", body):
        raise ValueError(_("Question d'association : chaque paire s'écrit « =élément -> correspondance »."))
    question.kind = "matching"


def _parse_number(body: str, question: ParsedQuestion) -> None:
    """`{#3.5:0.1}` (value and tolerance), `{#3.5}` or `{#3..4}` (a range), feedback after `#`."""
    body, _sep, note = body.partition("#")
    body = body.strip().lstrip("=").strip()
    if ".." in body:
        low, high = (parse_number(part) for part in body.split("..", 1))
        value, tolerance = (None, 0) if low is None or high is None else ((low + high) / 2, abs(high - low) / 2)
    else:
        raw_value, _sep, raw_tolerance = body.partition(":")
        value, tolerance = parse_number(raw_value), parse_number(raw_tolerance) if raw_tolerance.strip() else 0
    if value is None or tolerance is None:
        raise ValueError(_("Question numérique : « %(body)s » n'est pas un nombre (écrivez {#3.5:0.1}).") % {"body": body})
    question.kind, question.number, question.tolerance = "numerical", value, tolerance
    if note.strip():
        question.explanation += f"<p>{html.escape(_restore(note), quote=False)}</p>"


def _classify(parsed, question: ParsedQuestion) -> None:
    if all(sign == "=" for sign, _text, _weight in parsed):
        question.kind = "short"
        question.accepted = [text for _sign, text, _weight in parsed]
        return
    if any(weight is not None for _sign, _text, weight in parsed):
        question.kind, question.weighted = "multiple", True
        question.choices = [(text, sign == "=" or (weight or 0) > 0) for sign, text, weight in parsed]
        return
    right = sum(1 for sign, _text, _weight in parsed if sign == "=")
    question.kind = "single" if right == 1 else "multiple"
    question.choices = [(text, sign == "=") for sign, text, _weight in parsed]


# --- Export ----------------------------------------------------------------------------------

def escape(text: str) -> str:
    return re.sub(r"([~=#{}:])", r"\\\1", text.replace("\\", "\\\\")).replace("\n", "\\n")


def _weight(count: int) -> str:
    value = f"{100 / count:.5f}".rstrip("0").rstrip(".")
    return f"%{value}%"


def _answers_body(question, choices) -> str:
    """The text between the braces, for each type."""
    kind = question.kind
    if kind in ("short", "missing_word"):
        wrong = [f"~{escape(c.text)}" for c in choices if not c.is_correct] if kind == "missing_word" else []
        return " ".join([f"={escape(answer)}" for answer in question.accepted_list()] + wrong)
    if kind == "numerical":
        return f"#{question.numeric_answer:g}:{question.numeric_tolerance:g}"
    return _choices_body(kind, choices)


def _choices_body(kind: str, choices) -> str:
    if kind == "matching":
        return " ".join(f"={escape(c.text)} -> {escape(c.match_text)}" for c in choices)
    if kind == "true_false":
        right = next((c for c in choices if c.is_correct), None)
        return "T" if right is None or right.text.strip().lower() in TRUE_WORDS else "F"
    if kind == "multiple":
        right = sum(1 for c in choices if c.is_correct) or 1
        return " ".join(f"~{_weight(right) if c.is_correct else '%-100%'}{escape(c.text)}" for c in choices)
    return " ".join(f"{'=' if c.is_correct else '~'}{escape(c.text)}" for c in choices)


def export_question(question) -> str:
    """One question (a `quizzes.models.Question` with its choices) as GIFT; an ordering question,
    which GIFT cannot say, becomes a comment that says so."""
    if question.kind == "ordering":
        title = " ".join(to_text(question.text).split())[:120]
        return "// " + _("Question non exportée (remise en ordre) : le format GIFT n'a pas de question à remettre "
                         "dans l'ordre ; utilisez l'export Moodle XML. « %(title)s »") % {"title": title}
    head = f"::{escape(question.name)}::" if getattr(question, "name", "") else ""
    body = _answers_body(question, list(question.choices.all()))
    if question.explanation:
        body += f" ####{escape(question.explanation)}"
    blank = BLANK_PATTERN.search(question.text) if question.kind == "missing_word" else None
    if blank:  # the answers take the blank's place in the text
        before, after = question.text[:blank.start()], question.text[blank.end():]
        return f"{head}[html]{escape(before)}{{{body}}}{escape(after)}"
    return f"{head}[html]{escape(question.text)} {{{body}}}"


def export_gift(questions) -> str:
    """Questions in chapter order, each chapter a `$CATEGORY`."""
    parts, chapter = [], None
    for question in questions:
        if question.chapter.title != chapter:
            chapter = question.chapter.title
            parts.append(f"$CATEGORY: {chapter.replace(chr(10), ' ')}\n")
        parts.append(export_question(question) + "\n")
    return "\n".join(parts)
