"""Mastery, facility, discrimination and the most chosen wrong answer on a known data set."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt, Enrollment, MemoryState, Question
from quizzes.progress import course_progress
from quizzes.stats import QuestionResult, course_results
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# First attempts: A ✓✓✗✗ (2), B ✓✓✓✗ (3), C ✗✓✗✓ (2), D ✗✗✗✓ (1)
GRID = {
    "A": [True, True, False, False],
    "B": [True, True, True, False],
    "C": [False, True, False, True],
    "D": [False, False, False, True],
}


def wrong_key(question):
    if question.kind == Question.Kind.SHORT:
        return "2019"
    return str(next(c.pk for c in question.choices.all() if not c.is_correct))


def right_key(question):
    if question.kind == Question.Kind.SHORT:
        return "2020"
    return ",".join(str(c.pk) for c in question.choices.all() if c.is_correct)


@pytest.fixture
def dataset(course):
    questions = list(course.questions().order_by("chapter__position", "position"))
    students = {}
    now = timezone.now()
    for name, row in GRID.items():
        user = UserFactory(last_name=f"Élève {name}", kind="student")
        Enrollment.objects.create(course=course, student=user)
        students[name] = user
        for question, right in zip(questions, row, strict=True):
            Attempt.objects.create(
                student=user, course=course, question=question, mode="revision", is_correct=right, is_first=True,
                response_key=right_key(question) if right else wrong_key(question), answered_at=now - timedelta(days=3),
            )
    # A second, later attempt that counts in attempts and wrong answers but not in facility.
    Attempt.objects.create(student=students["A"], course=course, question=questions[2], mode="practice",
                           is_correct=False, response_key=wrong_key(questions[2]), answered_at=now)
    # Memory: A masters q1 (stable memory: stability 30 days, right last time); q2 is not (stability 1 day).
    for question, stability, days_ago in ((questions[0], 30, 1), (questions[1], 1, 10)):
        last = now - timedelta(days=days_ago)
        MemoryState.objects.create(student=students["A"], course=course, question=question, stability=stability, difficulty=5,
                                   state=2, last_review=last, due=last + timedelta(days=stability), last_correct=True)
    UserFactory(kind="student")  # not enrolled: never counted
    return questions, students


def test_question_indices(course, dataset):
    questions, _students = dataset
    results = course_results(course)
    by_id = {row.question.pk: row for row in results.questions}
    facility = [by_id[q.pk].facility for q in questions]
    assert facility == [0.5, 0.75, 0.25, 0.5]
    # Upper group = B (3/4), lower group = D (1/4): D = p(upper) - p(lower).
    assert [by_id[q.pk].discrimination for q in questions] == [1.0, 1.0, 1.0, -1.0]
    assert by_id[questions[2].pk].attempts == 5
    assert by_id[questions[2].pk].top_wrong == "Faux"
    assert by_id[questions[2].pk].top_wrong_count == 4
    assert by_id[questions[0].pk].top_wrong == "12 mois"
    assert by_id[questions[3].pk].top_wrong == "2019"
    assert by_id[questions[3].pk].needs_attention, "negative discrimination"
    assert by_id[questions[2].pk].needs_attention, "facility 25 %"
    assert not by_id[questions[1].pk].needs_attention


def test_an_easy_question_is_not_flagged_for_its_low_discrimination(course):
    question = course.questions().first()
    easy = QuestionResult(question, first_attempts=10, first_right=10, discrimination=0.0)
    assert not easy.needs_attention
    middling = QuestionResult(question, first_attempts=10, first_right=6, discrimination=0.1)
    assert middling.needs_attention
    assert not QuestionResult(question).needs_attention, "never answered"


def test_student_and_chapter_figures(course, dataset):
    _questions, students = dataset
    results = course_results(course)
    rows = {row.student.pk: row for row in results.students}
    a = rows[students["A"].pk]
    assert (a.seen, a.mastered, a.mastery_percent) == (4, 1, 25)
    assert a.last_activity > timezone.now() - timedelta(minutes=5)
    assert len(results.students) == 4
    chapters = {row.chapter.title: row for row in results.chapters}
    assert len(chapters["Le DP"].questions) == 3
    assert chapters["Le DP"].facility_percent == 50  # (0.5 + 0.75 + 0.25) / 3
    assert chapters["Le Ségur"].facility_percent == 50
    assert chapters["Le DP"].mastery_percent == 8  # 1 mastered of 4 students x 3 questions


def test_student_progress(course, dataset):
    questions, students = dataset
    progress = course_progress(course, students["A"])
    dp, segur = progress.chapters
    assert (dp.total, dp.seen, dp.mastered, dp.due) == (3, 2, 1, 1)
    assert dp.next_review < timezone.now()
    assert (segur.total, segur.seen, segur.next_review) == (1, 0, None)
    assert progress.mastery_percent == 25
    assert progress.new == 2
    assert progress.streak == 1, "answered today, not yesterday"


def test_the_streak_counts_local_days_whatever_the_number_of_answers(course, student):
    """The days of the streak are Paris days, counted by the database: an answer at 23:30 belongs
    to its evening, one at 00:30 to the next day, and many answers make one day."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    paris = ZoneInfo("Europe/Paris")
    question = course.questions().first()
    today = timezone.localdate()
    moments = [datetime.combine(today - timedelta(days=2), time(23, 30), paris),
               datetime.combine(today - timedelta(days=1), time(0, 30), paris),
               *(datetime.combine(today, time(8, minute), paris) for minute in range(20))]
    Attempt.objects.bulk_create(
        Attempt(student=student, course=course, question=question, mode="revision", is_correct=True, answered_at=moment)
        for moment in moments
    )
    now = datetime.combine(today, time(9), paris)
    assert course_progress(course, student, now=now).streak == 3


def test_results_queries_do_not_grow_with_students(course, dataset, django_assert_num_queries):
    # chapters, questions, choices, enrollments, mastered per student and per question, attempts
    # per student and per question, wrong answers, first attempts of the upper and lower groups.
    with django_assert_num_queries(10):
        course_results(course)
    UserFactory(kind="student")
    with django_assert_num_queries(10):
        course_results(course)


def test_point_biserial_needs_ten_students_and_flags_negative_discrimination():
    from quizzes.stats import QuestionResult, point_biserial

    value, reason = point_biserial([(0.5, True)] * 9)
    assert value is None and "10" in reason
    # Strong students fail, weak students succeed: negative correlation.
    pairs = [(0.9, False)] * 5 + [(0.2, True)] * 5
    value, reason = point_biserial(pairs)
    assert value == pytest.approx(-1.0) and reason == ""
    healthy = [(0.9, True)] * 4 + [(0.8, True), (0.3, False), (0.2, False), (0.4, True), (0.1, False), (0.5, False)]
    assert point_biserial(healthy)[0] > 0.5
    row = QuestionResult(question=None, first_attempts=10, first_right=5, point_biserial=value)
    assert row.negative_discrimination and row.needs_attention
