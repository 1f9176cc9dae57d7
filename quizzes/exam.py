"""The mock exam's real length: the one rule read by the course page and by `StudySession.start`.

A mock exam asks the course's `exam_size` questions, or all of them when the course has fewer, and
lasts the course's `exam_minutes` plus the extra time the teacher gave this student (tiers-temps).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ExamLength:
    questions: int
    minutes: int
    extra_minutes: int = 0


def extra_minutes(course, student) -> int:
    """The extra time the course's teachers gave this student (0 when none, or not enrolled)."""
    return enrolled_extra_minutes(course.pk, student) or 0


def enrolled_extra_minutes(course_id: int, student) -> int | None:
    """`extra_minutes`, or None when the student is not enrolled in the course (one query: the
    course page checks the enrollment with it)."""
    from quizzes.models import Enrollment  # the models read this module

    return Enrollment.objects.filter(course_id=course_id, student=student).values_list(
        "extra_exam_minutes", flat=True
    ).first()


def exam_length(course, question_count: int, extra: int = 0) -> ExamLength:
    """What a mock exam of this course asks of a student with `extra` minutes of extra time."""
    return ExamLength(min(course.exam_size, question_count), course.exam_minutes + extra, extra)
