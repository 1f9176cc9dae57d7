"""Mastery that is earned (issue 23 items 5, 6 and 7): confidence, stable-memory mastery, relearning."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from fsrs import Rating

from quizzes import confidence, mastery, relearning
from quizzes.models import Attempt, Enrollment, MemoryState, Question, StudySession
from quizzes.progress import course_progress
from quizzes.stats import course_results
from tests.quizzes.factories import add_question, finish_session, right_post

pytestmark = pytest.mark.django_db


def _wrong_post(question) -> dict:
    if question.is_free_answer:
        return {"question": question.pk, "text": "jamais"}
    return {"question": question.pk, "choice": [c.pk for c in question.choices.all() if not c.is_correct][:1]}


def _session(course, student, questions, mode=StudySession.Mode.REVISION):
    return StudySession.objects.create(student=student, course=course, mode=mode, question_ids=[q.pk for q in questions])


def _right(question):
    return {"choice_ids": [c.pk for c in question.choices.all() if c.is_correct]} if question.has_choices else {"text": "2020"}


def _wrong(question):
    return {"choice_ids": [c.pk for c in question.choices.all() if not c.is_correct][:1]} if question.has_choices else {"text": "non"}


def _ten_questions(course):
    chapter = course.chapters.first()
    return [add_question(chapter, Question.Kind.SINGLE, f"<p>Question {n} ?</p>", [("Oui", True), ("Non", False)])
            for n in range(10)]


# --- Item 6: mastery is a stable memory, never one answer ----------------------------------------

def test_the_rule_is_a_stability_of_21_days_and_a_right_last_answer():
    assert mastery.MASTERY_STABILITY_DAYS == 21
    assert mastery.is_mastered(21.0, True) and mastery.is_mastered(200.0, True)
    assert not mastery.is_mastered(20.99, True)
    assert not mastery.is_mastered(50.0, False), "a wrong last answer is never mastered"
    assert not mastery.is_mastered(None, True)


@pytest.mark.parametrize("grade", [Rating.Hard, Rating.Good, Rating.Easy])
def test_one_right_answer_never_gives_mastery_whatever_its_grade(course, enrolled, grade):
    question = course.questions().get(kind=Question.Kind.SINGLE)
    attempt = _session(course, enrolled, [question]).answer(question, **_right(question))
    if grade != Rating.Good:
        attempt.regrade(grade, course.scheduler())
    state = MemoryState.objects.get(question=question)
    assert state.last_correct and state.stability < mastery.MASTERY_STABILITY_DAYS
    assert not state.is_mastered
    assert course_progress(course, enrolled).mastered == 0


def test_mastery_is_earned_by_spaced_right_answers_and_lost_by_a_wrong_one(course, enrolled):
    question = course.questions().get(kind=Question.Kind.SINGLE)
    when = timezone.now() - timedelta(days=400)
    answers = 0
    while True:
        _session(course, enrolled, [question]).answer(question, now=when, **_right(question))
        answers += 1
        state = MemoryState.objects.get(question=question)
        if state.is_mastered:
            break
        when = state.due + timedelta(hours=1)  # back when FSRS asks for it
        assert answers < 10
    assert answers >= 3, "mastery takes several spaced right answers"
    assert course_progress(course, enrolled).mastered == 1
    _session(course, enrolled, [question]).answer(question, now=state.due, **_wrong(question))
    state.refresh_from_db()
    assert not state.is_mastered and course_progress(course, enrolled).mastered == 0


def test_ten_wrong_or_unsure_answers_raise_no_mastery(client, course, enrolled):
    """The student story: a session of wrong answers, or right but « pas sûr », leaves mastery at 0 %."""
    questions = _ten_questions(course)
    client.force_login(enrolled)
    session = _session(course, enrolled, questions)
    url = reverse("quizzes:session", args=[session.pk])
    for turn in range(10):
        session.refresh_from_db()
        question = Question.objects.get(pk=session.current_question_id)
        data = _wrong_post(question) if turn % 2 else {**right_post(question), "confidence": confidence.UNSURE}
        client.post(url, data)
    assert Attempt.objects.filter(session=session).count() == 10
    assert course_progress(course, enrolled).mastery_percent == 0
    assert course_results(course).students[0].mastery_percent == 0


def test_the_teacher_results_count_mastery_with_the_same_rule(course, enrolled, other_student):
    Enrollment.objects.create(course=course, student=other_student)
    questions = list(course.questions())
    now = timezone.now()
    for student, question, stability, right in (
        (enrolled, questions[0], 30.0, True),   # mastered
        (enrolled, questions[1], 20.0, True),   # not yet: stability under 21 days
        (enrolled, questions[2], 40.0, False),  # not: the last answer was wrong
        (other_student, questions[0], 21.0, True),  # mastered
    ):
        MemoryState.objects.create(student=student, course=course, question=question, stability=stability, difficulty=5,
                                   state=2, last_review=now, due=now + timedelta(days=stability), last_correct=right)
    results = course_results(course)
    by_student = {row.enrollment.student_id: row.mastered for row in results.students}
    assert by_student == {enrolled.pk: course_progress(course, enrolled).mastered, other_student.pk: 1}
    assert by_student[enrolled.pk] == 1
    assert sum(chapter.mastered for chapter in results.chapters) == 2


def test_the_course_page_says_what_mastery_is(student_client, course):
    page = student_client.get(reverse("quizzes:course", args=[course.pk])).text
    assert "dans 21 jours" in page and "une seule bonne réponse ne suffit jamais" in page


# --- Item 5: confidence ---------------------------------------------------------------------------

def test_confidence_rules():
    assert confidence.read("sur") is True and confidence.read("pas_sur") is False and confidence.read("") is None
    assert confidence.rating(True, True) == Rating.Good
    assert confidence.rating(True, None) == Rating.Good
    assert confidence.rating(True, False) == Rating.Hard
    assert confidence.rating(False, True) == confidence.rating(False, False) == Rating.Again
    sure_wrong = Attempt(is_correct=False, confident=True)
    assert confidence.is_misconception(sure_wrong)
    assert not confidence.is_misconception(Attempt(is_correct=False, confident=False))
    assert not confidence.is_misconception(Attempt(is_correct=True, confident=True))
    assert not confidence.is_misconception(Attempt(is_correct=False, dont_know=True, confident=None))


def test_the_question_asks_sure_or_not_sure_with_plain_buttons(student_client, course):
    student_client.post(reverse("quizzes:start", args=[course.pk, "revision"]))
    page = student_client.get(reverse("quizzes:session", args=[StudySession.objects.latest("pk").pk])).text
    assert 'name="confidence" value="sur" data-key="s"' in page
    assert 'name="confidence" value="pas_sur" data-key="p"' in page
    assert "(touches S et P)" in page
    student_client.post(reverse("quizzes:start", args=[course.pk, "exam"]))
    exam = student_client.get(reverse("quizzes:session", args=[StudySession.objects.latest("pk").pk])).text
    assert 'name="confidence"' not in exam and "Valider et continuer" in exam


def test_right_but_not_sure_is_graded_hard(student_client, course, enrolled):
    question = course.questions().get(kind=Question.Kind.SINGLE)
    session = _session(course, enrolled, [question])
    url = reverse("quizzes:session", args=[session.pk])
    response = student_client.post(url, {**right_post(question), "confidence": "pas_sur"})
    attempt = Attempt.objects.get(question=question)
    assert (attempt.is_correct, attempt.confident, attempt.rating) == (True, False, Rating.Hard)
    direct = MemoryState(student=enrolled, question=question, course=course)
    direct.review(course.scheduler(), Rating.Hard, attempt.answered_at)
    assert MemoryState.objects.get(question=question).stability == direct.stability
    assert "étiez pas sûr : la réponse compte comme « Difficile »" in student_client.get(response.url).text


def test_right_and_sure_is_graded_good(student_client, course, enrolled):
    question = course.questions().get(kind=Question.Kind.SINGLE)
    url = reverse("quizzes:session", args=[_session(course, enrolled, [question]).pk])
    student_client.post(url, {**right_post(question), "confidence": "sur"})
    assert Attempt.objects.get(question=question).rating == Rating.Good


def test_wrong_but_sure_is_flagged_as_a_misconception_in_the_summary(student_client, course, enrolled):
    single = course.questions().get(kind=Question.Kind.SINGLE)
    short = course.questions().get(kind=Question.Kind.SHORT)
    session = _session(course, enrolled, [single, short], mode=StudySession.Mode.PRACTICE)
    url = reverse("quizzes:session", args=[session.pk])
    response = student_client.post(url, {**_wrong_post(single), "confidence": "sur"})
    assert "idée fausse à corriger" in student_client.get(response.url).text
    student_client.post(url, {**_wrong_post(short), "confidence": "pas_sur"})  # wrong but unsure: not one
    finish_session(student_client, session)
    summary = student_client.get(url).text
    assert "Idées fausses à corriger" in summary
    section = summary.split("Idées fausses à corriger", 1)[1].split("</section>", 1)[0]
    assert "Durée des vaccins" in section and "Année du Ségur" not in section
    assert "12 mois" in section  # the answer the student was sure of


# --- Item 7: relearning in the session ------------------------------------------------------------

def test_requeue_puts_the_question_a_few_others_later_or_at_the_end():
    assert relearning.requeue([1, 2, 3, 4, 5, 6], 1, 1) == [1, 2, 3, 4, 1, 5, 6]
    assert relearning.requeue([1, 2, 3], 2, 2) == [1, 2, 3, 2]
    assert relearning.repeat_number([1, 2, 3, 1], 3, 1) == 1
    assert relearning.repeat_number([1, 2, 3, 1], 0, 1) == 0
    assert relearning.returned_count([1, 2, 3, 1, 2, 1]) == 2
    assert relearning.distinct_count([1, 2, 3, 1, 2, 1]) == 3


def test_a_failed_question_comes_back_after_three_others_until_answered_right(course, enrolled):
    questions = _ten_questions(course)[:6]
    session = _session(course, enrolled, questions)
    first = questions[0]
    session.answer(first, **_wrong(first))
    assert session.question_ids[relearning.GAP + 1] == first.pk
    for question in questions[1:4]:
        session.answer(question, **_right(question))
    assert session.current_question_id == first.pk
    session.answer(first, dont_know=True)  # still not known: it comes back again
    assert session.question_ids.count(first.pk) == 3
    for question in questions[4:]:
        session.answer(question, **_right(question))
    again = session.answer(first, **_right(first))
    assert again.repeat == 2 and again.is_correct and not again.is_first
    assert session.is_finished and session.question_ids.count(first.pk) == 3
    assert (session.correct_count, session.question_count, session.score_percent) == (5, 6, 83)
    assert session.returned_count == 1
    assert MemoryState.objects.get(question=first).reviews == 3


def test_a_question_never_comes_back_in_the_mock_exam(course, enrolled):
    questions = list(course.questions())
    session = StudySession.start(course, enrolled, StudySession.Mode.EXAM)
    for pk in list(session.question_ids):
        question = next(q for q in questions if q.pk == pk)
        session.answer(question, **_wrong(question))
    assert session.is_finished and session.returned_count == 0


def test_the_summary_shows_how_many_questions_came_back(student_client, course, enrolled):
    questions = list(course.questions().order_by("chapter__position", "position"))
    session = _session(course, enrolled, questions)
    url = reverse("quizzes:session", args=[session.pk])
    student_client.post(url, {"question": questions[0].pk, "dont_know": "1"})
    returning = None
    for _turn in range(4):
        session.refresh_from_db()
        if session.current_question_id == questions[0].pk:
            returning = student_client.get(url).text
        question = Question.objects.get(pk=session.current_question_id)
        student_client.post(url, right_post(question))
    assert returning is not None and "Cette question revient" in returning
    summary = student_client.get(url).text
    assert "1 question est revenue dans la séance" in summary
    assert "3 bonnes réponses sur 4 (75 %)" in summary
