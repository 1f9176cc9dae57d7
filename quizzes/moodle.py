"""Moodle XML, the question bank format of Moodle: pure functions, no database.

`parse_moodle_xml(text)` gives one `quizzes.gift.ParsedQuestion` per question (the same shape as
every import format), `export_moodle_xml(questions)` writes questions back so that an export
imported again gives the same questions.

The file is parsed with defusedxml, DTDs refused: an XML file can declare entities that expand to
gigabytes ("billion laughs") or read files of the server (external entities); a Moodle export
never needs either, so any `<!DOCTYPE>` is refused with a clear message.

Mapping: `category` → chapter (last part of the path), `multichoice` (single or multiple, right
answers by fraction), `truefalse`, `shortanswer` (answers at 100 %; with a blank « _____ » in the
text it is a missing word, its answers at 0 % the wrong words offered), `numerical` (value and
tolerance), `matching` (subquestions), `ordering` (the qtype_ordering plugin: answers in the right
order); `generalfeedback` and each answer's feedback → explanation. Other types (essay, cloze,
drag and drop…) are reported on their line, never dropped silently.
"""

from __future__ import annotations

import html
import re
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from django.utils.translation import gettext as _

from portal.documents.imports import ImportFileError
from portal.documents.sanitizer import to_text
from quizzes.gift import DEFAULT_CHAPTER, ParsedQuestion, _to_html
from quizzes.models import BLANK, parse_number

TRUE_WORDS = {"true", "vrai", "1"}


def _text(element, path: str = "text") -> str:
    found = element.find(path) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def _formatted(element) -> tuple[str, bool]:
    """The text of a `<questiontext>`-like element and whether it is HTML."""
    if element is None:
        return "", False
    return _text(element), element.get("format", "html") == "html"


def _plain(element) -> str:
    """An answer's text as plain text (Moodle often wraps answers in <p>)."""
    text, is_html = _formatted(element)
    return " ".join(to_text(text).split()) if is_html else text


def _fraction(answer) -> float:
    return parse_number(answer.get("fraction", "0")) or 0.0


def _lines(text: str) -> list[int]:
    """Line of each <question> element, in order (to name the line of each question's errors)."""
    return [text.count("\n", 0, match.start()) + 1 for match in re.finditer(r"<question\b", text)]


def read_xml(text: str) -> ElementTree.Element:
    """The <quiz> root, or `ImportFileError` for a DTD, an entity, a broken or foreign file."""
    try:
        root = SafeElementTree.fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise ImportFileError(_(
            "Fichier XML refusé : il contient une déclaration <!DOCTYPE> ou des entités, interdites pour "
            "des raisons de sécurité. Un export « Format Moodle XML » n'en contient pas."
        )) from error
    except ElementTree.ParseError as error:
        raise ImportFileError(_("Fichier XML illisible (ligne %(line)s) : vérifiez qu'il s'agit d'un export "
                                "« Format Moodle XML ».") % {"line": error.position[0]}) from error
    if root.tag != "quiz":
        raise ImportFileError(_("Ce fichier XML n'est pas un export de questions Moodle (élément <quiz> attendu)."))
    return root


def parse_moodle_xml(text: str) -> list[ParsedQuestion]:
    """Every question of a Moodle XML file, in order, each with its line number and errors."""
    root = read_xml(text)
    lines = _lines(text)
    questions, chapter = [], DEFAULT_CHAPTER
    for index, element in enumerate(root.findall("question")):
        line = lines[index] if index < len(lines) else 0
        kind = element.get("type", "")
        if kind == "category":
            path = _text(element, "category/text")
            parts = [p.strip() for p in re.sub(r"^\$(course|system|module)\$/?", "", path).split("/")
                     if p.strip() and p.strip() != "top"]
            chapter = parts[-1] if parts else DEFAULT_CHAPTER
            continue
        question = ParsedQuestion(line=line, chapter=chapter)
        question.name = _text(element, "name/text")
        body, question.is_html = _formatted(element.find("questiontext"))
        question.text = _to_html(body, question.is_html)
        general, general_html = _formatted(element.find("generalfeedback"))
        question.explanation = _to_html(general, general_html) if general else ""
        reader = READERS.get(kind)
        if reader is None:
            question.errors.append(_("Type Moodle « %(type)s » non pris en charge.") % {"type": kind})
        else:
            reader(element, question)
        questions.append(question)
    return questions


def _feedback(element, question: ParsedQuestion) -> None:
    """Each answer's feedback, added to the explanation as « answer : feedback »."""
    notes = []
    for answer in element.findall("answer"):
        note = _plain(answer.find("feedback"))
        if note:
            notes.append(f"{_plain(answer)} : {note}")
    if notes:
        items = "".join(f"<li>{html.escape(note, quote=False)}</li>" for note in notes)
        question.explanation += f"<ul>{items}</ul>"


def _multichoice(element, question: ParsedQuestion) -> None:
    single = _text(element, "single").lower() in TRUE_WORDS
    question.kind = "single" if single else "multiple"
    answers = element.findall("answer")
    threshold = 99.9 if single else 0  # single: the full mark; multiple: any positive share
    question.choices = [(_plain(answer), _fraction(answer) > threshold) for answer in answers]
    _feedback(element, question)


def _truefalse(element, question: ParsedQuestion) -> None:
    question.kind = "true_false"
    right = next((_plain(a).lower() for a in element.findall("answer") if _fraction(a) > 99.9), "true")
    is_true = right in TRUE_WORDS
    question.choices = [(_("Vrai"), is_true), (_("Faux"), not is_true)]
    _feedback(element, question)


