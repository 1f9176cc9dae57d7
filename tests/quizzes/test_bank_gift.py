"""GIFT banks that come in whole (issue 23 items 1, 3, 4): every construct of `banks/constructs.gift`
imports with its meaning and grades as Moodle does; what cannot be read is refused with its reason;
the preview stops on error by default or imports the valid questions; export then import is equal."""

import html
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.exports import questions_gift
from quizzes.gift import parse_gift
from quizzes.imports import apply, preview
from quizzes.models import StudySession
from tests.quizzes.factories import CourseFactory

BANKS = Path(__file__).parent / "banks"
CONSTRUCTS = (BANKS / "constructs.gift").read_text()
REFUSED = (BANKS / "refused.gift").read_text()


def imported(course, text=CONSTRUCTS, fmt="gift"):
    result = preview(course, fmt, text)
    assert not result.has_errors, [row.errors for row in result.rows if row.errors]
    apply(course, result, skip_duplicates=False, actor=None)
    return {q.name: q for q in course.questions().prefetch_related("choices")}


def test_every_construct_is_read_with_its_meaning():
    parsed = {q.name: q for q in parse_gift(CONSTRUCTS)}
    assert all(not q.errors for q in parsed.values()), {n: q.errors for n, q in parsed.items() if q.errors}
    assert parsed["Consignes"].kind == "description" and parsed["Consignes"].chapter == "Constructions"
    assert "[markdown]" not in parsed["Consignes"].text
    ins = parsed["Traits INS"]
    assert (ins.kind, ins.fractions) == ("multiple", [0.5, 0.5, -1])
    assert ins.feedbacks == ["Oui, un des cinq traits.", "", "Non : l'adresse n'en fait pas partie."]
    assert "cinq traits" in ins.explanation
    assert parsed["Grenouille"].answers == [("Grenouille", 1.0, ""), ("Crapaud", 0.5, ""), ("*", 0.0, "Réponse très éloignée.")]
    assert (parsed["Tolérance"].number, parsed["Tolérance"].tolerance) == (3, 2)
    assert (parsed["Intervalle"].number, parsed["Intervalle"].tolerance) == (3, 2)
    assert parsed["Sigles"].pairs[-1] == ("", "Carte Vitale"), "a distractor: a match without its item"
    formats = parsed["Formats"]
    assert formats.text == "Le <b>DP</b> est-il obligatoire ?" and formats.choices == [("oui", True), ("non", False)]
    assert formats.feedbacks == ["Bien vu.", "Relisez le cours."], "format markers read, then removed"
    assert parsed["Vrai faux"].feedbacks == ["Oui, depuis avril 2023.", "Non : relisez la date."]
    assert parsed["Rédaction"].kind == "essay"


@pytest.mark.django_db
def test_weights_wildcard_numbers_and_feedback_grade_as_moodle_does(course):
    questions = imported(course)
    ins = questions["Traits INS"]
    name, sex, address = ins.choices.all()
    assert ins.score([name.pk]) == (0.5, str(name.pk))
    assert ins.grade([name.pk, sex.pk])[0] is True
    assert ins.score([name.pk, sex.pk, address.pk])[0] == 0, "a negative weight subtracts, the sum kept at 0 or more"
    assert ins.score([name.pk, address.pk])[0] == 0

    frog = questions["Grenouille"]
    assert frog.grade(text="grenouille")[0] is True
    assert frog.score(text="Crapaud")[0] == 0.5 and frog.grade(text="Crapaud")[0] is False, "half credit, not full"
    assert frog.score(text="*")[0] == 0 and frog.grade(text="chien")[0] is False, "the 0 % catch-all is never right"

    tolerance = questions["Tolérance"]
    assert tolerance.grade(text="4,5")[0] is True and tolerance.grade(text="6")[0] is False
    assert questions["Intervalle"].grade(text="1")[0] is True and questions["Intervalle"].grade(text="5,5")[0] is False
    years = questions["Plusieurs valeurs"]
    assert years.score(text="1998")[0] == 1 and years.score(text="1999")[0] == 0.5 and years.score(text="2010")[0] == 0

    sigles = questions["Sigles"]
    items = {c.text: c for c in sigles.choices.all()}
    assert set(items) == {"DP", "DMP", ""}
    assert [c.match_text for c in sigles.matches_for(None)] == ["Dossier pharmaceutique", "Dossier médical partagé",
                                                               "Carte Vitale"]
    right = {items["DP"].pk: items["DP"].pk, items["DMP"].pk: items["DMP"].pk}
    assert sigles.grade(arrangement=right)[0] is True
    assert sigles.grade(arrangement={items["DP"].pk: items[""].pk, items["DMP"].pk: items["DMP"].pk})[0] is False

    assert questions["Consignes"].kind == "description" and questions["Rédaction"].kind == "essay"
    assert questions["Traits INS"].name == "Traits INS", "names kept"


