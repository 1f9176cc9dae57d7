from datetime import timedelta

import pytest
from django.utils import timezone
from fsrs import Rating

from quizzes.models import (
    JOIN_CODE_ALPHABET,
    Attempt,
    Course,
    MemoryState,
    Question,
    StudySession,
    day_streak,
    generate_join_code,
    normalize_answer,
    retrievability,
)

pytestmark = pytest.mark.django_db


def test_join_code_has_8_characters_without_look_alikes():
    codes = {generate_join_code() for _ in range(200)}
    assert len(codes) > 190
    for code in codes:
        assert len(code) == 8
        assert not set(code) & set("0O1IL2Z5S8B")
        assert set(code) <= set(JOIN_CODE_ALPHABET)


def test_free_answers_compare_without_case_or_accents():
    assert normalize_answer("  Sécurité  SOCIALE ") == normalize_answer("securite sociale")


def test_grading_each_kind(course):
    single, multiple, true_false, short = course.questions().order_by("chapter__position", "position")
    right = [c.pk for c in single.choices.all() if c.is_correct]
    assert single.grade(right) == (True, str(right[0]))
    assert single.grade([single.choices.first().pk])[0] is False
    both = [c.pk for c in multiple.choices.all() if c.is_correct]
    assert multiple.grade(both)[0] is True
    assert multiple.grade(both[:1])[0] is False, "a partial answer is wrong"
    assert multiple.grade([c.pk for c in multiple.choices.all()])[0] is False
    assert true_false.grade([true_false.choices.get(text="Vrai").pk])[0] is True
    assert short.grade(text=" Deux mille VINGT ")[0] is True
    assert short.grade(text="2019")[0] is False
    assert single.grade([999999])[0] is False, "a choice of another question is ignored"


def _answer(course, student, question, right: bool, when):
    session = StudySession.objects.create(student=student, course=course, mode=StudySession.Mode.REVISION, question_ids=[question.pk])
    if question.kind == Question.Kind.SHORT:
        return session.answer(question, text="2020" if right else "non", now=when)
    choices = [c.pk for c in question.choices.all() if c.is_correct == right][:1]
    return session.answer(question, choice_ids=choices, now=when)


def test_right_answer_pushes_due_date_out_and_wrong_brings_it_in(course, enrolled):
    question = course.questions().get(kind=Question.Kind.SINGLE)
    start = timezone.now() - timedelta(days=30)
    # Build a mature card: several right answers spaced out.
    when = start
    for _ in range(4):
        _answer(course, enrolled, question, True, when)
        state = MemoryState.objects.get(student=enrolled, question=question)
        when = state.due + timedelta(minutes=1)
    before = MemoryState.objects.get(student=enrolled, question=question)
    assert before.due - before.last_review > timedelta(days=3)

    # Same moment, two outcomes: right pushes further out than the current interval, wrong brings in.
    scheduler = course.scheduler()
    right_state = MemoryState.objects.get(pk=before.pk)
    right_state.review(scheduler, Rating.Good, when)
    wrong_state = MemoryState.objects.get(pk=before.pk)
    wrong_state.review(scheduler, Rating.Again, when)
    assert right_state.due - when > before.due - before.last_review
    assert wrong_state.due - when < timedelta(days=1)
    assert wrong_state.lapses == before.lapses + 1
    assert right_state.stability > before.stability > wrong_state.stability


def test_answer_records_attempt_first_flag_and_memory_state(course, enrolled):
    question = course.questions().get(kind=Question.Kind.SHORT)
    now = timezone.now()
    first = _answer(course, enrolled, question, False, now)
    second = _answer(course, enrolled, question, True, now + timedelta(minutes=20))
    assert (first.is_first, first.is_correct, first.response_key) == (True, False, "non")
    assert (second.is_first, second.is_correct) == (False, True)
    state = MemoryState.objects.get(student=enrolled, question=question)
    assert state.reviews == 2 and state.lapses == 1
    assert state.last_review == now + timedelta(minutes=20)


def test_practice_does_not_touch_memory_state(course, enrolled):
    question = course.questions().get(kind=Question.Kind.SHORT)
    session = StudySession.objects.create(student=enrolled, course=course, mode=StudySession.Mode.PRACTICE, question_ids=[question.pk])
    session.answer(question, text="2020")
    assert not MemoryState.objects.exists()
    assert Attempt.objects.get().mode == "practice"
    session.refresh_from_db()
    assert session.is_finished and session.correct_count == 1


def test_revision_session_serves_due_questions_first_then_new_ones_capped(course, enrolled):
    questions = list(course.questions().order_by("chapter__position", "position"))
    now = timezone.now()
    # The last question was seen and is overdue; the third is seen but not due.
    MemoryState.objects.create(student=enrolled, course=course, question=questions[3], due=now - timedelta(days=2),
                               stability=1.0, difficulty=5.0, state=2, last_review=now - timedelta(days=5))
    MemoryState.objects.create(student=enrolled, course=course, question=questions[2], due=now + timedelta(days=4),
                               stability=9.0, difficulty=5.0, state=2, last_review=now - timedelta(days=1))
    session = StudySession.start(course, enrolled, StudySession.Mode.REVISION, size=2, now=now)
    assert session.question_ids == [questions[3].pk, questions[0].pk]
    full = StudySession.start(course, enrolled, StudySession.Mode.REVISION, now=now)
    assert full.question_ids == [questions[3].pk, questions[0].pk, questions[1].pk]


def test_exam_has_a_deadline(course, enrolled):
    course.exam_minutes = 5
    session = StudySession.start(course, enrolled, StudySession.Mode.EXAM)
    assert len(session.question_ids) == 4
    assert session.seconds_left() <= 300
    assert not session.is_expired()
    assert session.is_expired(timezone.now() + timedelta(minutes=6))


