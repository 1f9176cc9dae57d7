"""The pages of the new question types are valid HTML (Nu HTML Checker, as tests/toolkit does)."""

import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from quizzes.models import StudySession
from tests.quizzes.factories import add_matching, add_missing_word, add_ordering
from tests.toolkit.test_html_validity import vnu_jar

pytestmark = pytest.mark.django_db


def test_answer_pages_and_question_form_are_valid_html(teacher_client, course, enrolled, tmp_path):
    if shutil.which("java") is None or vnu_jar() is None:
        pytest.fail("Java or vnu.jar missing: `make test` installs them (system-deps, requirements/dev.lock).")
    chapter = course.chapters.first()
    questions = [
        add_matching(chapter, "<p>Associez.</p>", [("DP", "Dossier pharmaceutique"), ("DMP", "Dossier médical")]),
        add_ordering(chapter, "<p>Ordre ?</p>", ["Un", "Deux", "Trois"]),
        add_missing_word(chapter, "<p>Le _____ garde les vaccins.</p>", "DP", wrong=["DMP"]),
    ]
    student = Client()
    student.force_login(enrolled)
    pages = {"form": teacher_client.get(reverse("quizzes:question_edit", args=[course.pk, questions[0].pk]))}
    for question in questions:
        session = StudySession.objects.create(course=course, student=enrolled, mode=StudySession.Mode.PRACTICE,
                                              question_ids=[question.pk])
        pages[question.kind] = student.get(reverse("quizzes:session", args=[session.pk]))
    files = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(["java", "-jar", str(vnu_jar()), "--errors-only", *files],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
