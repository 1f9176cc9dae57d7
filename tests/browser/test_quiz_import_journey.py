"""Banks that come in whole (issue 23): a teacher previews a Moodle XML bank with one refused item,
sees that nothing is imported by default, then imports the valid questions with the refused one
listed; a student answers a cloze question gap by gap and an essay they grade themselves. At 1280
and 390 px, axe clean."""

import os

from django.urls import reverse
from playwright.sync_api import expect

from quizzes.imports import apply, preview
from quizzes.models import Enrollment, StudySession, grant_teaching
from tests.browser.conftest import assert_accessible, login
from tests.factories import PASSWORD, UserFactory
from tests.quizzes.factories import CourseFactory
from tests.quizzes.test_bank_xml import BANK


def _screenshot(page, name):
    """Pictures for a person to look at (QUIZ_SCREENSHOTS=/tmp/dir), never compared."""
    folder = os.environ.get("QUIZ_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, name), full_page=True)


def _fits_phone(page, phone_page, name):
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(page.url)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390, name
    _screenshot(phone_page, f"{name}-phone.png")
    _screenshot(page, f"{name}-desktop.png")


def test_teacher_stops_on_error_then_imports_the_valid_questions(page, phone_page, home):
    teacher = UserFactory(email="prof@exemple.test", username="prof", kind="teacher")
    grant_teaching(teacher)
    course = CourseFactory(owner=teacher, title="Outils numériques")
    bank = BANK.replace('fraction="-50"', 'fraction="33"').encode()  # a grade Moodle refuses

    login(page, teacher.email, PASSWORD)
    page.goto(page.base_url + reverse("quizzes:import", args=[course.pk]))
    page.set_input_files("input[name=file]", files=[{"name": "banque.xml", "mimeType": "application/xml", "buffer": bank}])
    expect(page.get_by_label("Ne rien importer (arrêt sur erreur)")).to_be_checked()
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_text("1 ligne contient des erreurs : rien n'a été importé.")).to_be_visible()
    expect(page.get_by_role("button", name="Confirmer l'import")).to_have_count(0)
    expect(page.locator("tr.row-error")).to_contain_text("Note « 33 % » refusée")
    assert_accessible(page, "aperçu arrêté sur erreur")

    phone_page.context.add_cookies(page.context.cookies())
    for each in (phone_page, page):  # the preview fits a phone too; the computer's is confirmed
        each.goto(page.base_url + reverse("quizzes:import", args=[course.pk]))
        each.set_input_files("input[name=file]", files=[{"name": "banque.xml", "mimeType": "application/xml",
                                                          "buffer": bank}])
        each.get_by_label("Importer les questions valides et lister les questions refusées").check()
        each.get_by_role("button", name="Vérifier le fichier").click()
        expect(each.get_by_text("1 question est refusée : elle ne sera pas importée")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    _screenshot(phone_page, "import-preview-phone.png")
    _screenshot(page, "import-preview-desktop.png")
    expect(page.get_by_text("5 questions prêtes à être importées")).to_be_visible()
    expect(page.locator("table.import-preview")).to_contain_text("Texte à trous")
    expect(page.locator("table.import-preview")).to_contain_text("Double contrôle")  # names shown to the teacher
    assert_accessible(page, "aperçu des questions valides")
    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.get_by_text("5 questions importées")).to_be_visible()
    expect(page.locator(".question-list")).to_contain_text("DP à trous")
    assert course.questions().count() == 5 and not course.questions().filter(name="Tiers").exists()


def test_student_answers_a_cloze_and_grades_an_essay(page, phone_page, home):
    teacher = UserFactory(email="prof@exemple.test", username="prof", kind="teacher")
    grant_teaching(teacher)
    course = CourseFactory(owner=teacher, title="Outils numériques")
    apply(course, preview(course, "moodle", BANK), skip_duplicates=False, actor=None)
    student = UserFactory(email="eleve@exemple.test", username="eleve", kind="student")
    Enrollment.objects.create(course=course, student=student)
    cloze, essay = course.questions().get(kind="cloze"), course.questions().get(kind="essay")
    session = StudySession.objects.create(course=course, student=student, mode=StudySession.Mode.REVISION,
                                          question_ids=[cloze.pk, essay.pk])

    login(page, student.email, PASSWORD)
    page.goto(page.base_url + reverse("quizzes:session", args=[session.pk]))
    expect(page.get_by_text("Complétez chaque trou")).to_be_visible()
    assert_accessible(page, "question à trous")
    _fits_phone(page, phone_page, "cloze")
    page.get_by_label("Trou 1").select_option("DP")
    page.get_by_label("Trou 2").fill("20")
    page.get_by_label("Trou 3").fill("pharmaceutique")
    page.get_by_role("button", name="Sûr", exact=True).click()
    expect(page.locator("h1")).to_have_text("Mauvaise réponse")
    correction = page.locator(".cloze-correction")
    expect(correction).to_contain_text("50 % des points")
    expect(correction).to_contain_text("Oui.")
    assert_accessible(page, "correction d'une question à trous")
    _fits_phone(page, phone_page, "cloze-correction")
    page.get_by_role("link", name="Question suivante").click()

    expect(page.get_by_label("Votre réponse")).to_be_visible()
    page.get_by_label("Votre réponse").fill("Un second diplômé revérifie l'ordonnance et les produits.")
    assert_accessible(page, "réponse rédigée")
    expect(page.get_by_role("button", name="Sûr", exact=True)).to_have_count(0)  # the self-grade says it
    _fits_phone(page, phone_page, "essay")
    page.get_by_role("button", name="Valider", exact=True).click()
    expect(page.locator("h1")).to_have_text("Comparez avec la réponse modèle")
    expect(page.locator(".essay-model")).to_contain_text("Un autre diplômé revérifie")
    assert_accessible(page, "réponse modèle")
    _fits_phone(page, phone_page, "essay-correction")
    page.get_by_role("button", name="Correct", exact=True).click()
    # The cloze answered wrong comes back in the session until answered right.
    expect(page.get_by_text("Cette question revient")).to_be_visible()
    _fits_phone(page, phone_page, "cloze-returning")
    page.get_by_label("Trou 1").select_option("DP")
    page.get_by_label("Trou 2").fill("21")
    page.get_by_label("Trou 3").fill("pharmaceutique")
    page.get_by_role("button", name="Sûr", exact=True).click()
    expect(page.locator("h1")).to_have_text("Bonne réponse")
    page.get_by_role("link", name="Voir le bilan").click()
    expect(page.locator("p.lead")).to_contain_text("1 bonnes réponses sur 2")
