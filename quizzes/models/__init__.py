"""Revision courses: chapters of questions, students enrolled by code, FSRS memory states, attempts.

A teacher owns a `Course` (collaborators share the same rights). Students join by its code or link
(`Enrollment`). Each answer is an `Attempt`; in Révision mode it also updates the student's
`MemoryState` of the question with FSRS, which schedules the question for when it is about to be
forgotten. A `StudySession` is one run of one of the three modes.

The models live in `courses` (courses, chapters, teachers, enrollments), `questions` (questions and
their choices), `scheduling` (FSRS memory states, mastery), `study` (sessions) and `attempts`;
every name is re-exported here, so `from quizzes.models import ...` keeps working.
"""

from quizzes.models.attempts import AlreadyAnswered, Attempt, StudyMode, day_streak
from quizzes.models.courses import (
    COAUTHOR_INVITATION_DAYS,
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    RETENTION_RANGE,
    TEACHERS_GROUP,
    Chapter,
    CoauthorInvitation,
    CoauthorInvitationQuerySet,
    Course,
    CourseQuerySet,
    Enrollment,
    can_revise,
    can_teach,
    generate_join_code,
    grant_teaching,
    normalize_code,
    scheduler_for,
    teachers_group,
)
from quizzes.models.questions import (
    BLANK,
    NUMBER,
    Choice,
    Question,
    _stable_shuffle,
    choice_errors,
    format_number,
    matching_errors,
    missing_word_errors,
    normalize_answer,
    parse_number,
)
from quizzes.models.scheduling import (
    MemoryState,
    fsrs_constants,
    retrievability,
)
from quizzes.models.study import SessionChanged, StudySession

__all__ = [
    "BLANK", "COAUTHOR_INVITATION_DAYS", "JOIN_CODE_ALPHABET", "JOIN_CODE_LENGTH", "NUMBER", "RETENTION_RANGE",
    "TEACHERS_GROUP", "AlreadyAnswered", "Attempt", "Chapter", "Choice", "CoauthorInvitation",
    "CoauthorInvitationQuerySet", "Course", "CourseQuerySet", "Enrollment", "MemoryState", "Question",
    "SessionChanged", "StudyMode", "StudySession", "_stable_shuffle", "can_revise", "can_teach", "choice_errors", "day_streak",
    "format_number", "fsrs_constants", "generate_join_code", "grant_teaching",
    "matching_errors", "missing_word_errors", "normalize_answer", "normalize_code", "parse_number",
    "retrievability", "scheduler_for", "teachers_group",
]
