"""An essay (graded by the student) with the confidence and relearning rules of the session."""

import pytest
from django.urls import reverse

from quizzes.models import Attempt, Question, StudySession
from quizzes.relearning import GAP, settle
from tests.quizzes.factories import add_question


def test_settle_brings_back_once_and_cancels_a_return_not_yet_asked():
    assert settle([1, 2, 3, 4, 5], 1, 1, is_correct=False) == [1, 2, 3, 4, 1, 5]
    assert settle([1, 2, 3, 4, 1, 5], 1, 1, is_correct=False) == [1, 2, 3, 4, 1, 5], "already coming back"
    assert settle([1, 2, 3, 4, 1, 5], 1, 1, is_correct=True) == [1, 2, 3, 4, 5]
    assert settle([1, 2, 3], 1, 1, is_correct=True) == [1, 2, 3]


@pytest.mark.django_db
def test_an_essay_asks_no_confidence_and_comes_back_only_when_self_graded_a_revoir(student_client, course, enrolled):
    chapter = course.chapters.first()
    essay = add_question(chapter, Question.Kind.ESSAY, "<p>Expliquez le double contrôle.</p>")
    essay.model_answer = "Un second pharmacien revérifie l'ordonnance."
    essay.save()
    others = list(course.questions().exclude(pk=essay.pk).exclude(kind=Question.Kind.ESSAY).values_list("pk", flat=True))
    ids = [essay.pk, *others[:4]]
    session = StudySession.objects.create(course=course, student=enrolled, mode=StudySession.Mode.PRACTICE,
                                          question_ids=ids)
    url = reverse("quizzes:session", args=[session.pk])
    page = student_client.get(url).content.decode()
    assert "<textarea" in page and 'name="confidence"' not in page, "the self-grade says the confidence"

    response = student_client.post(url, {"question": essay.pk, "text": "Un collègue revérifie.", "confidence": "sur"})
    attempt = Attempt.objects.get(session=session)
    session.refresh_from_db()
    assert attempt.confident is None and session.question_ids == ids, "no return before the student's grade"
    assert "reviendra dans la séance" in student_client.get(response.url).content.decode()

    student_client.post(response.url, {"grade": "a-revoir"})
    session.refresh_from_db()
    assert session.question_ids == ids[:1 + GAP] + [essay.pk] + ids[1 + GAP:]
    assert session.correct_count == 0

    student_client.post(response.url, {"grade": "correct"})
    session.refresh_from_db()
    assert session.question_ids == ids and session.correct_count == 1
