"""GIFT, the Moodle plain-text question format: pure functions, no database.

`parse_gift(text)` gives one `ParsedQuestion` per question of the file (with its line number, and
its errors instead of data when it cannot be read); `export_gift(questions)` writes questions back,
so that an export imported again gives the same questions.

Read as Moodle documents it: single and multiple choice with weights (`%50%`, `%-100%`) and
per-answer feedback (`#…`), true/false with its two feedbacks (`{T#if wrong#if right}`), short answer
(weights, the `*` wildcard), numerical (`{#3.5:0.1}`, ranges `{#3..4}`, several weighted answers, the
wrong-answer feedback `~#…`), matching (`{=DP -> Dossier pharmaceutique = -> a distractor}`), missing
word (answers inside the text: `Le {=DP ~DMP} garde les vaccins.`), essay (`{}`), description (no
braces), question names (`::name::`), general feedback (`####`), format markers (`[html]`, `[plain]`,
`[markdown]`, `[moodle]`, read then removed, in the text, the answers and the feedback), comments and
categories (`$CATEGORY:`) mapped to chapters. GIFT has no ordering nor cloze question: the export
writes a comment in their place, saying so. Each kind writes its own answers (`quizzes.kinds`).
"""

from __future__ import annotations

import html
import re

from django.utils.translation import gettext as _

from quizzes.kinds import kind_for
from quizzes.kinds.answers import BLANK as BLANK_PATTERN
from quizzes.kinds.answers import parse_number
from quizzes.kinds.gifttext import escape, one_line
from quizzes.parsed import DEFAULT_CHAPTER, ParsedQuestion

ESCAPABLE = "~=#{}:\\"
# Escaped characters are swapped for private-use code points while the structure is parsed.
_PLACEHOLDERS = {char: chr(0xE000 + index) for index, char in enumerate(ESCAPABLE)}
_RESTORE = {value: key for key, value in _PLACEHOLDERS.items()}
BLANK = "_____"
TRUE_WORDS = {"t", "true", "vrai"}
FALSE_WORDS = {"f", "false", "faux"}
FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.I)
WEIGHT = re.compile(r"^%(-?\d+(?:[.,]\d+)?)%")

__all__ = ["DEFAULT_CHAPTER", "ParsedQuestion", "escape", "export_gift", "export_question", "parse_gift"]


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


def _formatted(text: str, default_html: bool = False) -> tuple[str, bool]:
    """A format marker read and removed: `[html]` and `[moodle]` are HTML, `[plain]` and `[markdown]`
    plain text (shown as written)."""
    match = FORMAT.match(text)
    if not match:
        return text, default_html
    return text[match.end():], match.group(1).lower() in ("html", "moodle")


def _clean(text: str) -> str:
    """An answer or a feedback: its format marker removed, escapes restored, as plain text."""
    text, is_html = _formatted(_restore(text))
    text = text.strip()
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split()) if is_html else text


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
    source, is_html = _formatted(source)
    question.is_html = is_html
    opening, closing = source.find("{"), source.rfind("}")
    if opening < 0 and closing < 0:  # no answers: a description, shown and never graded
        question.kind, question.text = "description", _to_html(_restore(source), is_html)
        if not question.text:
            raise ValueError(_("L'énoncé est vide."))
        return
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
    general, general_html = _formatted(_restore(general), is_html)
    question.explanation = _to_html(general, general_html) if general.strip() else ""
    _parse_answers(body.strip(), question)
    if has_blank and question.kind in ("short", "single", "multiple") and not question.weighted:
        _as_missing_word(question)
    question.simplify_answers()


def _as_missing_word(question: ParsedQuestion) -> None:
    """Answers inside the text: the right ones are accepted, the wrong ones offered with them."""
    if question.kind != "short":
        question.accepted = [text for text, ok in question.choices if ok]
        question.choices = [(text, False) for text, ok in question.choices if not ok]
        question.fractions = [None] * len(question.choices)
        question.feedbacks = [""] * len(question.choices)
    question.kind = "missing_word"


def _parse_answers(body: str, question: ParsedQuestion) -> None:
    if not body:
        question.kind = "essay"  # `{}`: the student writes, then grades themselves
        return
    if body.startswith("#"):
        _parse_numbers(body[1:], question)
        return
    if "->" in body:
        _parse_pairs(body, question)
        return
    word, *notes = body.split("#")
    if word.strip().lower() in TRUE_WORDS | FALSE_WORDS and not re.search(r"[=~]", body):
        _parse_true_false(word.strip().lower() in TRUE_WORDS, notes, question)
        return
    answers = re.findall(r"([=~])\s*([^=~]*)", body)
    if not answers:
        raise ValueError(_("Réponses illisibles : chaque réponse commence par = (juste) ou ~ (fausse)."))
    parsed = []
    for sign, raw in answers:
        raw, _sep, note = raw.partition("#")
        weight = None
        weight_match = WEIGHT.match(raw.strip())
        if weight_match:
            weight = float(weight_match.group(1).replace(",", ".")) / 100
            raw = raw.strip()[weight_match.end():]
        text = _clean(raw)
        if not text:
            raise ValueError(_("Une réponse est vide."))
        parsed.append((sign, text, weight, _clean(note)))
    _classify(parsed, question)