@pytest.mark.django_db
def test_per_answer_feedback_is_shown_with_the_correction(student_client, course, enrolled):
    frog = imported(course)["Grenouille"]
    session = StudySession.objects.create(course=course, student=enrolled, mode=StudySession.Mode.PRACTICE,
                                          question_ids=[frog.pk])
    response = student_client.post(reverse("quizzes:session", args=[session.pk]), {"question": frog.pk, "text": "chat"})
    page = student_client.get(response.url).content.decode()
    assert "Réponse très éloignée." in page and "Mauvaise réponse" in page


@pytest.mark.django_db
def test_a_description_is_never_drawn_in_a_session(course, enrolled):
    questions = imported(course)
    session = StudySession.start(course, enrolled, StudySession.Mode.REVISION, size=50)
    assert questions["Consignes"].pk not in session.question_ids and questions["Rédaction"].pk in session.question_ids


@pytest.mark.django_db
def test_round_trip_keeps_questions_feedback_weights_and_names(teacher):
    course = CourseFactory(title="Banque", owner=teacher)
    imported(course)
    exported = questions_gift(course)
    copy = CourseFactory(title="Copie", owner=teacher)
    imported(copy, exported)

    def shape(c):
        return sorted(
            (q.chapter.title, q.kind, q.name, q.text, q.explanation, q.accepted_answers, q.numeric_answer,
             q.numeric_tolerance, tuple((ch.text, ch.match_text, ch.is_correct, ch.fraction, ch.feedback)
                                        for ch in q.choices.all()))
            for q in c.questions().prefetch_related("choices")
        )

    assert shape(copy) == shape(course)
    assert preview(copy, "gift", questions_gift(copy)).total == course.questions().count()


@pytest.mark.django_db
def test_refused_items_are_named_with_their_reason(course):
    rows = {row.number: row for row in preview(course, "gift", REFUSED).rows}
    assert rows[3].errors == []
    assert "Accolades" in rows[5].errors[0]
    assert "100 %" in " ".join(rows[7].errors)


@pytest.mark.django_db
def test_preview_stops_on_error_by_default_or_imports_the_valid_questions(teacher_client, course):
    url = reverse("quizzes:import", args=[course.pk])
    before = course.questions().count()
    response = teacher_client.post(url, {"file": SimpleUploadedFile("q.gift", REFUSED.encode())})
    page = html.unescape(response.content.decode())
    assert "rien n'a été importé" in page and "Confirmer l'import" not in page
    assert 'value="stop" checked' in page or 'value="stop"' in page

    response = teacher_client.post(url, {"file": SimpleUploadedFile("q.gift", REFUSED.encode()), "on_error": "valid"})
    page = html.unescape(response.content.decode())
    assert "2 questions sont refusées" in page and "1 question prête" in page and "Accolades" in page
    response = teacher_client.post(url, {"confirm": "1", "import_digest": response.context["digest"]})
    assert response.status_code == 302
    assert course.questions().count() == before + 1
    assert course.questions().filter(text__contains="Une question juste").exists()