def test_retrievability_matches_fsrs(course):
    scheduler = course.scheduler()
    now = timezone.now()
    state = MemoryState(stability=4.0, difficulty=5.0, state=2, last_review=now - timedelta(days=4), due=now)
    expected = scheduler.get_card_retrievability(state.to_card(), now)
    assert retrievability(4.0, now - timedelta(days=4), now, scheduler._DECAY, scheduler._FACTOR) == pytest.approx(expected)
    assert retrievability(4.0, now - timedelta(days=4), now, scheduler._DECAY, scheduler._FACTOR) == pytest.approx(0.9, abs=0.001)


def test_day_streak():
    today = timezone.localdate()
    days = {today - timedelta(days=n) for n in (0, 1, 2, 5)}
    assert day_streak(days, today) == 3
    assert day_streak({today - timedelta(days=1)}, today) == 1, "today not done yet keeps yesterday's streak"
    assert day_streak({today - timedelta(days=3)}, today) == 0
    assert day_streak(set(), today) == 0


def test_chapter_move(course):
    first, second = course.chapters.all()
    assert second.move(-1)
    assert list(course.chapters.values_list("title", flat=True)) == ["Le Ségur", "Le DP"]
    assert not Course.objects.get(pk=course.pk).chapters.first().move(-1)


def test_question_text_is_sanitised_on_save(course):
    question = course.questions().first()
    question.text = '<p onclick="x()">Texte<script>alert(1)</script></p>'
    question.explanation = '<a href="javascript:alert(1)">voir</a>'
    question.save()
    question.refresh_from_db()
    assert question.text == "<p>Texte</p>"
    assert "javascript" not in question.explanation


def test_the_same_question_answered_twice_in_one_session_counts_once(course, student):
    """Two tabs or a double click: the second submission finds the question answered."""
    from quizzes.models import AlreadyAnswered

    session = StudySession.start(course, student, StudySession.Mode.PRACTICE)
    question = Question.objects.get(pk=session.current_question_id)
    stale = StudySession.objects.get(pk=session.pk)  # the other tab's copy
    session.answer(question, choice_ids=[], text="x")
    with pytest.raises(AlreadyAnswered):
        stale.answer(question, choice_ids=[], text="x")
    assert Attempt.objects.filter(session=session, question=question).count() == 1
    assert StudySession.objects.get(pk=session.pk).position == 1


def test_one_first_attempt_per_student_and_question_even_across_sessions(course, student):
    from django.db import IntegrityError, transaction

    first = StudySession.start(course, student, StudySession.Mode.PRACTICE)
    question = Question.objects.get(pk=first.current_question_id)
    attempt = first.answer(question, text="x")
    assert attempt.is_first
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(
            student=student, course=course, question=question, mode=first.mode, is_correct=False, is_first=True
        )


def test_a_first_answer_given_meanwhile_in_another_session_makes_this_one_a_later_attempt(course, student):
    """Two sessions of one student answer the same question for the first time at once: both read
    « never answered »; the one that writes second is recorded as a later attempt, not refused."""
    practice = StudySession.Mode.PRACTICE
    first = StudySession.start(course, student, practice)
    other = StudySession.objects.create(student=student, course=course, mode=practice,
                                        question_ids=first.question_ids)
    question = Question.objects.get(pk=first.current_question_id)
    assert first.answer(question, text="x").is_first
    late = other.answer(question, text="x", state=None, answered_before=False)  # read before the first was saved
    assert late.pk and not late.is_first
    assert Attempt.objects.filter(student=student, question=question, is_first=True).count() == 1
    assert StudySession.objects.get(pk=other.pk).position == 1


@pytest.mark.parametrize(
    ("choices", "valid"),
    [
        ([("Vrai", True), ("Faux", False)], True),
        ([("faux", True), ("VRAI", False)], True),  # case does not matter
        ([("Oui", True), ("Non", False)], False),  # a true/false question says Vrai and Faux
        ([("Vrai", True), ("Faux", False), ("Peut-être", False)], False),
        ([("Vrai", True)], False),
    ],
)
def test_true_false_is_a_real_type(choices, valid):
    from quizzes.models import Question

    errors = Question.answer_errors(Question.Kind.TRUE_FALSE, choices=choices)
    assert (errors == {}) is valid, errors


def test_numerical_questions_accept_a_tolerance_and_french_commas(course):
    from quizzes.models import Question, format_number, parse_number
    from tests.quizzes.factories import QuestionFactory

    question = QuestionFactory(chapter=course.chapters.first(), kind=Question.Kind.NUMERICAL,
                               numeric_answer=3.5, numeric_tolerance=0.1)
    assert question.grade(text="3,5") == (True, "3,5")
    assert question.grade(text=" 3.45 ")[0] and question.grade(text="3,6")[0]
    assert question.grade(text="3,7") == (False, "3,7")
    assert question.grade(text="trois")[0] is False
    assert question.correct_answer_display() == "3,5 (± 0,1)"
    assert [parse_number(t) for t in ("1 000", "-2", ",5", "abc", "3,5,1", "")] == [1000.0, -2.0, 0.5, None, None, None]
    assert format_number(4.0) == "4"
    exact = QuestionFactory(chapter=course.chapters.first(), kind=Question.Kind.NUMERICAL, numeric_answer=21)
    assert exact.grade(text="21")[0] and not exact.grade(text="21,01")[0]
    assert Question.answer_errors(Question.Kind.NUMERICAL, number=None) == {
        "numeric_answer": "Indiquez la valeur attendue : un nombre, par exemple 3,5."
    }
