"""Authoring and answering matching, ordering and missing-word questions, and question images."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.models import Question, StudySession
from tests.exports.helpers import exported
from tests.quizzes.factories import add_matching, add_missing_word, add_ordering

pytestmark = pytest.mark.django_db

EMPTY_CHOICES = {"choices-TOTAL_FORMS": "0", "choices-INITIAL_FORMS": "0", "choices-MIN_NUM_FORMS": "0",
                 "choices-MAX_NUM_FORMS": "10"}


def _session(course, student, question, mode=StudySession.Mode.PRACTICE):
    session = StudySession.objects.create(course=course, student=student, mode=mode, question_ids=[question.pk])
    return reverse("quizzes:session", args=[session.pk])


def _form(chapter, kind, text, rows=(), **extra):
    data = {"chapter": chapter.pk, "kind": kind, "text": text, "explanation": "", "source": "", "accepted_answers": "",
            "numeric_answer": "", "numeric_tolerance": "", "image_alt": "", **EMPTY_CHOICES, **extra}
    data["choices-TOTAL_FORMS"] = str(len(rows))
    for index, (text_, match) in enumerate(rows):
        data[f"choices-{index}-text"] = text_
        data[f"choices-{index}-match_text"] = match
    return data


def test_student_answers_a_matching_question(student_client, course, enrolled):
    question = add_matching(course.chapters.first(), "<p>Associez chaque sigle.</p>",
                            [("DP", "Dossier pharmaceutique"), ("DMP", "Dossier médical partagé")])
    url = _session(course, enrolled, question)
    page = student_client.get(url).content.decode()
    dp, dmp = question.choices.all()
    assert f'<label for="match-{dp.pk}">DP</label>' in page
    assert page.count("<option value=\"") == 6  # an empty choice and the two matches, for each item
    response = student_client.post(url, {"question": question.pk, f"match-{dp.pk}": dp.pk})
    assert response.status_code == 400 and "Associez chaque élément" in html.unescape(response.content.decode())
    assert f'<option value="{dp.pk}" selected>' in response.content.decode(), "the pick is kept after the error"
    response = student_client.post(url, {"question": question.pk, f"match-{dp.pk}": dmp.pk, f"match-{dmp.pk}": dp.pk})
    attempt = question.attempts.get()
    assert response.status_code == 302 and not attempt.is_correct
    feedback = html.unescape(student_client.get(response.url).content.decode())
    assert "DP → Dossier médical partagé ; DMP → Dossier pharmaceutique" in feedback  # the student's answer
    assert "DP → Dossier pharmaceutique ; DMP → Dossier médical partagé" in feedback  # the expected one


def test_student_answers_an_ordering_question_in_revision(student_client, course, enrolled):
    question = add_ordering(course.chapters.first(), "<p>Remettez dans l'ordre.</p>",
                            ["Vérifier l'identité", "Analyser l'ordonnance", "Délivrer"])
    url = _session(course, enrolled, question, StudySession.Mode.REVISION)
    first, second, third = question.choices.all()
    page = student_client.get(url).content.decode()
    assert f'name="rank-{first.pk}"' in page and ">3</option>" in page
    response = student_client.post(url, {"question": question.pk, f"rank-{first.pk}": 1, f"rank-{second.pk}": 1,
                                         f"rank-{third.pk}": 3})
    assert response.status_code == 400 and "rang différent" in html.unescape(response.content.decode())
    response = student_client.post(url, {"question": question.pk, f"rank-{first.pk}": 1, f"rank-{second.pk}": 2,
                                         f"rank-{third.pk}": 3})
    assert response.status_code == 302
    attempt = question.attempts.get()
    assert attempt.is_correct and attempt.rating == 3
    assert question.memory_states.get(student=enrolled).last_correct


def test_dont_know_skips_an_arrangement(student_client, course, enrolled):
    question = add_ordering(course.chapters.first(), "<p>Ordre ?</p>", ["Un", "Deux"])
    url = _session(course, enrolled, question)
    assert student_client.post(url, {"question": question.pk, "dont_know": "1"}).status_code == 302
    assert question.attempts.get().dont_know


def test_missing_word_typed_or_picked(student_client, course, enrolled):
    typed = add_missing_word(course.chapters.first(), "<p>Le _____ conserve les vaccins 21 ans.</p>", "DP")
    url = _session(course, enrolled, typed)
    assert 'name="text"' in student_client.get(url).content.decode()
    student_client.post(url, {"question": typed.pk, "text": " dp "})
    assert typed.attempts.get().is_correct
    picked = add_missing_word(course.chapters.first(), "<p>Le _____ remplace le DMP.</p>", "Mon espace santé",
                              wrong=["Ségur"])
    url = _session(course, enrolled, picked, StudySession.Mode.EXAM)
    page = student_client.get(url).content.decode()
    assert "<option>Ségur</option>" in page and "<option>Mon espace santé</option>" in page
    student_client.post(url, {"question": picked.pk, "text": "Ségur"})
    summary = html.unescape(student_client.get(url).content.decode())
    assert "Votre réponse : <strong>Ségur</strong>" in summary


def test_teacher_writes_matching_ordering_and_missing_word_questions(teacher_client, course):
    chapter = course.chapters.first()
    url = reverse("quizzes:question_create", args=[course.pk])
    response = teacher_client.post(url, _form(chapter, "matching", "<p>Associez.</p>", [("DP", "Dossier pharmaceutique")]))
    assert "Une question d&#x27;association demande au moins deux paires." in response.content.decode()
    rows = [("DP", "Dossier pharmaceutique"), ("DMP", "Dossier médical partagé")]
    assert teacher_client.post(url, _form(chapter, "matching", "<p>Associez.</p>", rows)).status_code == 302
    matching = course.questions().get(kind="matching")
    assert [(c.text, c.match_text) for c in matching.choices.all()] == rows

    response = teacher_client.post(url, _form(chapter, "ordering", "<p>Ordre ?</p>", [("Seul", "")]))
    assert "au moins deux éléments" in response.content.decode()
    rows = [("Identité", ""), ("Ordonnance", ""), ("Délivrance", "")]
    assert teacher_client.post(url, _form(chapter, "ordering", "<p>Ordre ?</p>", rows)).status_code == 302
    ordering = course.questions().get(kind="ordering")
    assert [(c.text, c.position) for c in ordering.choices.all()] == [("Identité", 1), ("Ordonnance", 2), ("Délivrance", 3)]

    response = teacher_client.post(url, _form(chapter, "missing_word", "<p>Le DP manque.</p>", accepted_answers="DP"))
    assert "contient un blanc" in html.unescape(response.content.decode())
    data = _form(chapter, "missing_word", "<p>Le _____ manque.</p>", [("DMP", "")], accepted_answers="DP")
    data["choices-0-is_correct"] = "on"  # ignored: the right words are the accepted answers
    assert teacher_client.post(url, data).status_code == 302
    missing = course.questions().get(kind="missing_word")
    assert missing.accepted_list() == ["DP"] and [(c.text, c.is_correct) for c in missing.choices.all()] == [("DMP", False)]
    assert all(c.is_correct for c in matching.choices.all()), "pairs are stored as right, whatever the box"


# Wagtail renders the rendition into a SpooledTemporaryFile it never closes (wagtail/images/models.py).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_question_image_needs_alt_text_and_is_shown_with_its_size(teacher_client, course, enrolled):
    from django.test import Client
    from wagtail.images.tests.utils import get_test_image_file

    chapter = course.chapters.first()
    url = reverse("quizzes:question_create", args=[course.pk])
    upload = get_test_image_file(filename="logigramme.png")
    data = _form(chapter, "ordering", "<p>Ordre ?</p>", [("Un", ""), ("Deux", "")])
    response = teacher_client.post(url, {**data, "image_file": SimpleUploadedFile("logigramme.png", upload.file.getvalue())})
    assert response.status_code == 200
    assert "texte alternatif" in html.unescape(response.content.decode())
    assert not Question.objects.filter(kind="ordering").exists()
    data["image_alt"] = "Logigramme de la dispensation"
    response = teacher_client.post(url, {**data, "image_file": SimpleUploadedFile("logigramme.png", upload.file.getvalue())})
    assert response.status_code == 302
    question = course.questions().get(kind="ordering")
    assert question.image.width == 640

    student = Client()
    student.force_login(enrolled)
    page = student.get(_session(course, enrolled, question)).content.decode()
    assert 'alt="Logigramme de la dispensation"' in page and 'width="640"' in page and 'height="480"' in page

    edit = reverse("quizzes:question_edit", args=[course.pk, question.pk])
    rows = {f"choices-{i}-id": c.pk for i, c in enumerate(question.choices.all())}
    data = {**_form(chapter, "ordering", "<p>Ordre ?</p>", [("Un", ""), ("Deux", "")]), **rows,
            "choices-INITIAL_FORMS": "2", "remove_image": "on", "version": question.version}
    assert teacher_client.post(edit, data).status_code == 302
    question.refresh_from_db()
    assert question.image is None and question.image_alt == ""


def test_a_non_image_is_refused(teacher_client, course):
    chapter = course.chapters.first()
    url = reverse("quizzes:question_create", args=[course.pk])
    data = _form(chapter, "ordering", "<p>Ordre ?</p>", [("Un", ""), ("Deux", "")], image_alt="x")
    response = teacher_client.post(url, {**data, "image_file": SimpleUploadedFile("faux.png", b"<html>pas une image</html>")})
    assert response.status_code == 200 and not course.questions().filter(kind="ordering").exists()


def test_results_and_student_page_show_new_kinds(teacher_client, course, enrolled):
    from django.test import Client

    matching = add_matching(course.chapters.first(), "<p>Associez les sigles.</p>",
                            [("DP", "Dossier pharmaceutique"), ("DMP", "Dossier médical partagé")])
    ordering = add_ordering(course.chapters.first(), "<p>Étapes ?</p>", ["Un", "Deux"])
    dp, dmp = matching.choices.all()
    one, two = ordering.choices.all()
    student = Client()
    student.force_login(enrolled)
    student.post(_session(course, enrolled, matching), {"question": matching.pk, f"match-{dp.pk}": dmp.pk,
                                                        f"match-{dmp.pk}": dp.pk})
    student.post(_session(course, enrolled, ordering), {"question": ordering.pk, f"rank-{one.pk}": 2, f"rank-{two.pk}": 1})
    results = html.unescape(teacher_client.get(reverse("quizzes:results", args=[course.pk])).content.decode())
    assert "DP → Dossier médical partagé ; DMP → Dossier pharmaceutique" in results  # the most chosen wrong answer
    assert "1. Deux ; 2. Un" in results
    page = teacher_client.get(reverse("quizzes:student", args=[course.pk, enrolled.pk]))
    assert page.status_code == 200
    export = exported(teacher_client, reverse("quizzes:results_export", args=[course.pk, "questions", "csv"]))
    assert "1. Deux ; 2. Un" in export.content.decode("utf-8-sig")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_spreadsheet_export_round_trips_the_new_kinds(teacher_client, course, teacher, fmt):
    from tests.quizzes.factories import CourseFactory
    from tests.quizzes.test_gift import shape

    chapter = course.chapters.first()
    add_matching(chapter, "<p>Associez.</p>", [("DP", "Dossier pharmaceutique"), ("DMP", "Dossier médical partagé")])
    add_ordering(chapter, "<p>Ordre ?</p>", ["Identité", "Ordonnance", "Délivrance"])
    add_missing_word(chapter, "<p>Le _____ garde les vaccins.</p>", "DP\ndossier pharmaceutique", wrong=["DMP"])
    response = teacher_client.get(reverse("quizzes:export", args=[course.pk, fmt]))
    copy = CourseFactory(title="Copie", owner=teacher)
    url = reverse("quizzes:import", args=[copy.pk])
    response = teacher_client.post(url, {"file": SimpleUploadedFile(f"q.{fmt}", response.content)})
    assert "7 questions prêtes" in response.text
    teacher_client.post(url, {"confirm": "1", "import_digest": response.context["digest"]})
    new_kinds = ("matching", "ordering", "missing_word")
    assert shape(copy.questions().filter(kind__in=new_kinds).prefetch_related("choices")) == shape(
        course.questions().filter(kind__in=new_kinds).prefetch_related("choices"))


def test_exam_summary_corrects_matching_and_ordering(student_client, course, enrolled):
    matching = add_matching(course.chapters.first(), "<p>Associez.</p>", [("DP", "Dossier pharmaceutique"),
                                                                          ("DMP", "Dossier médical partagé")])
    ordering = add_ordering(course.chapters.first(), "<p>Ordre ?</p>", ["Un", "Deux"])
    session = StudySession.objects.create(course=course, student=enrolled, mode=StudySession.Mode.EXAM,
                                          question_ids=[matching.pk, ordering.pk])
    url = reverse("quizzes:session", args=[session.pk])
    dp, dmp = matching.choices.all()
    one, two = ordering.choices.all()
    assert student_client.post(url, {"question": matching.pk, f"match-{dp.pk}": dp.pk, f"match-{dmp.pk}": dmp.pk}).url == url
    student_client.post(url, {"question": ordering.pk, f"rank-{one.pk}": 2, f"rank-{two.pk}": 1})
    summary = html.unescape(student_client.get(url).content.decode())
    assert "1 bonnes réponses sur 2" in summary
    assert "Votre réponse : <strong>1. Deux ; 2. Un</strong>" in summary
    assert "Réponse attendue : <strong>1. Un ; 2. Deux</strong>" in summary
