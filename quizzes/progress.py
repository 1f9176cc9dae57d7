"""A student's own progress: per course on their courses page, per chapter on the course page (and
for the course's teachers, on the student's page), with their difficult questions.

Mastery of a question: the rule of `quizzes.mastery`, on the values read. What the course page
reads of the student besides their memory states is kept under their version (`student_facts`).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from portal.caching import for_user
from portal.infrastructure.compiled import CompiledQuery
from portal.rules import dates
from portal.rules.numbers import percent
from quizzes import exam
from quizzes.mastery import is_mastered
from quizzes.models import (
    Attempt,
    Chapter,
    Course,
    MemoryState,
    Question,
    StudySession,
    day_streak,
)

DIFFICULT_LIMIT = 5
RECENT_EXAMS = 5


@dataclass
class ChapterProgress:
    chapter: Chapter
    total: int = 0
    seen: int = 0
    mastered: int = 0
    due: int = 0
    next_review: datetime | None = None

    @property
    def mastery_percent(self) -> int:
        return percent(self.mastered, self.total) or 0

    @property
    def seen_percent(self) -> int:
        return percent(self.seen, self.total) or 0


@dataclass(frozen=True)
class DifficultQuestion:
    """One of a student's difficult questions: its text as one line (`str(question)`), how often
    they forgot it, and when it comes back."""

    question_id: int
    question: str
    lapses: int
    due: datetime

    # The list's texts, written here rather than with a template tag per line (the course page is
    # built for each student; docs/benchmarks.md).
    @property
    def forgotten(self) -> str:
        """« 3 oublis »."""
        return ngettext("%(counter)s oubli", "%(counter)s oublis", self.lapses) % {"counter": self.lapses}

    @property
    def comes_back(self) -> str:
        """« revient le 4 déc. 2026 »."""
        return gettext("revient le %(date)s") % {"date": dates.day(self.due)}


@dataclass
class CourseProgress:
    course: Course
    chapters: list[ChapterProgress]
    difficult: list[DifficultQuestion] = field(default_factory=list)
    streak: int = 0
    due: int = 0
    new: int = 0
    next_review: datetime | None = None

    @property
    def total(self) -> int:
        return sum(c.total for c in self.chapters)

    @property
    def seen(self) -> int:
        return sum(c.seen for c in self.chapters)

    @property
    def mastered(self) -> int:
        return sum(c.mastered for c in self.chapters)

    @property
    def mastery_percent(self) -> int:
        return percent(self.mastered, self.total) or 0


def course_progress(course: Course, student, now=None, days=None) -> CourseProgress:
    """A student's progress in a course, per chapter, with their difficult questions (2 queries, 1
    when the days with an answer are given: the course's outline is in memory)."""
    now = now or timezone.now()
    outline = course.outline()
    chapters = {c.pk: ChapterProgress(c) for c in outline["chapters"]}
    question_chapter = outline["question_chapter"]
    for chapter_id in question_chapter.values():
        chapters[chapter_id].total += 1
    states = _STATES.rows(course=course.pk, student=student.pk)
    progress = CourseProgress(course, list(chapters.values()))
    seen_ids, lapsed = set(), []
    for question_id, stability, last_correct, due, lapses in states:
        if lapses > 0:
            lapsed.append((question_id, lapses, due))
        chapter = chapters.get(question_chapter.get(question_id))
        if chapter is None:
            continue
        seen_ids.add(question_id)
        chapter.seen += 1
        if is_mastered(stability, last_correct):
            chapter.mastered += 1
        if due <= now:
            chapter.due += 1
            progress.due += 1
        if chapter.next_review is None or due < chapter.next_review:
            chapter.next_review = due
        if progress.next_review is None or due < progress.next_review:
            progress.next_review = due
    progress.new = len(set(question_chapter) - seen_ids)
    progress.difficult = _difficult(course, lapsed)
    if days is None:
        days = answer_days(course.pk, student)
    progress.streak = day_streak(days, timezone.localdate(now))
    return progress


# The student's memory states in the course, compiled once per process: the course page is built
# for each student (docs/benchmarks.md).
_STATES = CompiledQuery(
    lambda course, student: MemoryState.objects.filter(course_id=course, student_id=student).values_list(
        "question_id", "stability", "last_correct", "due", "lapses"),
    "course", "student",
)


def answer_days(course_id: int, student) -> frozenset:
    """The days with an answer, in local time, counted by the database: one row per day, however
    many answers (a student's history grows by dozens of answers a day)."""
    return frozenset(
        Attempt.objects.filter(course_id=course_id, student=student)
        .order_by()
        .annotate(day=TruncDate("answered_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day", flat=True)
        .distinct()
    )


def _difficult(course, lapsed, limit: int = DIFFICULT_LIMIT) -> list[DifficultQuestion]:
    """« Mes questions difficiles »: the questions with the most lapses, the soonest due first,
    named from the course's lines in memory (a question moved to another course since: read)."""
    hardest = sorted(lapsed, key=lambda row: (-row[1], row[2]))[:limit]
    lines = course.question_lines()
    missing = [question_id for question_id, _lapses, _due in hardest if question_id not in lines]
    if missing:
        lines = {**lines, **{question.pk: str(question) for question in Question.objects.filter(pk__in=missing)}}
    return [DifficultQuestion(question_id, lines[question_id], lapses, due) for question_id, lapses, due in hardest]


def courses_overview(student, courses) -> dict[int, dict]:
    """Mastery and due count per course for the student's courses page (3 queries for all)."""
    now = timezone.now()
    course_ids = [c.pk for c in courses]
    totals = dict(
        Question.objects.filter(chapter__course_id__in=course_ids)
        .values("chapter__course_id")
        .annotate(n=Count("pk"))
        .values_list("chapter__course_id", "n")
    )
    overview = {pk: {"total": totals.get(pk, 0), "seen": 0, "mastered": 0, "due": 0} for pk in course_ids}
    for course_id, stability, last_correct, due in MemoryState.objects.filter(
        student=student, course_id__in=course_ids
    ).values_list("course_id", "stability", "last_correct", "due"):
        row = overview[course_id]
        row["seen"] += 1
        row["due"] += int(due <= now)
        row["mastered"] += int(is_mastered(stability, last_correct))
    for row in overview.values():
        row["percent"] = percent(row["mastered"], row["total"]) or 0
    return overview


@dataclass(frozen=True)
class StudentFacts:
    """What the course page reads of the student besides their memory states."""

    extra_minutes: int | None  # the extra time of their mock exams; None: not enrolled
    days: frozenset = frozenset()  # the days with an answer (`answer_days`)
    exam_scores: tuple = ()  # the scores of their latest finished mock exams, the latest first


def student_facts(course_id: int, student) -> StudentFacts:
    """Kept under the student's version (`portal.caching.for_user`): saving or deleting their
    enrollment, a session or an answer bumps it, and so does any write of theirs and a teacher's
    change of their extra time (quizzes/views/authoring.py)."""

    def build():
        extra = exam.enrolled_extra_minutes(course_id, student)
        if extra is None:
            return StudentFacts(None)
        exams = StudySession.objects.filter(
            course_id=course_id, student=student, mode=StudySession.Mode.EXAM, finished_at__isnull=False
        ).only("correct_count", "question_ids")[:RECENT_EXAMS]
        return StudentFacts(extra, answer_days(course_id, student), tuple(study.score_percent for study in exams))

    zone = timezone.get_current_timezone_name()  # the days are local
    return for_user(student.pk, f"quiz-course-facts:{course_id}:{zone}", build)
