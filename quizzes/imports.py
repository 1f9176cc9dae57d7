"""Importing questions into a course: spreadsheets (XLSX/CSV), GIFT, Moodle XML and Aiken files.

Every format goes through the portal's one pipeline (`portal.documents.imports`): the upload is checked
(size, type), parsed in memory before any transaction into `ParsedQuestion`s (one shape for
every format), validated with the question's own rule (`Question.answer_errors`, the same as the
form), previewed with the errors of each question, then written in one transaction or not at all.
Questions already in the chapter (same text) are flagged and skipped on request.
"""

from __future__ import annotations

import html
import re

import tablib
from django.db.models import Max
from django.utils.translation import gettext as _

from portal.documents import imports
from portal.documents.sanitizer import clean_html
from quizzes import moodle
from quizzes.gift import parse_gift
from quizzes.kinds import kind_for
from quizzes.media import media_errors, save_media
from quizzes.models import Chapter, Choice, Question, normalize_answer
from quizzes.parsed import DEFAULT_CHAPTER, ParsedQuestion

KIND_BY_NAME = {}
for _kind in Question.Kind:
    KIND_BY_NAME[normalize_answer(_kind.value)] = _kind.value
    KIND_BY_NAME[normalize_answer(str(_kind.label))] = _kind.value
KIND_BY_NAME.update({"vrai/faux": "true_false", "vrai-faux": "true_false", "qcm": "multiple", "qcu": "single"})

TAG = re.compile(r"<[^>]*>")
HEADERS = ["chapitre", "type", "enonce", "choix", "reponses_acceptees", "explication", "source"]
TEXT_EXTENSIONS = (".gift", ".txt")
XML_EXTENSIONS = (".xml",)
EXTENSIONS = (*imports.TABLE_EXTENSIONS, *TEXT_EXTENSIONS, *XML_EXTENSIONS)


def session_key(course) -> str:
    return f"quizzes-import-{course.pk}"


# --- Reading each format into ParsedQuestion --------------------------------------------------

def _cell(row, name) -> str:
    value = row.get(name)
    return "" if value is None else str(value).strip()


def question_from_row(row: dict, line: int) -> ParsedQuestion:
    """One spreadsheet row: choices in one cell separated by « | », right ones starred."""
    question = ParsedQuestion(line=line, chapter=_cell(row, "chapitre"), text=_cell(row, "enonce"))
    type_name = _cell(row, "type")
    question.kind = KIND_BY_NAME.get(normalize_answer(type_name), "")
    if not question.kind:
        question.errors.append(
            _("Type inconnu « %(value)s » (choix unique, choix multiple, vrai / faux, réponse courte, numérique, "
              "association, remise en ordre, mot manquant).")
            % {"value": type_name}
        )
    choices = [c.strip() for c in _cell(row, "choix").split("|") if c.strip()]
    if question.kind == Question.Kind.MATCHING:  # « item -> match » in each cell part
        question.pairs = [(left.strip(), right.strip()) for left, _arrow, right in (c.partition("->") for c in choices)]
    question.choices = [(c.lstrip("*").strip(), c.startswith("*")) for c in choices]
    question.accepted = [a.strip() for a in _cell(row, "reponses_acceptees").split("|") if a.strip()]
    question.explanation = _cell(row, "explication")
    question.source = _cell(row, "source")[:300]
    return question


def parse_aiken(text: str) -> list[ParsedQuestion]:
    """Aiken: a question line, choices « A. … », then « ANSWER: B »; blank lines between questions."""
    questions, current = [], None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if current is None:
            current = ParsedQuestion(line=number, chapter=DEFAULT_CHAPTER, kind="single", text=f"<p>{html.escape(line, quote=False)}</p>",
                                     is_html=False)
            letters = []
            continue
        if line.upper().startswith("ANSWER:"):
            answer = line.split(":", 1)[1].strip().upper()
            if answer not in letters:
                current.errors.append(_("Ligne %(n)s : réponse « %(a)s » absente des choix.") % {"n": number, "a": answer})
            current.choices = [(text, letter == answer) for letter, (text, _ok) in zip(letters, current.choices, strict=True)]
            questions.append(current)
            current = None
            continue
        if len(line) > 2 and line[0].isalpha() and line[1] in ".)" and line[2] == " ":
            letters.append(line[0].upper())
            current.choices.append((line[3:].strip(), False))
        else:
            current.errors.append(_("Ligne %(n)s : choix attendu sous la forme « A. texte ».") % {"n": number})
    if current is not None:
        current.errors.append(_("Ligne « ANSWER: » manquante."))
        questions.append(current)
    return questions


