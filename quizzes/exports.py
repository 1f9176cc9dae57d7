"""Exports of a course: its questions (spreadsheet, GIFT, Moodle XML) and its results (the teacher's tables).

Spreadsheets are written by `portal.documents.spreadsheets` (formulas always neutralised); imports live in
`quizzes.imports`, invitations in `quizzes.invitations`. The results grow with the students and
their answers: they are built by the background worker (`build_results_export`, a builder of
`portal.exports`); the questions stay a request's work, bounded by the course's size.
"""

import tablib
from django.utils.translation import gettext as _

from portal.documents.sanitizer import to_text
from portal.documents.spreadsheets import CONTENT_TYPES, spreadsheet_bytes
from portal.exports.registry import Built, builder
from quizzes.gift import export_gift
from quizzes.imports import HEADERS
from quizzes.models import Question
from quizzes.moodle import export_moodle_xml


def questions_dataset(course) -> tablib.Dataset:
    """The course's questions, one row each, in the columns the spreadsheet import reads."""
    dataset = tablib.Dataset(headers=HEADERS)
    for question in course_questions(course):
        dataset.append([
            question.chapter.title,
            str(question.get_kind_display()),
            question.text,
            _choices_cell(question),
            " | ".join(question.accepted_list()),
            question.explanation,
            question.source,
        ])
    dataset.title = "questions"
    return dataset


def _choices_cell(question) -> str:
    """Choices separated by « | », right ones starred; matching pairs as « item -> match »."""
    if question.kind == Question.Kind.MATCHING:
        return " | ".join(f"{c.text} -> {c.match_text}" for c in question.choices.all())
    return " | ".join(("*" if c.is_correct else "") + c.text for c in question.choices.all())


# The questions are exported inside the request, as large as one import may be (IMPORT_MAX_ROWS):
# past this many, the teacher is told why instead of a request that runs for minutes.
INLINE_MAX_QUESTIONS = 5000


def too_many_questions(course) -> bool:
    return Question.objects.filter(chapter__course=course).count() > INLINE_MAX_QUESTIONS


def course_questions(course):
    return (
        Question.objects.filter(chapter__course=course)
        .select_related("chapter")
        .prefetch_related("choices")
        .order_by("chapter__position", "chapter_id", "position", "pk")
    )


def questions_gift(course) -> str:
    return export_gift(course_questions(course))


def questions_moodle_xml(course) -> str:
    return export_moodle_xml(course_questions(course))


def results_dataset(course, results, table) -> tablib.Dataset:
    if table == "etudiants":
        dataset = tablib.Dataset(headers=[_("Nom"), _("E-mail"), _("Questions vues"), _("Maîtrise (%)"), _("Dernière activité")])
        for row in results.students:
            dataset.append([
                row.student.get_full_name(), row.student.email, row.seen, row.mastery_percent,
                row.last_activity or "",
            ])
    else:
        dataset = tablib.Dataset(headers=[
            _("Chapitre"), _("Question"), _("Réponses"), _("Indice de facilité (%)"),
            _("Réponse fausse la plus choisie"), _("Indice de discrimination"), _("Point-bisériale"),
        ])
        for row in results.questions:
            dataset.append([
                row.question.chapter.title, to_text(row.question.text), row.attempts,
                "" if row.facility_percent is None else row.facility_percent, row.top_wrong,
                "" if row.discrimination is None else round(row.discrimination, 2),
                row.statistics_note if row.point_biserial is None else round(row.point_biserial, 2),
            ])
    dataset.title = table
    return dataset


RESULT_TABLES = ("etudiants", "questions")


@builder("quiz_results")
def build_results_export(job) -> Built:
    """A teacher's results table: parameters `course` (still one of the requester's courses),
    `table` (RESULT_TABLES) and `fmt` (csv, xlsx)."""
    from quizzes.models import Course
    from quizzes.stats import course_results

    course = Course.objects.for_teacher(job.requester).get(pk=job.parameters["course"])
    table, fmt = job.parameters["table"], job.parameters["fmt"]
    results = course_results(course)
    dataset = results_dataset(course, results, table)
    job.progress(len(dataset), len(dataset))
    return Built(spreadsheet_bytes(dataset, fmt), f"resultats-{table}-{course.pk}.{fmt}", CONTENT_TYPES[fmt])
