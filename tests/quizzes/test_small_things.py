"""Small things a student noticed (issue 23 item 8)."""

import datetime
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.rules.dates import day
from quizzes.models import Enrollment, MemoryState, Question, StudySession
from tests.quizzes.factories import add_question, finish_session

pytestmark = pytest.mark.django_db


def test_the_correction_lists_the_choices_in_the_order_the_question_showed_them(student_client, course, enrolled):
    question = add_question(course.chapters.first(), Question.Kind.SINGLE, "<p>Lettres ?</p>",
                            [(letter, letter == "A") for letter in "ABCDEFGH"])
    for _try in range(4):  # a session whose shuffle differs from the stored order
        session = StudySession.objects.create(student=enrolled, course=course, mode="practice", question_ids=[question.pk])
        shown = [c.text for c in question.choices_for(session)]
        if shown != list("ABCDEFGH"):
            break
    url = reverse("quizzes:session", args=[session.pk])
    page = student_client.get(url).text
    assert re.findall(r"<span>([A-H])</span>", page) == shown
    response = student_client.post(url, {"question": question.pk, "choice": [question.choices.get(text="A").pk],
                                         "confidence": "sur"})
    correction = student_client.get(response.url).text.split('class="choice-list corrected"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r"^\s*(?:<strong>)?([A-H])(?:</strong>)?\s", correction, flags=re.M) == shown


def test_dont_know_says_a_revoir_not_mauvaise_reponse(student_client, course, enrolled):
    question = course.questions().get(kind=Question.Kind.SINGLE)
    session = StudySession.objects.create(student=enrolled, course=course, mode="revision", question_ids=[question.pk])
    response = student_client.post(reverse("quizzes:session", args=[session.pk]), {"question": question.pk, "dont_know": "1"})
    page = student_client.get(response.url).text
    assert re.search(r'<h1 class="verdict verdict-wrong">À revoir</h1>', page)
    assert "Mauvaise réponse" not in page


def test_no_faux_badge_over_a_true_false_question(student_client, course, enrolled):
    true_false = course.questions().get(kind=Question.Kind.TRUE_FALSE)
    session = StudySession.objects.create(student=enrolled, course=course, mode="practice", question_ids=[true_false.pk])
    url = reverse("quizzes:session", args=[session.pk])
    student_client.post(url, {"question": true_false.pk, "choice": [true_false.choices.get(text="Faux").pk],
                              "confidence": "pas_sur"})
    finish_session(student_client, session)
    summary = student_client.get(url).text
    badges = re.findall(r'<span class="badge[^"]*">([^<]+)</span>', summary)
    assert "Faux" not in badges and "Vrai" not in badges
    assert badges == ["Mauvaise réponse", "Bonne réponse"]


def test_quiz_pages_write_dates_with_the_portal_date_rule(student_client, course, enrolled):
    question = course.questions().get(kind=Question.Kind.SINGLE)
    due = timezone.make_aware(datetime.datetime(2026, 12, 4, 9, 30))
    MemoryState.objects.create(student=enrolled, course=course, question=question, stability=1, difficulty=5, state=2,
                               last_review=due - timedelta(days=1), due=due, lapses=1)
    with translation.override("fr"):
        page = student_client.get(reverse("quizzes:course", args=[course.pk])).text
    assert f"revient le {day(due)}" in page and "revient le 4 déc. 2026" in page  # portal.rules.dates
    assert "4 décembre" not in page and "2026-12-04" not in page.replace('datetime="2026-12-04', "")


def test_the_mock_exam_announces_its_real_length(student_client, course, enrolled):
    course.exam_size, course.exam_minutes = 20, 15
    course.save()
    page = student_client.get(reverse("quizzes:course", args=[course.pk])).text
    assert "4 questions en 15 minutes" in page, "the course has 4 questions, not 20"
    enrollment = Enrollment.objects.get(student=enrolled)
    enrollment.extra_exam_minutes = 10
    enrollment.save()  # seen at once: a saved enrollment touches its student (the teacher's view: the next test)
    page = student_client.get(reverse("quizzes:course", args=[course.pk])).text
    assert "4 questions en 25 minutes" in page and "10 minutes de temps supplémentaire" in page
    student_client.post(reverse("quizzes:start", args=[course.pk, "exam"]))
    session = StudySession.objects.latest("pk")
    assert len(session.question_ids) == 4
    assert 24 * 60 < session.seconds_left() <= 25 * 60


def test_extra_time_given_by_the_teacher_shows_at_once_on_the_cached_course_page(student_client, course, teacher):
    from django.test import Client

    url = reverse("quizzes:course", args=[course.pk])
    assert "4 questions en 20 minutes" in student_client.get(url).text
    assert "4 questions en 20 minutes" in student_client.get(url).text  # from the cache
    teacher_client = Client()
    teacher_client.force_login(teacher)
    teacher_client.post(reverse("quizzes:people", args=[course.pk]),
                        {"action": "extra_time", "user": Enrollment.objects.get().student_id, "minutes": "15"})
    assert "4 questions en 35 minutes" in student_client.get(url).text


def test_the_analytics_explain_why_the_point_biserial_needs_10_students(teacher_client, course, enrolled):
    question = course.questions().get(kind=Question.Kind.SINGLE)
    StudySession.objects.create(student=enrolled, course=course, mode="practice", question_ids=[question.pk]).answer(
        question, choice_ids=[question.choices.filter(is_correct=True).first().pk])
    page = teacher_client.get(reverse("quizzes:results", args=[course.pk])).text
    assert "Pourquoi elle n&#x27;apparaît qu&#x27;à partir de 10 étudiants" in page or \
        "Pourquoi elle n'apparaît qu'à partir de 10 étudiants" in page
    assert "1 sur 10 étudiants nécessaires" in page
