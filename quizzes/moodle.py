"""Moodle XML, the question bank format of Moodle: pure functions, no database.

`parse_moodle_xml(text)` gives one `quizzes.gift.ParsedQuestion` per question (the same shape as
every import format), `export_moodle_xml(questions)` writes questions back so that an export
imported again gives the same questions.

The file is parsed with defusedxml, DTDs refused: an XML file can declare entities that expand to
gigabytes ("billion laughs") or read files of the server (external entities); a Moodle export
never needs either, so any `<!DOCTYPE>` is refused with a clear message.

Mapping: `category` → chapter (last part of the path); each `<question type="…">` is read by the
kind that claims its type (`quizzes.kinds`: multichoice with its weights, truefalse, shortanswer,
numerical, matching with its distractors, ordering, essay, description, cloze); names, general
and per-answer feedback are kept. Fractions must be ones Moodle offers (100, 90, 83.33333, …, 5, 0
and their negatives): others are refused, as Moodle refuses them. Files embedded in a text
(`@@PLUGINFILE@@/name` with a base64 `<file>`) are kept with the question (`ParsedQuestion.media`)
and saved as Wagtail images or documents on import. Other types are reported on their line, never
dropped silently.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from django.utils.translation import gettext as _

from portal.documents.imports import ImportFileError
from portal.documents.sanitizer import to_text
from quizzes.gift import _to_html
from quizzes.kinds import kind_for, moodle_reader
from quizzes.kinds.answers import parse_number
from quizzes.parsed import DEFAULT_CHAPTER, ParsedQuestion

# The grades Moodle offers for an answer (question_bank's fraction options), in percent.
MOODLE_FRACTIONS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571,
                    12.5, 11.11111, 10, 5, 0)
PLUGINFILE = re.compile(r"@@PLUGINFILE@@/([^\"'<>\s?#]+)")


class InvalidFraction(ValueError):
    pass


def accepted_fraction(percent: float) -> bool:
    return any(abs(abs(percent) - allowed) < 0.00005 for allowed in MOODLE_FRACTIONS)


class Reader:
    """The helpers the kinds read a `<question>` with."""

    @staticmethod
    def text(element, path: str = "text") -> str:
        found = element.find(path) if element is not None else None
        return (found.text or "").strip() if found is not None else ""

    @classmethod
    def formatted(cls, element) -> tuple[str, bool]:
        """The text of a `<questiontext>`-like element and whether it is HTML."""
        if element is None:
            return "", False
        return cls.text(element), element.get("format", "html") in ("html", "moodle_auto_format")

    @classmethod
    def plain(cls, element) -> str:
        """An answer's text as plain text (Moodle often wraps answers in <p>)."""
        text, is_html = cls.formatted(element)
        return " ".join(to_text(text).split()) if is_html else text

    @staticmethod
    def fraction(answer) -> float:
        """An answer's share of the mark (1 for 100 %); a fraction Moodle does not offer is refused."""
        percent = parse_number(answer.get("fraction", "0")) or 0.0
        if not accepted_fraction(percent):
            raise InvalidFraction(_("Note « %(value)s %% » refusée : Moodle n'accepte que 100, 90, 83,33333, 80, 75, "
                                    "70, 66,66667, 60, 50, 40, 33,33333, 30, 25, 20, 16,66667, 14,28571, 12,5, "
                                    "11,11111, 10, 5 ou 0 (et leurs opposés).") % {"value": answer.get("fraction")})
        return percent / 100

    @classmethod
    def feedback(cls, answer) -> str:
        return cls.plain(answer.find("feedback"))


def _files(element) -> list[tuple[str, bytes]]:
    """The base64 `<file name="…">` elements under an element (embedded images, sounds)."""
    found = []
    for node in element.iter("file"):
        if node.get("encoding", "base64") != "base64" or not node.get("name"):
            continue
        try:
            found.append((node.get("name"), base64.b64decode("".join((node.text or "").split()), validate=True)))
        except (binascii.Error, ValueError):
            continue
    return found


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
            path = Reader.text(element, "category/text")
            parts = [p.strip() for p in re.sub(r"^\$(course|system|module)\$/?", "", path).split("/")
                     if p.strip() and p.strip() != "top"]
            chapter = parts[-1] if parts else DEFAULT_CHAPTER
            continue
        questions.append(_question_from(element, line, chapter, kind))
    return questions


def _question_from(element, line: int, chapter: str, kind: str) -> ParsedQuestion:
    question = ParsedQuestion(line=line, chapter=chapter)
    question.name = Reader.text(element, "name/text")
    body, question.is_html = Reader.formatted(element.find("questiontext"))
    question.text = _to_html(body, question.is_html)
    general, general_html = Reader.formatted(element.find("generalfeedback"))
    question.explanation = _to_html(general, general_html) if general else ""
    question.media = _files(element)
    rules = moodle_reader(kind)
    if rules is None:
        question.errors.append(_("Type Moodle « %(type)s » non pris en charge.") % {"type": kind})
        return question
    try:
        rules.read_moodle(element, question, Reader)
    except InvalidFraction as error:
        question.errors.append(str(error))
    question.simplify_answers()
    missing = set(PLUGINFILE.findall(question.text)) - {name for name, _data in question.media}
    if missing:
        question.errors.append(_("Fichier intégré absent du fichier XML : %(names)s.") % {"names": ", ".join(sorted(missing))})
    return question


# --- Export ----------------------------------------------------------------------------------

def _sub(parent, tag: str, text: str | None = None, **attrs) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        ElementTree.SubElement(element, "text").text = text
    return element


def _question(quiz, question) -> None:
    rules = kind_for(question.kind)
    element = _sub(quiz, "question", type=rules.moodle_type)
    _sub(element, "name", question.name or " ".join(to_text(question.text).split())[:80] or "Question")
    text, files = media_out(question)
    questiontext = _sub(element, "questiontext", text, format="html")
    for name, data in files:
        ElementTree.SubElement(questiontext, "file", name=name, path="/", encoding="base64").text = \
            base64.b64encode(data).decode()
    _sub(element, "generalfeedback", question.explanation, format="html")
    ElementTree.SubElement(element, "defaultgrade").text = "0" if not rules.graded else "1"
    rules.write_moodle(element, question, list(question.choices.all()))


def media_out(question) -> tuple[str, list[tuple[str, bytes]]]:
    """The question's text with its image as an embedded `@@PLUGINFILE@@` file (Moodle's way)."""
    if not question.image_id:
        return question.text, []
    image = question.image
    try:
        with image.file.open("rb") as stored:
            data = stored.read()
    except OSError:
        return question.text, []
    name = image.file.name.rsplit("/", 1)[-1]
    alt = html.escape(question.image_alt or "", quote=True)
    return f'{question.text}<p><img src="@@PLUGINFILE@@/{name}" alt="{alt}"></p>', [(name, data)]


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
