"""The quality loop in a real browser: the préparateur declares an incident at the counter, the
adjoint opens an improvement sheet from it and adds an action, the owner adds a bilan
recommendation to the programme, sees both actions there, and the dashboard criterion is met.
axe-core on every page of the loop; no page wider than a 390 px phone."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from portal.pages.models import PrinciplePage
from portal.pharmacies.roles import Role
from tests.browser.conftest import assert_accessible, login
from tests.factories import PASSWORD, MembershipFactory
from tests.selfassessment.factories import make_questionnaire, submit

BASE = "/ma-dqo/registres"


def switch_to(page, user):
    page.context.clear_cookies()
    login(page, user.email, PASSWORD)


def assert_fits(page, width):
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"{page.url}: {overflow} px wide on a {width} px screen"


def test_incident_to_sheet_to_programme(page, framework, pharmacy, owner):
    adjoint = MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT,
                                user__first_name="Karim", user__last_name="Benali").user
    preparer = MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR,
                                 user__first_name="Lucie", user__last_name="Moreau").user
    questionnaire = make_questionnaire(list(PrinciplePage.objects.order_by("path")), year=timezone.localdate().year)
    assessment = submit(pharmacy, owner, questionnaire, points=1)  # every answer below the top: recommendations

    # The préparateur, at the counter: closed questions, defaults, one click to save.
    login(page, preparer.email, PASSWORD)
    page.goto(page.base_url + BASE + "/incidents/declarer/")
    assert_accessible(page, "déclaration rapide")
    expect(page.locator("input[name=seriousness]:checked")).to_have_count(0)  # never pre-selected
    page.get_by_label("Erreur évitée de justesse").check()
    page.get_by_label("2 – pourrait influencer le traitement mais corrigeable").check()
    page.get_by_label("Référence patient").fill("F-20931")
    page.get_by_label("Détails et causes").fill("Deux dosages rangés côte à côte.")
    page.get_by_role("button", name="Enregistrer l'incident", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Registre des incidents")
    expect(page.locator("table")).to_contain_text("Erreur évitée de justesse")
    expect(page.locator("table")).to_contain_text("Lucie Moreau")
    assert_accessible(page, "registre")

    # The adjoint opens an improvement sheet from the incident and adds an action.
    switch_to(page, adjoint)
    page.goto(page.base_url + BASE + "/incidents/")
    page.locator("table tbody th a").first.click()
    page.get_by_role("link", name="Ouvrir une fiche d'amélioration").click()
    expect(page.get_by_label("Problème constaté")).not_to_be_empty()  # pre-filled from the incident
    assert_accessible(page, "fiche (création)")
    page.get_by_label("Première action", exact=True).fill("Séparer les dosages dans le tiroir")
    page.get_by_label("Responsable de l'action").select_option(label="Karim Benali")
    page.get_by_label("Échéance de l'action").fill((timezone.localdate() + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Ouvrir la fiche").click()
    expect(page.locator("table")).to_contain_text("Séparer les dosages dans le tiroir")
    page.get_by_label("Action", exact=True).fill("Afficher un rappel au tiroir")
    page.get_by_label("Responsable", exact=True).select_option(label="Karim Benali")
    page.get_by_label("Échéance", exact=True).fill((timezone.localdate() + datetime.timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Ajouter l'action").click()
    expect(page.locator("table")).to_contain_text("Afficher un rappel au tiroir")
    assert_accessible(page, "fiche")

    # The owner adds a recommendation of the bilan to the programme.
    switch_to(page, owner)
    page.goto(page.base_url + f"/auto-evaluation/{assessment.pk}/bilan/")
    page.locator("a.add-to-programme").first.click()
    expect(page.locator(".page-header")).to_contain_text("Ouverte depuis une recommandation du bilan")
    page.get_by_label("Première action", exact=True).fill("Écrire la méthode d'accueil")
    page.get_by_label("Responsable de l'action").select_option(index=1)
    page.get_by_label("Échéance de l'action").fill((timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Ajouter à mon programme").click()

    # One step: the programme shows the new action at once.
    expect(page.locator("h1")).to_have_text("Programme d'amélioration")
    table = page.locator("table")
    expect(table).to_contain_text("Séparer les dosages dans le tiroir")
    expect(table).to_contain_text("Écrire la méthode d'accueil")
    expect(page.locator("div.message-success")).to_contain_text("rempli")
    assert_accessible(page, "programme")
    page.goto(page.base_url + BASE + "/statistiques/")
    assert_accessible(page, "statistiques")

    page.goto(page.base_url + "/ma-dqo/")
    item = page.locator(".checklist-item", has_text="Programme d'amélioration")
    expect(item).to_have_class("checklist-item is-done")


def test_loop_pages_fit_a_phone_and_pass_axe(phone_page, pharmacy, owner):
    from tests.registers.factories import make_incident, make_sheet

    make_incident(pharmacy, details="Deux dosages rangés côte à côte " * 5, declarant=owner)
    make_sheet(pharmacy, owner=owner, title="Rangement des dosages proches, une fiche au titre long")
    login(phone_page, owner.email, PASSWORD)
    for path in ["/incidents/", "/incidents/declarer/", "/incidents/importer/", "/programme/", "/fiches/",
                 "/fiches/nouvelle/", "/statistiques/", "/depannages/", "/depannages/nouvelle/", "/ordonnances/"]:
        phone_page.goto(phone_page.base_url + BASE + path)
        assert_fits(phone_page, 390)
        assert_accessible(phone_page, f"{path} (390 px)")
