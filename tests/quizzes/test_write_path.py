"""What an answer reads and writes (issue 22): the course's FSRS parameters from each process's memory,
fresh as soon as the teacher changes them; the memory state with the session, exactly as stored; and
the answer written only if the session is still as read (no lock, no transaction: one statement)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from fsrs import Rating, State

from quizzes.models import Attempt, Course, MemoryState, StudySession
from quizzes.models.courses import scheduler_for
from tests.services import wait_for_a_waiting_lock

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


def test_an_answer_reads_the_memory_state_with_its_session(student_client, course, enrolled,
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
    # session, study session read with the memory state, the session (only if still as read), the
    # memory state and the attempt written (in one statement on PostgreSQL, `compiled_save_together`):
    # no memory state read, no first-attempt query, no lock, no transaction of its own.
    writes = 1 if connection.vendor == "postgresql" else 3
    with django_assert_num_queries(2 + writes):
        assert student_client.post(url, {"question": question.pk, "choice": right}).status_code == 302
    attempt = Attempt.objects.get()
    expected = MemoryState(student=enrolled, question=question, course=course, **known)
    assert attempt.state_before == expected.snapshot()
    expected.review(Course.scheduler_of(course.pk), Rating.Good, attempt.answered_at)
    state = MemoryState.objects.get(student=enrolled, question=question)
    fields = ("state", "step", "stability", "difficulty", "due", "last_review", "reviews", "lapses")
    assert [getattr(state, name) for name in fields] == [getattr(expected, name) for name in fields]
    # The same question again in the session (a second pass): its memory state read with the session.
    with django_assert_num_queries(2 + writes):
        assert student_client.post(url, {"question": question.pk, "choice": right}).status_code == 302
    assert MemoryState.objects.get(student=enrolled, question=question).reviews == known["reviews"] + 2


def _revision(course, enrolled, question, passes=2):
    return StudySession.objects.create(student=enrolled, course=course, mode=StudySession.Mode.REVISION,
                                       question_ids=[question.pk] * passes)


def _right(question):
    return [c.pk for c in question.choices.all() if c.is_correct]


def test_an_answer_to_a_session_changed_since_its_read_writes_nothing(course, enrolled):
    """Read, then another tab answers: the first answer's write finds the session moved on and
    writes nothing at all (no attempt, no memory state); read again, the question is answered."""
    from quizzes.models import AlreadyAnswered, SessionChanged

    question = course.questions().filter(kind="single").get()
    study = _revision(course, enrolled, question)
    read = StudySession.read_for_answer(enrolled.pk, study.pk, question.pk)
    other_tab = StudySession.read_for_answer(enrolled.pk, study.pk, question.pk)
    other_tab.answer(question, _right(question), as_read=True, **other_tab.read_arguments())
    with pytest.raises(SessionChanged):
        read.answer(question, _right(question), as_read=True, **read.read_arguments())
    assert Attempt.objects.count() == 1 and MemoryState.objects.get().reviews == 1
    assert StudySession.objects.get(pk=study.pk).position == 1
    # Read again: the second pass of the same question is now current, and its answer is recorded.
    again = StudySession.read_for_answer(enrolled.pk, study.pk, question.pk)
    again.answer(question, _right(question), as_read=True, **again.read_arguments())
    assert Attempt.objects.count() == 2 and MemoryState.objects.get().reviews == 2
    finished = StudySession.read_for_answer(enrolled.pk, study.pk, question.pk)
    with pytest.raises(AlreadyAnswered):
        finished.answer(question, _right(question), as_read=True, **finished.read_arguments())


def test_a_self_grade_between_the_read_and_the_write_is_kept(course, enrolled):
    """The session's score and queue changed without moving on (an essay graded in another tab):
    the answer writes nothing over them, and the view reads again and records it."""
    from quizzes.models import SessionChanged

    question = course.questions().filter(kind="single").get()
    study = _revision(course, enrolled, question)
    read = StudySession.read_for_answer(enrolled.pk, study.pk, question.pk)
    StudySession.objects.filter(pk=study.pk).update(correct_count=5)
    with pytest.raises(SessionChanged):
        read.answer(question, _right(question), as_read=True, **read.read_arguments())
    assert not Attempt.objects.exists() and StudySession.objects.get(pk=study.pk).correct_count == 5


def test_the_view_reads_again_when_the_session_changed_meanwhile(student_client, course, enrolled, monkeypatch):
    question = course.questions().filter(kind="single").get()
    study = _revision(course, enrolled, question)
    original, changes = StudySession.read_for_answer, []

    def read_then_another_tab_grades(*args):
        study_read = original(*args)
        if not changes:  # once: between this read and its write
            changes.append(StudySession.objects.filter(pk=study.pk).update(correct_count=5))
        return study_read

    monkeypatch.setattr(StudySession, "read_for_answer", read_then_another_tab_grades)
    response = student_client.post(reverse("quizzes:session", args=[study.pk]),
                                   {"question": question.pk, "choice": _right(question)})
    attempt = Attempt.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("quizzes:feedback", args=[study.pk, attempt.pk])
    assert StudySession.objects.get(pk=study.pk).correct_count == 6  # the other tab's score kept, this answer counted


def test_a_session_that_keeps_changing_is_shown_again_with_a_message(student_client, course, enrolled, monkeypatch):
    """Changed between each read and its write, every time: nothing written, the question shown
    again with a message saying the answer was not saved."""
    from quizzes.views.student import READS_PER_ANSWER

    question = course.questions().filter(kind="single").get()
    study = _revision(course, enrolled, question)
    original, reads = StudySession.read_for_answer, []

    def read_then_another_tab_grades(*args):
        study_read = original(*args)
        reads.append(StudySession.objects.filter(pk=study.pk).update(correct_count=len(reads) + 1))
        return study_read

    monkeypatch.setattr(StudySession, "read_for_answer", read_then_another_tab_grades)
    url = reverse("quizzes:session", args=[study.pk])
    response = student_client.post(url, {"question": question.pk, "choice": _right(question)}, follow=True)
    assert len(reads) == READS_PER_ANSWER and not Attempt.objects.exists()
    assert response.redirect_chain == [(url, 302)]
    assert "votre réponse n'a pas été enregistrée" in response.content.decode().replace("&#x27;", "'")


def test_a_first_attempt_that_meets_another_is_saved_as_a_later_one(course, enrolled):
    """Two practice sessions of the student answer the same new question at once: both read « never
    answered », the first writes the first attempt, the second's is kept as a later one (in the same
    statement), with its session moved on."""
    question = course.questions().filter(kind="single").get()
    sessions = [StudySession.objects.create(student=enrolled, course=course, mode=StudySession.Mode.PRACTICE,
                                            question_ids=[question.pk]) for _ in range(2)]
    reads = [StudySession.read_for_answer(enrolled.pk, study.pk, question.pk) for study in sessions]
    first = reads[0].answer(question, _right(question), as_read=True, **reads[0].read_arguments())
    late = reads[1].answer(question, _right(question), as_read=True, **reads[1].read_arguments())
    assert first.is_first and late.pk and not late.is_first
    assert list(Attempt.objects.order_by("pk").values_list("is_first", flat=True)) == [True, False]
    assert all(study.position == 1 for study in StudySession.objects.filter(pk__in=[s.pk for s in sessions]))


@pytest.mark.django_db(transaction=True)
def test_a_first_memory_state_written_meanwhile_is_read_again(course, enrolled):
    """Two revision sessions answer the same new question at once: the second's first memory state
    meets the first's; its statement writes nothing and the view reads again, then reviews the
    stored state (no error, no lost review)."""
    from quizzes.models import SessionChanged

    question = course.questions().filter(kind="single").get()
    sessions = [_revision(course, enrolled, question, passes=1) for _ in range(2)]
    reads = [StudySession.read_for_answer(enrolled.pk, study.pk, question.pk) for study in sessions]
    reads[0].answer(question, _right(question), as_read=True, **reads[0].read_arguments())
    with pytest.raises(SessionChanged):
        reads[1].answer(question, _right(question), as_read=True, **reads[1].read_arguments())
    assert Attempt.objects.count() == 1 and StudySession.objects.get(pk=sessions[1].pk).position == 0
    again = StudySession.read_for_answer(enrolled.pk, sessions[1].pk, question.pk)
    late = again.answer(question, _right(question), as_read=True, **again.read_arguments())
    assert not late.is_first and MemoryState.objects.get().reviews == 2


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_record_one_answer(course, enrolled):
    """Two submissions of one question at the same moment (PostgreSQL, two connections): both read
    the session before either writes; the second write waits for the first's row, then finds the
    session moved on and writes nothing."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent statements: PostgreSQL")
    from quizzes.models import SessionChanged

    question = course.questions().filter(kind="single").get()
    study = _revision(course, enrolled, question)
    reads = [StudySession.read_for_answer(enrolled.pk, study.pk, question.pk) for _ in range(2)]
    outcome = {}

    def second_submission():
        try:
            reads[1].answer(question, _right(question), as_read=True, **reads[1].read_arguments())
            outcome["second"] = "written"
        except SessionChanged:
            outcome["second"] = "changed"
        finally:
            connection.close()

    with transaction.atomic():  # the first write, its row held until it commits
        reads[0].answer(question, _right(question), as_read=True, **reads[0].read_arguments())
        waiting = threading.Thread(target=second_submission)
        waiting.start()
        wait_for_a_waiting_lock(connection, "the second write")
    waiting.join(10)
    assert outcome == {"second": "changed"}
    assert Attempt.objects.count() == 1 and MemoryState.objects.get().reviews == 1
    assert StudySession.objects.get(pk=study.pk).position == 1
