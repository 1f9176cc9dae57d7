"""Results of a course for its teachers, computed over rows fetched in a fixed number of queries (a
student's own progress: `quizzes.progress`).

Mastery of a question: the rule of `quizzes.mastery` (a stable memory, FSRS stability of 21 days or
more, and a right last answer), counted by the database.
Facility index = share of students right at their first attempt. Discrimination index = facility in
the upper 27 % of students (ranked by their first-attempt score over the course) minus facility in
the lower 27 %.
"""

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from portal.rules.numbers import percent, round_half_up
from quizzes.mastery import mastered_q
from quizzes.models import (
    Attempt,
    Chapter,
    Course,
    Enrollment,
    MemoryState,
    Question,
)

GROUP_SHARE = 0.27
MIN_STUDENTS = 10  # below this, item statistics are shown as "—" with the reason


@dataclass
class StudentResult:
    enrollment: Enrollment
    seen: int = 0
    mastered: int = 0
    first_right: int = 0
    last_activity: datetime | None = None
    total: int = 0

    @property
    def student(self):
        return self.enrollment.student

    @property
    def mastery_percent(self) -> int:
        return percent(self.mastered, self.total) or 0

    @property
    def score(self) -> float | None:
        return self.first_right / self.seen if self.seen else None


@dataclass
class QuestionResult:
    question: Question
    attempts: int = 0
    first_attempts: int = 0
    first_right: int = 0
    top_wrong: str = ""
    top_wrong_count: int = 0
    discrimination: float | None = None
    point_biserial: float | None = None
    statistics_note: str = ""

    @property
    def negative_discrimination(self) -> bool:
        """Stronger students fail it more than weaker ones: the key may be wrong."""
        return (self.point_biserial is not None and self.point_biserial < 0) or (
            self.discrimination is not None and self.discrimination < 0
        )

    @property
    def facility(self) -> float | None:
        return self.first_right / self.first_attempts if self.first_attempts else None

    @property
    def facility_percent(self) -> int | None:
        return None if self.facility is None else round_half_up(100 * self.facility)

    @property
    def needs_attention(self) -> bool:
        """Too hard, or failing to separate stronger from weaker students (easy questions aside)."""
        if self.facility is None:
            return False
        poor_discrimination = self.discrimination is not None and self.discrimination < 0.2
        return self.negative_discrimination or self.facility < 0.4 or (poor_discrimination and self.facility < 0.9)


@dataclass
class ChapterResult:
    chapter: Chapter
    questions: list[QuestionResult] = field(default_factory=list)
    mastered: int = 0
    students: int = 0

    @property
    def facility_percent(self) -> int | None:
        values = [q.facility for q in self.questions if q.facility is not None]
        return percent(sum(values), len(values))

    @property
    def mastery_percent(self) -> int:
        cells = self.students * len(self.questions)
        return percent(self.mastered, cells) or 0


@dataclass
class CourseResults:
    students: list[StudentResult]
    questions: list[QuestionResult]
    chapters: list[ChapterResult]
    min_students = MIN_STUDENTS  # the point-biserial's threshold, explained on the page

    @property
    def attention_questions(self) -> list[QuestionResult]:
        return [q for q in self.questions if q.needs_attention]

    @property
    def attention_students(self) -> list[StudentResult]:
        return [s for s in self.students if s.seen and s.mastery_percent < 40]


def course_results(course: Course) -> CourseResults:
    """Every figure of the teacher's results page in a fixed number of queries (10).

    Aggregates are computed by the database (per student, per question); the item statistics
    read one row per student and question (first attempts), never one per answer.
    """
    questions = list(
        Question.objects.filter(chapter__course=course)
        .select_related("chapter")
        .prefetch_related("choices")
        .order_by("chapter__position", "chapter_id", "position", "pk")
    )
    enrollments = list(
        Enrollment.objects.filter(course=course).select_related("student").order_by(
            "student__last_name", "student__first_name", "student__email"
        )
    )
    students = {e.student_id: StudentResult(e, total=len(questions)) for e in enrollments}
    by_question = {q.pk: QuestionResult(q) for q in questions}
    attempts = Attempt.objects.filter(course=course).order_by()
    mastered_per_question = _mastery(course, students)
    _student_activity(attempts, students)
    _question_counts(attempts.filter(student_id__in=students.keys()), by_question)
    _top_wrong(attempts, by_question)
    _item_statistics(attempts, students, by_question)
    chapter_results = {c.pk: ChapterResult(c, students=len(students)) for c in course.chapters.all()}
    for result in by_question.values():
        chapter = chapter_results[result.question.chapter_id]
        chapter.questions.append(result)
        chapter.mastered += mastered_per_question.get(result.question.pk, 0)
    return CourseResults(list(students.values()), list(by_question.values()), list(chapter_results.values()))


