"""The student's pages read the course, its outline (chapters, the chapter of each question) and the
questions with their choices from each process's memory (issue 22): fewer queries, and a teacher's
change is seen at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.models import Course, Question, StudySession
from tests.quizzes.factories import ChapterFactory, add_question

pytestmark = pytest.mark.django_db


def course_page(client, course):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("quizzes:course", args=[course.pk]))
    assert response.status_code == 200
    return response.text, [q["sql"] for q in queries.captured_queries]


def test_the_course_and_its_outline_come_from_memory(student_client, course):
    course_page(student_client, course)  # in memory now
    _page, queries = course_page(student_client, course)
    assert not [sql for sql in queries if 'FROM "quizzes_course"' in sql or 'FROM "quizzes_chapter"' in sql]
    assert not [sql for sql in queries if 'FROM "quizzes_question"' in sql]
    assert Course.shared(course.pk).outline() == course.outline()


def test_a_new_chapter_and_question_and_title_show_at_once(student_client, course):
    page, _queries = course_page(student_client, course)
    assert "0/4" in page
    chapter = ChapterFactory(course=course, title="Le dossier médical partagé")
    add_question(chapter, Question.Kind.TRUE_FALSE, "<p>Le DMP est gratuit.</p>", [("Vrai", True), ("Faux", False)])
    course.title = "Le numérique en santé"
    course.save()
    page, _queries = course_page(student_client, course)
    assert "0/5" in page and "Le dossier médical partagé" in page and "Le numérique en santé" in page


def test_a_course_the_student_left_is_404_at_once(student_client, course, enrolled):
    course_page(student_client, course)
    course.enrollments.filter(student=enrolled).delete()
    assert student_client.get(reverse("quizzes:course", args=[course.pk])).status_code == 404


def test_the_correction_reads_the_question_from_memory_and_shows_a_change_at_once(student_client, course, enrolled):
    study = StudySession.start(course, enrolled, StudySession.Mode.REVISION)
    question = Question.objects.get(pk=study.current_question_id)
    right = next(c for c in question.choices.all() if c.is_correct)
    attempt = study.answer(question, [right.pk])
    url = reverse("quizzes:feedback", args=[study.pk, attempt.pk])
    assert right.text in student_client.get(url).text
    with CaptureQueriesContext(connection) as queries:
        assert student_client.get(url).status_code == 200
    assert not [q["sql"] for q in queries.captured_queries
                if 'FROM "quizzes_choice"' in q["sql"] or 'FROM "quizzes_question"' in q["sql"]
                or 'FROM "quizzes_course"' in q["sql"]]
    right.text = "Vingt et un ans"
    right.save()
    assert "Vingt et un ans" in student_client.get(url).text
