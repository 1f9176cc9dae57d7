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


def _finished_exam(course, student, right: int):
    from django.utils import timezone

    ids = list(course.questions().values_list("pk", flat=True))
    return StudySession.objects.create(student=student, course=course, mode=StudySession.Mode.EXAM, question_ids=ids,
                                       correct_count=right, finished_at=timezone.now())


def test_what_the_course_page_reads_of_the_student_is_kept_under_their_version(student_client, course, enrolled):
    """The enrollment (its extra time), the days with an answer and the latest mock exams: read once,
    then kept until the student's version moves; the memory states are read at each page."""
    course_page(student_client, course)
    _page, queries = course_page(student_client, course)
    assert [sql for sql in queries if "quizzes_" in sql] == [sql for sql in queries if 'FROM "quizzes_memorystate"' in sql]
    assert len([sql for sql in queries if "quizzes_" in sql]) == 1
    # A finished mock exam and an answer show at once (saving them touches the student).
    _finished_exam(course, enrolled, right=3)
    study = StudySession.start(course, enrolled, StudySession.Mode.REVISION)
    question = Question.objects.get(pk=study.current_question_id)
    study.answer(question, [next(c.pk for c in question.choices.all() if c.is_correct)])
    page, _queries = course_page(student_client, course)
    assert "Derniers scores : 75 %" in page
    assert '<span class="stat">1</span><span class="muted">jour d\'affilée</span>' in page


def test_two_students_never_share_what_is_kept(client, course, enrolled):
    from quizzes.models import Enrollment
    from tests.factories import UserFactory

    other = UserFactory(kind="student")
    Enrollment.objects.create(course=course, student=other)
    _finished_exam(course, enrolled, right=1)
    _finished_exam(course, other, right=4)
    for student, score in ((enrolled, "25 %"), (other, "100 %"), (enrolled, "25 %")):
        client.force_login(student)
        page, _queries = course_page(client, course)
        assert f"Derniers scores : {score}" in page