def _mastery(course, students) -> dict[int, int]:
    mastered = MemoryState.objects.filter(mastered_q(), course=course).order_by()
    for student_id, n in mastered.values("student_id").annotate(n=Count("pk")).values_list("student_id", "n"):
        if student_id in students:
            students[student_id].mastered = n
    return dict(
        mastered.filter(student_id__in=students.keys()).values("question_id").annotate(n=Count("pk"))
        .values_list("question_id", "n")
    )


def _student_activity(attempts, students) -> None:
    for student_id, last, seen, right in (
        attempts.values("student_id")
        .annotate(last=Max("answered_at"), seen=Count("pk", filter=Q(is_first=True)),
                  right=Count("pk", filter=Q(is_first=True, is_correct=True)))
        .values_list("student_id", "last", "seen", "right")
    ):
        if student_id in students:
            row = students[student_id]
            row.last_activity, row.seen, row.first_right = last, seen, right


def _question_counts(attempts, by_question) -> None:
    for question_id, n, seen, right in (
        attempts.values("question_id")
        .annotate(n=Count("pk"), seen=Count("pk", filter=Q(is_first=True)),
                  right=Count("pk", filter=Q(is_first=True, is_correct=True)))
        .values_list("question_id", "n", "seen", "right")
    ):
        if question_id in by_question:
            row = by_question[question_id]
            row.attempts, row.first_attempts, row.first_right = n, seen, right


def _top_wrong(attempts, by_question) -> None:
    wrong = defaultdict(Counter)
    for question_id, key, n in (
        attempts.filter(is_correct=False)
        .exclude(response_key="")
        .values("question_id", "response_key")
        .annotate(n=Count("pk"))
        .values_list("question_id", "response_key", "n")
    ):
        wrong[question_id][key] += n
    for question_id, counter in wrong.items():
        result = by_question.get(question_id)
        if result:
            key, n = max(counter.items(), key=lambda item: (item[1], item[0]))
            result.top_wrong = result.question.response_display(key)
            result.top_wrong_count = n


def _item_statistics(attempts, students, by_question) -> None:
    """Upper-lower discrimination index and point-biserial correlation of each question, from the
    first attempts; "—" with a reason when fewer than `MIN_STUDENTS` students answered it."""
    ranked = sorted((s for s in students.values() if s.seen), key=lambda s: (s.score, s.enrollment.student_id))
    group = int(round(len(ranked) * GROUP_SHARE))
    upper = {s.enrollment.student_id for s in ranked[-group:]} if group else set()
    lower = {s.enrollment.student_id for s in ranked[:group]} if group else set()
    answers = defaultdict(list)
    for student_id, question_id, is_correct in attempts.filter(is_first=True, student_id__in=students.keys()).values_list(
        "student_id", "question_id", "is_correct"
    ):
        answers[question_id].append((student_id, is_correct))
    for question_id, result in by_question.items():
        rows = answers.get(question_id, [])
        result.discrimination = upper_lower_index(rows, upper, lower) if group >= 1 and len(ranked) >= 2 else None
        result.point_biserial, result.statistics_note = point_biserial(
            [(students[student_id].score, right) for student_id, right in rows]
        )


def upper_lower_index(rows, upper: set, lower: set) -> float | None:
    top = [right for student_id, right in rows if student_id in upper]
    bottom = [right for student_id, right in rows if student_id in lower]
    if not top or not bottom:
        return None
    return sum(top) / len(top) - sum(bottom) / len(bottom)


def point_biserial(pairs) -> tuple[float | None, str]:
    """Correlation between being right on this question and the student's score on the course.

    Returns (value, "") or (None, the reason shown instead of a number).
    """
    if len(pairs) < MIN_STUDENTS:
        return None, _("%(count)s sur %(n)s étudiants nécessaires") % {"count": len(pairs), "n": MIN_STUDENTS}
    scores = [score for score, _right in pairs]
    right = [score for score, ok in pairs if ok]
    wrong = [score for score, ok in pairs if not ok]
    spread = statistics.pstdev(scores)
    if not right or not wrong or spread == 0:
        return None, _("tous les étudiants ont la même réponse")
    share = len(right) / len(pairs)
    value = (statistics.fmean(right) - statistics.fmean(wrong)) / spread * math.sqrt(share * (1 - share))
    return value, ""
