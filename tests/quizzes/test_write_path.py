"""What an answer reads (issue 22): the course's FSRS parameters from each process's memory, fresh as
soon as the teacher changes them; the memory state with the locked session, exactly as stored."""

import json
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from fsrs import Rating, State

from quizzes.models import Attempt, Course, MemoryState, StudySession
from quizzes.models.courses import scheduler_for

pytestmark = pytest.mark.django_db


def test_the_fsrs_parameters_are_read_once_then_kept_in_memory(course, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = Course.scheduler_of(course.pk)
    with django_assert_num_queries(0):
        again = Course.scheduler_of(course.pk)
    assert first.desired_retention == again.desired_retention == course.desired_retention


def test_a_changed_retention_schedules_the_next_answer_at_once(course, enrolled):
    question = course.questions().filter(kind="single").get()
    now = timezone.now()
    known = {"state": State.Review.value, "stability": 10.0, "difficulty": 5.0, "reviews": 3,
             "last_review": now - timedelta(days=10), "due": now, "last_correct": True}
    MemoryState.objects.create(student=enrolled, question=question, course=course, **known)
    Course.scheduler_of(course.pk)  # in memory, at the default retention
    course.desired_retention = 0.7
    course.save()
    study = StudySession.objects.create(student=enrolled, course=course, mode=StudySession.Mode.REVISION,
                                        question_ids=[question.pk])
    study.answer(question, [c.pk for c in question.choices.all() if c.is_correct], now=now)
    state = MemoryState.objects.get(student=enrolled, question=question)
    at = {}
    for retention in (0.7, course._meta.get_field("desired_retention").default):
        expected = MemoryState(student=enrolled, question=question, course=course, **known)
        expected.review(scheduler_for(retention), Rating.Good, now)
        at[retention] = expected.due
    assert at[0.7] != at[course._meta.get_field("desired_retention").default]
    assert state.due == at[0.7]


def test_an_answer_reads_the_memory_state_with_its_locked_session(student_client, course, enrolled,
                                                                  django_assert_num_queries):
    question = course.questions().filter(kind="single").get()
    now = timezone.now()
    known = {"state": State.Review.value, "step": None, "stability": 1 / 3, "difficulty": 5.123456789012345,
             "reviews": 3, "lapses": 1, "last_review": now - timedelta(days=3, microseconds=123457),
             "due": now - timedelta(hours=1), "last_correct": True}
    MemoryState.objects.create(student=enrolled, question=question, course=course, **known)
    study = StudySession.objects.create(student=enrolled, course=course, mode=StudySession.Mode.REVISION,
                                        question_ids=[question.pk, question.pk])
    right = [c.pk for c in question.choices.all() if c.is_correct]
    url = reverse("quizzes:session", args=[study.pk])
    assert student_client.get(url).status_code == 200  # the person and the question now in memory
    # session, savepoint, study session locked with the memory state, the memory state, attempt and
    # session written (in one statement on PostgreSQL, `compiled_save_together`), release: no memory
    # state read, no first-attempt query.
    writes = 1 if connection.vendor == "postgresql" else 3
    with django_assert_num_queries(4 + writes):
        assert student_client.post(url, {"question": question.pk, "choice": right}).status_code == 302
    attempt = Attempt.objects.get()
    expected = MemoryState(student=enrolled, question=question, course=course, **known)
    assert attempt.state_before == expected.snapshot()
    expected.review(Course.scheduler_of(course.pk), Rating.Good, attempt.answered_at)
    state = MemoryState.objects.get(student=enrolled, question=question)
    fields = ("state", "step", "stability", "difficulty", "due", "last_review", "reviews", "lapses")
    assert [getattr(state, name) for name in fields] == [getattr(expected, name) for name in fields]
    # The same question again in the session (a second pass): read with the lock as well, since the
    # first pass's answer was recorded before this one began (`StudySession.read_with_lock`).
    with django_assert_num_queries(4 + writes):
        assert student_client.post(url, {"question": question.pk, "choice": right}).status_code == 302
    assert MemoryState.objects.get(student=enrolled, question=question).reviews == known["reviews"] + 2


@pytest.mark.django_db(transaction=True)
def test_an_answer_recorded_while_the_lock_waited_is_read_again(course, enrolled):
    """Two submissions of one session at once (PostgreSQL's row lock): the second waits for the first,
    then gets the session row as the first left it, but its other reads come from before it."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks and read committed snapshots: PostgreSQL")
    question = course.questions().filter(kind="single").get()
    study = StudySession.objects.create(student=enrolled, course=course, mode=StudySession.Mode.REVISION,
                                        question_ids=[question.pk, question.pk])
    MemoryState.objects.create(student=enrolled, question=question, course=course, reviews=1)
    read = {}

    def second_submission():
        try:
            with transaction.atomic():
                locked = StudySession.locked_for_answer(enrolled.pk, study.pk, question.pk)
                read.update(position=locked.position, memory=locked.memory, arguments=locked.read_with_lock())
        finally:
            connection.close()

    with transaction.atomic():  # the first submission records its answer
        StudySession.objects.select_for_update().filter(pk=study.pk).update(position=1)
        MemoryState.objects.filter(student=enrolled, question=question).update(reviews=2)
        waiting = threading.Thread(target=second_submission)
        waiting.start()
        with connection.cursor() as cursor:
            for _ in range(100):  # until the second submission waits for the lock
                cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.05)
            else:
                pytest.fail("the second submission never waited for the lock")
    waiting.join(10)
    assert read["position"] == 1  # the row as the first submission left it
    assert json.loads(read["memory"])["reviews"] == 1  # the memory state from before it
    assert read["arguments"] == {}  # so the answer reads it again
