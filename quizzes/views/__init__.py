"""Views of the revision space: thin, the rules live on the models and in `quizzes.stats`.

Teachers reach a course through `Course.objects.for_teacher(user)` and students through their
enrollment: anything else is a 404 (`access`). Students' pages are in `student`, the teachers'
authoring in `authoring`, their results, imports and exports in `results`.
"""

from quizzes.views.authoring import (
    chapter_create,
    chapter_delete,
    chapter_edit,
    chapter_move,
    coauthor_invitation,
    course_create,
    course_edit,
    manage,
    people,
    question_delete,
    question_edit,
)
from quizzes.views.results import (
    questions_export,
    questions_import,
    results,
    results_export,
    student_detail,
)
from quizzes.views.student import course, courses, feedback, join, join_link, session, start

__all__ = [
    "chapter_create", "chapter_delete", "chapter_edit", "chapter_move", "coauthor_invitation", "course",
    "course_create", "course_edit", "courses", "feedback", "join", "join_link", "manage", "people",
    "question_delete", "question_edit", "questions_export", "questions_import", "results", "results_export",
    "session", "start", "student_detail",
]