def read_upload(upload) -> tuple[str, object]:
    """(format, parsed content) of an uploaded file, within the import limits; parsing happens
    here, before any transaction. Raises `portal.documents.imports.ImportFileError`."""
    data = imports.check_upload(upload, extensions=EXTENSIONS)
    name = upload.name.lower()
    if name.endswith(XML_EXTENSIONS):
        text = imports.read_text(data)
        _check_count(text.count("\n") + 1)
        moodle.read_xml(text)  # a DTD, an entity or a broken file is refused here, before the preview
        return "moodle", text
    if name.endswith(TEXT_EXTENSIONS):
        text = imports.read_text(data)
        fmt = "aiken" if name.endswith(".txt") and "ANSWER:" in text.upper() and "{" not in text else "gift"
        _check_count(text.count("\n") + 1)
        return fmt, text
    dataset = imports.read_table(
        data, upload.name, required_columns=("chapitre", "type", "enonce"),
        normalize_header=lambda header: normalize_answer(header).replace(" ", "_").replace("'", ""),
    )
    return "table", dataset


def _check_count(lines: int) -> None:
    # A text file is capped like a table: a line per row, a few lines per question.
    limit = imports.max_rows() * 10
    if lines > limit:
        raise imports.ImportFileError(_("Fichier trop long : %(limit)s lignes au maximum.") % {"limit": limit})


def parse(fmt: str, content) -> list[ParsedQuestion]:
    if fmt == "gift":
        return parse_gift(content)
    if fmt == "aiken":
        return parse_aiken(content)
    if fmt == "moodle":
        return moodle.parse_moodle_xml(content)
    return [question_from_row(row, number) for number, row in enumerate(content.dict, start=2)]


# --- Validation, preview, saving --------------------------------------------------------------

def validate(question: ParsedQuestion) -> list[str]:
    """The errors of one question: the parser's, then the question's own rule."""
    errors = list(question.errors)
    if not question.chapter:
        errors.append(_("Le chapitre est obligatoire."))
    if not _plain(question.text):
        errors.append(_("L'énoncé est obligatoire."))
    errors.extend(media_errors(question.media))
    if question.kind:
        if question.kind in ("short", "missing_word") and not question.accepted and question.answers:
            errors.append(_("Aucune réponse ne vaut 100 % : indiquez au moins une réponse juste."))
        errors.extend(Question.answer_errors(question.kind, question.choices, question.accepted, question.number,
                                             pairs=question.pairs, text=question.text).values())
    return errors


def _plain(text: str) -> str:
    """Tags removed, entities decoded: a cheap text for comparisons (the sanitizer runs on save)."""
    return html.unescape(TAG.sub(" ", text or "")).strip()


def _duplicate_key(chapter: str, text: str) -> tuple[str, str]:
    return normalize_answer(chapter), normalize_answer(_plain(text))


def preview(course, fmt: str, content) -> imports.ImportPreview:
    """Every question with its errors and whether it duplicates one of the chapter (no write)."""
    existing = {
        _duplicate_key(chapter, text)
        for chapter, text in Question.objects.filter(chapter__course=course).values_list("chapter__title", "text")
    }
    rows = []
    for question in parse(fmt, content):
        row = imports.ImportRow(
            number=question.line,
            values={"chapitre": question.chapter, "type": str(Question.Kind(question.kind).label) if question.kind else "",
                    "nom": question.name, "enonce": question.text},
            errors=validate(question),
            item=question,
        )
        key = _duplicate_key(question.chapter, question.text)
        row.duplicate = key in existing
        existing.add(key)
        rows.append(row)
    return imports.ImportPreview(rows)


def valid_part(preview_: imports.ImportPreview) -> imports.ImportPreview:
    """Moodle's "stop on error" turned off: only the questions without errors, to be imported."""
    return imports.ImportPreview([row for row in preview_.rows if not row.errors])


def duplicates(preview_: imports.ImportPreview) -> int:
    return sum(1 for row in preview_.rows if getattr(row, "duplicate", False))


