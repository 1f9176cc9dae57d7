"""Issue 26 item 4: the quality loop walked in a real browser, at 1280 and at 390 px, axe clean.

The préparateur declares at the counter; the adjoint opens an improvement sheet from the register
with its first action; the owner, from the programme, marks the action done on the sheet, records
the effectiveness check and closes the sheet, resolving the incident in the same step; the
incident then shows « résolu » with the link to the sheet. Each role's pages are counted (the goal
is at most 2 distinct pages per role) and printed for the closing note."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.pharmacies.roles import Role
from registers.models import ImprovementSheet, Incident
from tests.browser.conftest import BROWSER_TIMEOUT_MS, assert_accessible, login
from tests.factories import PASSWORD, MembershipFactory

BASE = "/ma-dqo/registres"
VIEWPORTS = {1280: {"width": 1280, "height": 900}, 390: {"width": 390, "height": 844}}
SAVE_WITHIN_PX = 2000
TAP_TARGET_PX = 44


@pytest.fixture(params=sorted(VIEWPORTS), ids=lambda width: f"{width}px")
def sized_page(request, browser, live_server):
    width = request.param
    context = browser.new_context(viewport=VIEWPORTS[width], locale="fr-FR", is_mobile=width < 600)
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    page.base_url = live_server.url
    page.width = width
    yield page
    context.close()


class Pages:
    """The main-frame page loads of one role (a redirect after a form counts once)."""

    def __init__(self, page):
        self.page, self.loads = page, []
        page.on("framenavigated", lambda frame: frame == page.main_frame and self.loads.append(frame.url))

    def start(self):
        self.loads = []

    @property
    def distinct(self) -> list[str]:
        paths = [url.split("?")[0].removeprefix(self.page.base_url) for url in self.loads]
        return list(dict.fromkeys(paths))


def switch_to(page, pages, user):
    page.context.clear_cookies()
    login(page, user.email, PASSWORD)
    pages.start()


def check_page(page, label):
    assert_accessible(page, f"{label} ({page.width} px)")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.width, f"{label}: {width} px wide on a {page.width} px screen"


def assert_tap_targets(page):
    small = page.evaluate("""(min) => [...document.querySelectorAll(
        '.quick-incident .choice, .quick-incident select, .quick-incident input:not([type=radio]):not([type=hidden]),'
        + ' .quick-incident button, .never-events summary')]
        .map(el => [el.name || el.textContent.trim().slice(0, 30), el.getBoundingClientRect().height])
        .filter(([, h]) => h < min)""", TAP_TARGET_PX)
    assert small == [], f"tap targets under {TAP_TARGET_PX} px: {small}"


def test_the_loop_from_the_counter_to_the_closed_sheet(sized_page, pharmacy, owner):
    page, pages = sized_page, Pages(sized_page)
    adjoint = MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT,
                                user__first_name="Karim", user__last_name="Benali").user
    preparer = MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR,
                                 user__first_name="Lucie", user__last_name="Moreau").user
    counts = {}

    # The préparateur, at the counter: type and seriousness chosen, the rest shown pre-filled.
    switch_to(page, pages, preparer)
    page.goto(page.base_url + BASE + "/incidents/declarer/")
    check_page(page, "déclaration rapide")
    assert_tap_targets(page)
    expect(page.locator("input[name=report_type]:checked")).to_have_count(0)
    expect(page.locator("input[name=seriousness]:checked")).to_have_count(0)
    expect(page.locator("input[name=occurred_at]")).to_have_attribute("type", "datetime-local")
    save = page.get_by_role("button", name="Enregistrer l'incident", exact=True)
    top = save.evaluate("el => el.getBoundingClientRect().top + window.scrollY")
    assert top < SAVE_WITHIN_PX, f"the save button is {top:.0f} px down the page"
    print(f"\nSave button {top:.0f} px down the counter form at {page.width} px")
    page.get_by_label("Erreur évitée de justesse").check()
    page.get_by_label("2 – pourrait influencer le traitement mais corrigeable").check()
    page.get_by_label("Référence patient").fill("F-20931")
    page.get_by_label("Détails et causes").fill("Deux dosages rangés côte à côte.")
    save.click()
    expect(page.locator("h1")).to_contain_text("Registre des incidents")
    expect(page.locator("table")).to_contain_text("Erreur évitée de justesse")
    check_page(page, "registre")
    counts["préparateur"] = pages.distinct
    incident = Incident.objects.get(pharmacy=pharmacy)
    assert incident.seriousness == 2 and incident.declarant == preparer

    # The adjoint, from the register: a sheet and its first action in one form.
    switch_to(page, pages, adjoint)
    page.goto(page.base_url + BASE + "/incidents/")
    page.locator("a.open-sheet").first.click()
    expect(page.get_by_label("Problème constaté")).not_to_be_empty()  # pre-filled from the incident
    check_page(page, "fiche (création)")
    page.get_by_label("Première action", exact=True).fill("Séparer les dosages dans le tiroir")
    page.get_by_label("Responsable de l'action").select_option(label="Karim Benali")
    page.get_by_label("Échéance de l'action").fill((timezone.localdate() + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Ouvrir la fiche").click()
    expect(page.locator(".messages")).to_contain_text("première action")
    expect(page.locator("a.open-sheet")).to_have_count(0)  # back on the register: this incident has its sheet
    counts["adjoint"] = pages.distinct
    sheet = ImprovementSheet.objects.get(pharmacy=pharmacy)
    assert sheet.incident == incident and sheet.actions.get().owner == adjoint

    # The owner, from the programme: the action done, the check, the closing and the incident, on the sheet.
    switch_to(page, pages, owner)
    page.goto(page.base_url + BASE + "/programme/")
    expect(page.locator("table")).to_contain_text("Séparer les dosages dans le tiroir")
    page.get_by_role("link", name=sheet.title).click()
    check_page(page, "fiche")
    page.get_by_label("État de l'action Séparer les dosages dans le tiroir").select_option("done")
    page.get_by_role("button", name="Changer : Séparer les dosages dans le tiroir").click()
    expect(page.locator("table")).to_contain_text("Réalisée")
    page.get_by_label("Date du contrôle d'efficacité").fill(timezone.localdate().isoformat())
    page.get_by_label("Résultat du contrôle").select_option("effective")
    page.get_by_label("Commentaire du contrôle").fill("Aucune confusion depuis quatre semaines.")
    page.get_by_label("Clôturée le").fill(timezone.localdate().isoformat())
    expect(page.get_by_label("Marquer l'incident d'origine comme résolu à la clôture")).to_be_checked()
    page.get_by_role("button", name="Enregistrer le contrôle (et clôturer si daté)").click()
    expect(page.locator(".page-header")).to_contain_text("Clôturée le")
    expect(page.locator(".page-header")).to_contain_text("résolu")
    check_page(page, "fiche clôturée")
    counts["titulaire"] = pages.distinct

    # The préparateur finds the incident resolved, with the link to the sheet.
    switch_to(page, pages, preparer)
    page.goto(page.base_url + incident.get_absolute_url())
    header = page.locator(".page-header")
    expect(header).to_contain_text("Résolu")
    expect(header.locator("a.resolved-by")).to_have_attribute("href", sheet.get_absolute_url())
    check_page(page, "incident résolu")
    incident.refresh_from_db()
    assert incident.resolved_on == timezone.localdate()

    print(f"\nPages per role at {page.width} px: " + "; ".join(
        f"{role} {len(paths)} ({', '.join(paths)})" for role, paths in counts.items()))
    assert all(len(paths) <= 2 for paths in counts.values()), counts