def _shortanswer(element, question: ParsedQuestion) -> None:
    answers = element.findall("answer")
    question.accepted = [_plain(a) for a in answers if _fraction(a) > 99.9]
    if BLANK.search(question.text):
        question.kind = "missing_word"
        question.choices = [(_plain(a), False) for a in answers if _fraction(a) <= 0]
    else:
        question.kind = "short"
    _feedback(element, question)


def _numerical(element, question: ParsedQuestion) -> None:
    question.kind = "numerical"
    answer = next((a for a in element.findall("answer") if _fraction(a) > 99.9), None)
    value = parse_number(_text(answer)) if answer is not None else None
    tolerance = parse_number(_text(answer, "tolerance") or "0") if answer is not None else 0
    if value is None or tolerance is None:
        question.errors.append(_("Question numérique : la bonne réponse n'est pas un nombre."))
        return
    question.number, question.tolerance = value, abs(tolerance)
    _feedback(element, question)


def _matching(element, question: ParsedQuestion) -> None:
    question.kind = "matching"
    for sub in element.findall("subquestion"):
        left, right = _plain(sub), _plain(sub.find("answer"))
        if not left:
            question.errors.append(_("Association : les réponses supplémentaires (sans élément) ne sont pas prises en "
                                     "charge (« %(match)s »).") % {"match": right})
            continue
        question.pairs.append((left, right))


def _ordering(element, question: ParsedQuestion) -> None:
    question.kind = "ordering"
    question.choices = [(_plain(answer), True) for answer in element.findall("answer")]


READERS = {
    "multichoice": _multichoice, "truefalse": _truefalse, "shortanswer": _shortanswer, "numerical": _numerical,
    "matching": _matching, "ordering": _ordering,
}


# --- Export ----------------------------------------------------------------------------------

def _sub(parent, tag: str, text: str | None = None, **attrs) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        ElementTree.SubElement(element, "text").text = text
    return element


def _number(value: float) -> str:
    return f"{value:.7f}".rstrip("0").rstrip(".")


def _answer(parent, text: str, fraction: float, **extra) -> ElementTree.Element:
    answer = _sub(parent, "answer", text, fraction=_number(fraction), format="plain_text")
    for tag, value in extra.items():
        ElementTree.SubElement(answer, tag).text = value
    return answer


TYPES = {"single": "multichoice", "multiple": "multichoice", "true_false": "truefalse", "short": "shortanswer",
         "missing_word": "shortanswer", "numerical": "numerical", "matching": "matching", "ordering": "ordering"}


def _write_choices(element, question, choices) -> None:
    right = sum(1 for c in choices if c.is_correct) or 1
    ElementTree.SubElement(element, "single").text = "true" if question.kind == "single" else "false"
    ElementTree.SubElement(element, "shuffleanswers").text = "0" if question.ordered else "1"
    wrong = 0 if question.kind == "single" else -100
    share = 100 / right if question.kind == "multiple" else 100
    for choice in choices:
        _answer(element, choice.text, share if choice.is_correct else wrong)


def _write_true_false(element, question, choices) -> None:
    right = next((c for c in choices if c.is_correct), None)
    is_true = right is None or right.text.strip().lower() in TRUE_WORDS
    _answer(element, "true", 100 if is_true else 0)
    _answer(element, "false", 0 if is_true else 100)


def _write_short(element, question, choices) -> None:
    """Short answers; a missing word is a short answer with « _____ » in its text and its wrong words at 0 %."""
    ElementTree.SubElement(element, "usecase").text = "0"
    for accepted in question.accepted_list():
        _answer(element, accepted, 100)
    for choice in choices if question.kind == "missing_word" else ():
        _answer(element, choice.text, 0)


def _write_numerical(element, question, choices) -> None:
    _answer(element, _number(question.numeric_answer or 0), 100, tolerance=_number(question.numeric_tolerance))


def _write_matching(element, question, choices) -> None:
    ElementTree.SubElement(element, "shuffleanswers").text = "true"
    for choice in choices:
        sub = _sub(element, "subquestion", choice.text, format="plain_text")
        _sub(sub, "answer", choice.match_text)


def _write_ordering(element, question, choices) -> None:
    for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("gradingtype", "ABSOLUTE_POSITION")):
        ElementTree.SubElement(element, tag).text = value
    for choice in choices:
        _answer(element, choice.text, 1)


WRITERS = {"single": _write_choices, "multiple": _write_choices, "true_false": _write_true_false,
           "short": _write_short, "missing_word": _write_short, "numerical": _write_numerical,
           "matching": _write_matching, "ordering": _write_ordering}


def _question(quiz, question) -> None:
    element = _sub(quiz, "question", type=TYPES[question.kind])
    _sub(element, "name", " ".join(to_text(question.text).split())[:80] or "Question")
    _sub(element, "questiontext", question.text, format="html")
    _sub(element, "generalfeedback", question.explanation, format="html")
    ElementTree.SubElement(element, "defaultgrade").text = "1"
    WRITERS[question.kind](element, question, list(question.choices.all()))


def export_moodle_xml(questions) -> str:
    """Questions in chapter order, each chapter a category question, as a Moodle XML file."""
    quiz = ElementTree.Element("quiz")
    chapter = None
    for question in questions:
        if question.chapter.title != chapter:
            chapter = question.chapter.title
            category = _sub(quiz, "question", type="category")
            _sub(category, "category", f"$course$/top/{chapter.replace('/', ' ')}")
        _question(quiz, question)
    ElementTree.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(quiz, encoding="unicode") + "\n"
