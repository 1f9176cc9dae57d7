"""A teacher imports a GIFT file with every type GIFT holds (preview, then apply), writes an ordering
question in the form; a student answers the matching and the ordering questions."""

import os
import re

from django.urls import reverse
from playwright.sync_api import expect

from quizzes.models import Enrollment, grant_teaching
from tests.browser.conftest import assert_accessible, login
from tests.factories import PASSWORD, UserFactory
from tests.quizzes.factories import CourseFactory

GIFT = """$CATEGORY: Le DP
Durée de conservation des vaccins dans le DP ?{~12 mois ~3 ans =21 ans}

Traits de l'INS ?{~%50%Nom de naissance ~%50%Sexe ~%-100%Adresse}

Le DP est créé automatiquement depuis 2023.{T}

Année du Ségur de la santé ?{=2020}

Prix unitaire (€) au-delà duquel les contrôles sont renforcés ?{#300}

Le {=DP ~DMP} conserve les vaccins 21 ans.

$CATEGORY: Sigles
Associez chaque sigle à sa signification.{
  =DP -> Dossier pharmaceutique
  =DMP -> Dossier médical partagé
  =INS -> Identité nationale de santé
}
"""
STEPS = ["Vérifier l'identité du patient", "Analyser l'ordonnance", "Délivrer et conseiller"]
MEANINGS = {"DP": "Dossier pharmaceutique", "DMP": "Dossier médical partagé", "INS": "Identité nationale de santé"}


def _screenshot(page, name):
    """Pictures for a person to look at (QUIZ_SCREENSHOTS=/tmp/dir), never compared."""
    folder = os.environ.get("QUIZ_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, name), full_page=True)


def test_teacher_imports_every_type_and_student_answers_matching_and_ordering(page, phone_page, home):
    teacher = UserFactory(email="prof@exemple.test", username="prof", kind="teacher")
    grant_teaching(teacher)
    course = CourseFactory(owner=teacher, title="Outils numériques")
    student = UserFactory(email="eleve@exemple.test", username="eleve", kind="student")
    Enrollment.objects.create(course=course, student=student)

    login(page, teacher.email, PASSWORD)
    page.goto(page.base_url + reverse("quizzes:import", args=[course.pk]))
    page.set_input_files("input[name=file]", files=[{"name": "questions.gift", "mimeType": "text/plain",
                                                      "buffer": GIFT.encode()}])
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_text("7 questions prêtes à être importées")).to_be_visible()
    preview = page.locator("table.import-preview")
    for kind in ("Choix unique", "Choix multiple", "Vrai / faux", "Réponse courte", "Numérique", "Mot manquant",
                 "Association"):
        expect(preview).to_contain_text(kind)
    assert_accessible(page, "aperçu de l'import")
    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.get_by_text("7 questions importées")).to_be_visible()

    chapter = course.chapters.get(title="Sigles")
    page.goto(page.base_url + reverse("quizzes:question_create", args=[course.pk]) + f"?chapitre={chapter.pk}")
    page.get_by_label("Type").select_option(label="Remise en ordre")
    page.get_by_label("Énoncé").fill("<p>Dans quel ordre dispenser une ordonnance ?</p>")
    for number, step in enumerate(STEPS, start=1):
        page.get_by_label(f"Choix {number}", exact=True).fill(step)
    assert_accessible(page, "formulaire de question")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Question enregistrée.")).to_be_visible()

    page.context.clear_cookies()
    login(page, student.email, PASSWORD)
    page.goto(page.base_url + reverse("quizzes:course", args=[course.pk]))
    page.get_by_label("Chapitre", exact=True).select_option(label="Sigles")
    page.get_by_role("button", name="S'entraîner").click()
    for _ in range(2):  # the two questions of the chapter, in a random order
        expect(page.locator("h1")).to_contain_text(re.compile(r"Question \d sur 2"))
        assert_accessible(page, "question à réponses à placer")
        phone_page.context.add_cookies(page.context.cookies())
        phone_page.goto(page.url)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
        if page.get_by_text("Numérotez les éléments").is_visible():
            _screenshot(page, "ordering-desktop.png")
            _screenshot(phone_page, "ordering-phone.png")
            for rank, step in enumerate(STEPS, start=1):
                page.get_by_label(step).select_option(str(rank))
        else:
            _screenshot(page, "matching-desktop.png")
            _screenshot(phone_page, "matching-phone.png")
            for item, meaning in MEANINGS.items():
                page.get_by_label(item, exact=True).select_option(label=meaning)
        page.get_by_role("button", name="Sûr", exact=True).click()
        expect(page.locator("h1")).to_have_text("Bonne réponse")
        assert_accessible(page, "correction")
        page.locator(".button-row a.button").first.click()
    expect(page.get_by_text("2 bonnes réponses sur 2")).to_be_visible()
