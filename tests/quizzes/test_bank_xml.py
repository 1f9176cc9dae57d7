"""Moodle XML banks (issue 23 items 1-4): weights and the fractions Moodle accepts, embedded files
saved as Wagtail images or documents, essay, description, cloze and matching distractors, the
correction of a cloze gap by gap and an essay graded by the student, and the round trip."""

import base64
import io

import pytest
from django.urls import reverse
from fsrs import Rating
from PIL import Image

from quizzes.exports import questions_moodle_xml
from quizzes.imports import apply, preview
from quizzes.models import Attempt, MemoryState, StudySession
from quizzes.moodle import parse_moodle_xml
from tests.quizzes.factories import CourseFactory
from tests.quizzes.test_bank_gift import BANKS


def png() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), "navy").save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


BANK = (BANKS / "bank.xml").read_text().replace("PNGDATA", png())


def imported(course, text=BANK):
    result = preview(course, "moodle", text)
    assert not result.has_errors, [row.errors for row in result.rows if row.errors]
    apply(course, result, skip_duplicates=False, actor=None)
    return {q.name: q for q in course.questions().prefetch_related("choices")}


def test_only_the_fractions_moodle_offers_are_accepted():
    bad = BANK.replace('fraction="-50"', 'fraction="33"')
    tiers = {q.name: q for q in parse_moodle_xml(bad)}["Tiers"]
    assert tiers.errors and "33" in tiers.errors[0] and "refusée" in tiers.errors[0]
    assert not {q.name: q for q in parse_moodle_xml(BANK)}["Tiers"].errors


@pytest.mark.django_db
def test_every_type_imports_with_its_meaning(course):
    questions = imported(course)
    tiers = questions["Tiers"]
    assert [round(c.fraction, 4) for c in tiers.choices.all()] == [0.3333, 0.3333, 0.3333, -0.5]
    assert tiers.choices.first().feedback == "Oui." and tiers.explanation == "<p>Trois outils.</p>"
    assert tiers.image.title == "datamatrix-boite.png" and tiers.image_alt == "datamatrix boite", "alt from the file name"
    assert "@@PLUGINFILE@@" not in tiers.text and "<img" not in tiers.text

    listen = questions["Écoute"]
    assert listen.kind == "description" and "@@PLUGINFILE@@" not in listen.text
    assert "appel-patient" in listen.text and "/documents/" in listen.text, "a sound becomes a Wagtail document"

    essay = questions["Double contrôle"]
    assert essay.kind == "essay" and "revérifie" in essay.model_answer

    cloze = questions["DP à trous"]
    assert cloze.kind == "cloze"
    assert cloze.score(text="DP\x1f21\x1fpharmaceutique") == (1.0, "DP | 21 | pharmaceutique")
    assert cloze.score(text="DMP\x1f21\x1fpharmaceutique")[0] == 0.75, "each gap graded alone, weighted (1, 2, 1)"
    assert cloze.score(text="DP\x1f20\x1fpharmacie")[0] == 0.625  # 1 + 2 × 50 % + 50 % over 4

    sigles = questions["Sigles XML"]
    assert len(sigles.matches_for(None)) == 3 and len(sigles.kind_rules.items(sigles)) == 2
    true_false = questions["Vrai faux XML"]
    assert [(c.text, c.is_correct, c.feedback) for c in true_false.choices.all()] == [
        ("Vrai", False, "Non, plus depuis 2021."), ("Faux", True, "Exact.")]


@pytest.mark.django_db
def test_round_trip_gives_the_same_questions_feedback_weights_and_media(teacher):
    course = CourseFactory(title="Banque", owner=teacher)
    imported(course)
    copy = CourseFactory(title="Copie", owner=teacher)
    imported(copy, questions_moodle_xml(course))

    def shape(c):
        rows = []
        for q in c.questions().select_related("image").prefetch_related("choices"):
            image = b""
            if q.image:
                with q.image.file.open("rb") as stored:
                    image = stored.read()
            rows.append((q.kind, q.name, q.text if q.kind != "description" else q.text.split("href=")[0], q.explanation,
                         q.model_answer, q.image_alt, image,
                         tuple((ch.text, ch.match_text, ch.is_correct, ch.fraction, ch.feedback) for ch in q.choices.all())))
        return sorted(rows, key=lambda row: row[1])

    assert shape(copy) == shape(course)


@pytest.mark.django_db
def test_a_student_answers_a_cloze_gap_by_gap(student_client, course, enrolled):
    cloze = imported(course)["DP à trous"]
    session = StudySession.objects.create(course=course, student=enrolled, mode=StudySession.Mode.PRACTICE,
                                          question_ids=[cloze.pk])
    url = reverse("quizzes:session", args=[session.pk])
    page = student_client.get(url).content.decode()
    assert 'name="gap-1"' in page and 'name="gap-3"' in page and "MULTICHOICE" not in page
    assert student_client.post(url, {"question": cloze.pk}).status_code == 400
    response = student_client.post(url, {"question": cloze.pk, "gap-1": "DMP", "gap-2": "21", "gap-3": "pharmaceutique"})
    page = student_client.get(response.url).content.decode()
    assert "Non, le DMP est médical." in page and "Exact." in page and "MULTICHOICE" not in page
    assert "Mauvaise réponse" in page
    assert Attempt.objects.get(session=session).response_text == "DMP\x1f21\x1fpharmaceutique"


@pytest.mark.django_db
def test_an_essay_is_graded_by_the_student_and_feeds_the_scheduler(student_client, course, enrolled):
    essay = imported(course)["Double contrôle"]
    session = StudySession.objects.create(course=course, student=enrolled, mode=StudySession.Mode.REVISION,
                                          question_ids=[essay.pk])
    url = reverse("quizzes:session", args=[session.pk])
    assert "<textarea" in student_client.get(url).content.decode()
    response = student_client.post(url, {"question": essay.pk, "text": "Un second diplômé revérifie tout."})
    page = student_client.get(response.url).content.decode()
    assert "Comparez avec la réponse modèle" in page and "revérifie l'ordonnance" in page and "À revoir" in page
    attempt = Attempt.objects.get(session=session)
    assert attempt.is_correct is False and attempt.rating == Rating.Again.value
    again_due = MemoryState.objects.get(student=enrolled, question=essay).due

    student_client.post(response.url, {"grade": "facile"})
    attempt.refresh_from_db()
    session.refresh_from_db()
    state = MemoryState.objects.get(student=enrolled, question=essay)
    assert attempt.is_correct is True and attempt.rating == Rating.Easy.value and session.correct_count == 1
    assert state.due > again_due and state.last_correct, "the student's grade is what the scheduler received"

    student_client.post(response.url, {"grade": "a-revoir"})
    attempt.refresh_from_db()
    session.refresh_from_db()
    assert attempt.is_correct is False and session.correct_count == 0
    assert MemoryState.objects.get(student=enrolled, question=essay).due == again_due