def save_questions(course, questions: list[ParsedQuestion], skip: set[int] = frozenset(), actor=None) -> int:
    """Create the questions in bulk (inside the pipeline's transaction); `skip` holds lines not to import."""
    chapters = {normalize_answer(c.title): c for c in course.chapters.all()}
    positions = dict(
        Question.objects.filter(chapter__course=course).values("chapter_id").annotate(m=Max("position"))
        .values_list("chapter_id", "m")
    )
    kept = [q for q in questions if q.line not in skip]
    rows = []
    for question in kept:
        key = normalize_answer(question.chapter)
        if key not in chapters:
            chapters[key] = Chapter.objects.create(course=course, title=question.chapter[:200])
        chapter = chapters[key]
        positions[chapter.pk] = (positions.get(chapter.pk) or 0) + 1
        clean = clean_html if question.is_html else str
        text, image, alt = save_media(question.text, question.media, actor) if question.media else (question.text, None, "")
        typed = question.kind in (Question.Kind.SHORT, Question.Kind.MISSING_WORD) and not question.answers
        rows.append(Question(
            chapter=chapter, kind=question.kind, name=question.name[:255], text=clean(text), image=image, image_alt=alt,
            explanation=clean(question.explanation) if question.explanation else "", source=question.source,
            position=positions[chapter.pk], accepted_answers="\n".join(question.accepted) if typed else "",
            numeric_answer=question.number, numeric_tolerance=question.tolerance or 0,
            model_answer=clean_html(question.model_answer) if question.model_answer else "",
        ))
    saved = Question.objects.bulk_create(rows, batch_size=500)
    Choice.objects.bulk_create(
        [choice for row, question in zip(saved, kept, strict=True) for choice in _choices(row, question)],
        batch_size=1000,
    )
    return len(saved)


def _choices(row: Question, question: ParsedQuestion) -> list[Choice]:
    """The Choice rows of a parsed question: choices (with their weight and feedback), matching pairs
    and distractors, items in order, wrong words, and typed answers with a weight or a feedback."""
    if question.kind == Question.Kind.MATCHING:
        return [Choice(question=row, text=left[:500], match_text=right[:500], is_correct=True, position=index)
                for index, (left, right) in enumerate(question.pairs, start=1)]
    if not kind_for(question.kind).stores_choices:
        return []
    if question.answers:
        return [Choice(question=row, text=text[:500], fraction=fraction, feedback=feedback,
                       is_correct=fraction >= 1 - 1e-9, position=index)
                for index, (text, fraction, feedback) in enumerate(question.answers, start=1)]
    fractions = question.fractions or [None] * len(question.choices)
    feedbacks = question.feedbacks or [""] * len(question.choices)
    return [Choice(question=row, text=text[:500], is_correct=ok, fraction=fraction, feedback=feedback, position=index)
            for index, ((text, ok), fraction, feedback) in enumerate(zip(question.choices, fractions, feedbacks,
                                                                         strict=True), start=1)]


def apply(course, preview_: imports.ImportPreview, skip_duplicates: bool, actor) -> int:
    skip = {row.number for row in preview_.rows if skip_duplicates and getattr(row, "duplicate", False)}
    return imports.apply_import(preview_, lambda items: save_questions(course, items, skip, actor), actor=actor,
                                what=_("Questions du cours « %(course)s »") % {"course": course.title})


def remember(request, course, fmt: str, content, valid_only: bool = False) -> str:
    """Keep the parsed file (and the choice to import only its valid questions) until confirmed; the
    digest goes in the confirmation form."""
    if fmt == "table":
        return imports.remember(request, session_key(course), content, format=fmt, valid_only=valid_only)
    return imports.remember(request, session_key(course), tablib.Dataset(), format=fmt, text=content,
                            valid_only=valid_only)


def forget(request, course) -> None:
    imports.forget(request, session_key(course))


def recall(request, course) -> tuple[str, object, bool] | None:
    """(format, content, import only the valid questions) of the file previewed, or None."""
    pending = imports.recall(request, session_key(course))
    if not pending:
        return None
    dataset, extra = pending
    fmt = extra.get("format", "table")
    return fmt, (dataset if fmt == "table" else extra.get("text", "")), bool(extra.get("valid_only"))


def applicable(preview_: imports.ImportPreview, valid_only: bool) -> bool:
    """A preview can be applied when it has no error, or, importing only the valid questions, one of them."""
    return not preview_.has_errors or (valid_only and preview_.error_count < preview_.total)

