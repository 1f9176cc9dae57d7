"""A student joins a course by code, revises, sees progress; the teacher sees the results."""

import datetime
import re

from playwright.sync_api import expect

from portal.rules import dates
from quizzes.models import Question, grant_teaching
from tests.browser.conftest import assert_accessible, login
from tests.factories import PASSWORD, UserFactory
from tests.quizzes.factories import ChapterFactory, CourseFactory, add_question


def build_course():
    teacher = UserFactory(email="prof@exemple.test", username="prof", kind="teacher", first_name="Marc", last_name="Fontaine")
    grant_teaching(teacher)
    course = CourseFactory(owner=teacher, join_code="ACDEFGHJ", introduction="<p>Révisez le <strong>DP</strong>.</p>")
    chapter = ChapterFactory(course=course, title="Le DP")
    add_question(chapter, Question.Kind.SINGLE, "<p>Durée de conservation des vaccins dans le DP ?</p>",
                 [("12 mois", False), ("3 ans", False), ("21 ans", True)], explanation="<p>Vaccins : 21 ans.</p>")
    add_question(chapter, Question.Kind.TRUE_FALSE, "<p>Le DP est créé automatiquement depuis 2023.</p>",
                 [("Vrai", True), ("Faux", False)])
    return teacher, course


def test_student_joins_revises_and_teacher_sees_results(page, home):
    teacher, course = build_course()
    student = UserFactory(email="eleve@exemple.test", username="eleve", kind="student", first_name="Inès", last_name="Lambert")

    login(page, student.email, PASSWORD)
    page.goto(page.base_url + "/revisions/")
    page.get_by_label("Code du cours").fill("acde fghj")
    page.get_by_role("button", name="Rejoindre").click()
    expect(page.locator("h1")).to_have_text("Outils numériques")
    expect(page.get_by_text("Vous avez rejoint le cours")).to_be_visible()
    assert_accessible(page, "page du cours")

    page.get_by_role("button", name="Commencer la révision").click()
    expect(page.get_by_text("Question 1 sur 2")).to_be_visible()
    assert_accessible(page, "question")
    page.get_by_label("21 ans").check()
    page.get_by_role("button", name="Sûr", exact=True).click()
    expect(page.locator("h1")).to_have_text("Bonne réponse")
    expect(page.get_by_text("Vaccins : 21 ans.")).to_be_visible()
    assert_accessible(page, "correction")
    # Graded recall: key 3 presses "Facile" and goes on to the next question.
    expect(page.get_by_role("button", name="Facile")).to_be_visible()
    page.keyboard.press("3")
    expect(page.locator("h1")).to_contain_text("Question 2 sur 2")
    page.get_by_label("Faux").check()
    page.get_by_role("button", name="Sûr", exact=True).click()
    expect(page.locator("h1")).to_have_text("Mauvaise réponse")
    expect(page.get_by_role("button", name="Facile")).to_have_count(0)
    # The failed question comes back in the session (the last one: at once), until answered right.
    page.get_by_role("link", name="Question suivante").click()
    expect(page.get_by_text("Cette question revient")).to_be_visible()
    page.get_by_label("Vrai").check()
    page.get_by_role("button", name="Sûr", exact=True).click()
    expect(page.locator("h1")).to_have_text("Bonne réponse")
    page.get_by_role("link", name="Voir le bilan").click()
    expect(page.get_by_text("1 bonnes réponses sur 2")).to_be_visible()
    expect(page.get_by_text("1 question est revenue")).to_be_visible()
    expect(page.get_by_text("Revient le")).to_be_visible()
    page.get_by_role("link", name="Retour au cours").click()
    expect(page.get_by_text("2/2")).to_be_visible()
    expect(page.locator("table").first).to_contain_text("Le DP")
    # One right answer never gives mastery: 0 %, and the failed question is among the difficult ones.
    expect(page.locator(".stats-row .stat").first).to_have_text("0 %")
    expect(page.get_by_text("une seule bonne réponse ne suffit jamais")).to_be_visible()
    expect(page.locator(".difficult-list")).to_contain_text("Le DP est créé")

    page.context.clear_cookies()
    login(page, teacher.email, PASSWORD)
    page.goto(page.base_url + "/revisions/")
    page.get_by_role("link", name="Outils numériques").click()
    page.get_by_role("link", name="Résultats").click()
    expect(page).to_have_url(re.compile(r"/resultats/$"))
    expect(page.get_by_role("row", name=re.compile("Inès Lambert"))).to_contain_text("2 / 2")
    expect(page.get_by_role("row", name=re.compile("Durée de conservation"))).to_contain_text("100 %")
    assert_accessible(page, "résultats")
    page.get_by_role("link", name="Contenu", exact=True).click()
    assert_accessible(page, "contenu enseignant")


FRENCH_MONTHS = {name: number for number, name in enumerate(dates.FRENCH_MONTHS, start=1)}


def _french_datetime(text: str) -> datetime.datetime:
    """'12 déc. 2026 à 09:30' (the summary's format, `portal.rules.dates.day_time`) as a datetime."""
    day, month, year, _a, clock = text.split()
    hour, minute = clock.split(":")
    return datetime.datetime(int(year), FRENCH_MONTHS[month], int(day.removesuffix("er")), int(hour), int(minute))


def test_facile_sends_a_question_back_later_than_difficile(page, home):
    """Graded recall, as a student sees it: two right answers, one rated « Facile » and one
    « Difficile »; the session summary brings the easy one back later."""
    _teacher, course = build_course()
    student = UserFactory(email="eleve2@exemple.test", username="eleve2", kind="student")
    login(page, student.email, PASSWORD)
    page.goto(page.base_url + "/revisions/")
    page.get_by_label("Code du cours").fill(course.join_code)
    page.get_by_role("button", name="Rejoindre").click()
    page.get_by_role("button", name="Commencer la révision").click()
    ratings = {}
    for grade in ("Facile", "Difficile"):
        expect(page.locator("h1")).to_contain_text("Question")
        question = page.locator(".question-text").inner_text().strip()
        page.get_by_label("21 ans" if "vaccins" in question else "Vrai").check()
        page.get_by_role("button", name="Sûr", exact=True).click()
        expect(page.locator("h1")).to_have_text("Bonne réponse")
        ratings[grade] = question
        page.get_by_role("button", name=grade).click()
    if page.get_by_role("link", name="Voir le bilan").count():  # else the last grade led to the summary
        page.get_by_role("link", name="Voir le bilan").click()
    expect(page.get_by_text("2 bonnes réponses sur 2")).to_be_visible()
    due = {}
    for grade, question in ratings.items():
        row = page.get_by_role("row", name=re.compile(re.escape(question[:30])))
        due[grade] = _french_datetime(row.locator("td").nth(1).inner_text().strip())
    assert due["Facile"] > due["Difficile"]