def _parse_true_false(is_true: bool, notes: list[str], question: ParsedQuestion) -> None:
    """`{T}`, `{TRUE#feedback if wrong#feedback if right}` (Moodle's order)."""
    wrong_note, right_note = ([_clean(note) for note in notes] + ["", ""])[:2]
    question.kind = "true_false"
    question.add_choice(_("Vrai"), is_true, feedback=right_note if is_true else wrong_note)
    question.add_choice(_("Faux"), not is_true, feedback=wrong_note if is_true else right_note)


def _parse_pairs(body: str, question: ParsedQuestion) -> None:
    """Matching: `=item -> match` for each pair; `= -> match` adds a wrong match (a distractor)."""
    for raw in re.findall(r"=([^=]*)", body):
        raw = raw.split("#", 1)[0]
        if "->" not in raw:
            raise ValueError(_("Question d'association : chaque paire s'écrit « =élément -> correspondance »."))
        left, right = raw.split("->", 1)
        question.pairs.append((_clean(left), _clean(right)))
    if not question.pairs or re.search(r"(^|\s)~", body):
        raise ValueError(_("Question d'association : chaque paire s'écrit « =élément -> correspondance »."))
    question.kind = "matching"


def _parse_numbers(body: str, question: ParsedQuestion) -> None:
    """`{#3.5:0.1}` (value and tolerance), `{#3.5}`, `{#3..4}` (a range), several weighted answers
    `{#=1822:0 =%50%1822:2}`, each with its feedback after `#`, and `~#…` for any other number."""
    question.kind = "numerical"
    body = body.strip()
    parts = re.findall(r"([=~])\s*([^=~]*)", body if body[:1] in "=~" else "=" + body)
    for sign, raw in parts:
        raw, _sep, note = raw.partition("#")
        note, raw = _clean(note), raw.strip()
        weight_match = WEIGHT.match(raw)
        fraction = 1.0 if sign == "=" else 0.0
        if weight_match:
            fraction, raw = float(weight_match.group(1).replace(",", ".")) / 100, raw[weight_match.end():].strip()
        if sign == "~" and not raw:  # the wrong-answer feedback
            question.add_answer("*", 0.0, note)
            continue
        value, tolerance = _number_and_tolerance(raw)
        if value is None or tolerance is None:
            raise ValueError(_("Question numérique : « %(body)s » n'est pas un nombre (écrivez {#3.5:0.1}).")
                             % {"body": _restore(raw)})
        question.add_number(value, tolerance, fraction, note)
    if question.number is None:
        raise ValueError(_("Question numérique : aucune réponse juste à 100 %."))


def _number_and_tolerance(raw: str) -> tuple[float | None, float | None]:
    if ".." in raw:
        low, high = (parse_number(part) for part in raw.split("..", 1))
        return (None, 0) if low is None or high is None else ((low + high) / 2, abs(high - low) / 2)
    raw_value, _sep, raw_tolerance = raw.partition(":")
    tolerance = parse_number(raw_tolerance) if raw_tolerance.strip() else 0
    return parse_number(raw_value), None if tolerance is None else abs(tolerance)


def _classify(parsed, question: ParsedQuestion) -> None:
    """All answers `=`: a short answer (each a weight, `*` any text); otherwise choices, multiple when
    more than one answer earns a positive weight."""
    if all(sign == "=" for sign, _text, _weight, _note in parsed):
        question.kind = "short"
        for _sign, text, weight, note in parsed:
            question.add_answer(text, 1.0 if weight is None else weight, note)
        return
    fractions = [(1.0 if sign == "=" else 0.0) if weight is None else weight for sign, _text, weight, _note in parsed]
    weighted = any(weight is not None for _sign, _text, weight, _note in parsed)
    positive = sum(1 for fraction in fractions if fraction > 0)
    question.kind = "multiple" if positive > 1 else "single"
    question.weighted = weighted
    for (_sign, text, _weight, note), fraction in zip(parsed, fractions, strict=True):
        is_correct = fraction >= 1 - 1e-9 if question.kind == "single" else fraction > 0
        question.add_choice(text, is_correct, fraction if weighted else None, note)


# --- Export ----------------------------------------------------------------------------------

def export_question(question) -> str:
    """One question (a `quizzes.models.Question` with its choices) as GIFT, its answers written by its
    kind; a kind GIFT cannot say (ordering, cloze) becomes a comment that says so."""
    rules = kind_for(question.kind)
    choices = list(question.choices.all())
    body = rules.gift_body(question, choices) if rules.gift_braces else ""
    if body is None:
        return "// " + _("Question non exportée (%(kind)s) : le format GIFT ne sait pas l'écrire ; utilisez "
                         "l'export Moodle XML. « %(title)s »") % {"kind": question.get_kind_display().lower(),
                                                                   "title": one_line(question.text)}
    head = f"::{escape(question.name)}::" if getattr(question, "name", "") else ""
    if not rules.gift_braces:
        return f"{head}[html]{escape(question.text)}"
    if question.explanation:
        body += f" ####[html]{escape(question.explanation)}"
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
