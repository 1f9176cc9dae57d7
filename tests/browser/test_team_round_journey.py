"""The team round in a real browser, with three members: the titulaire opens it, each member
answers alone (autosave; the préparateur on a 390 px phone), the titulaire closes it and reads the
disagreement map, opens a « harmoniser la pratique » sheet, and the adjoint consolidates on a
phone; the bilan then shows where the team disagreed. axe-core clean at 1280 and 390 px."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from portal.pharmacies.roles import Role
from tests.browser.conftest import BROWSER_TIMEOUT_MS, assert_accessible, login
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.selfassessment.factories import make_questionnaire

# Each member's answers: question text -> label. 3.2 splits the team between the extremes.
ANSWERS = {
    "owner": {"Question 3.1.0": "Systématiquement", "Question 3.2.0": "Systématiquement",
              "Question 4.1.0": "Le plus souvent", "Question 4.2.0": "Non concerné"},
    "adjoint": {"Question 3.1.0": "Systématiquement", "Question 3.2.0": "Non",
                "Question 4.1.0": "Le plus souvent", "Question 4.2.0": "En partie"},
    "preparer": {"Question 3.1.0": "Systématiquement", "Question 3.2.0": "Non",
                 "Question 4.1.0": "Systématiquement", "Question 4.2.0": "En partie"},
}


def new_page(browser, live_server, phone=False):
    size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=size, locale="fr-FR", is_mobile=phone)
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    page.base_url = live_server.url
    return page


def assert_fits(page, width=390):
    """Nothing wider than the screen (no sideways scrolling)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def answer_alone(page, user, answers, consent=False, check=False, signed_in=False):
    if not signed_in:
        login(page, user.email, PASSWORD)
    page.goto(page.base_url + "/auto-evaluation/equipe/")
    page.get_by_role("link", name="Répondre au questionnaire").click()
    expect(page.locator("h1")).to_contain_text("3.")
    if consent:
        page.get_by_label(re.compile("J'accepte que mon nom figure")).check()
        page.get_by_role("button", name="Enregistrer mon choix").click()
        expect(page.locator(".messages")).to_contain_text("Votre choix est enregistré")
    for question, label in answers.items():
        if question.startswith("Question 4.") and "4." not in page.locator("h1").inner_text():
            page.get_by_role("button", name=re.compile("Thème 4")).click()
            expect(page.locator("h1")).to_contain_text("4.")
        page.locator("fieldset", has_text=question).get_by_label(label, exact=True).check()
        expect(page.locator("[data-save-status]")).to_contain_text("Enregistré")
    if check:
        assert_accessible(page, f"réponses seules ({page.viewport_size['width']} px)")
        if page.viewport_size["width"] == 390:
            assert_fits(page)
    page.reload()  # saved in the background: still checked, and only this member's answers
    expect(page.locator("input[type=radio]:checked")).to_have_count(2)
    page.get_by_role("button", name="Terminer").click()
    expect(page.locator(".team-progress")).to_contain_text("4 sur 4 questions")


def test_three_members_answer_alone_then_the_team_sees_its_disagreements(browser, live_server, framework, pharmacy, owner):
    from portal.pages.models import PrinciplePage

    make_questionnaire(list(PrinciplePage.objects.order_by("path")), year=timezone.localdate().year)
    adjoint = MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT,
                                user=UserFactory(first_name="Karim", last_name="Benali")).user
    preparer = MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR,
                                 user=UserFactory(first_name="Lucie", last_name="Moreau")).user
    MembershipFactory(pharmacy=pharmacy, role=Role.AUTRE, user=UserFactory(first_name="Inès", last_name="Stagiaire"))

    # The titulaire opens the round: the student is not offered.
    desk = new_page(browser, live_server)
    login(desk, owner.email, PASSWORD)
    desk.goto(desk.base_url + "/auto-evaluation/")
    desk.get_by_role("link", name=re.compile("Auto-évaluation en équipe")).click()
    expect(desk.locator("main form")).not_to_contain_text("Stagiaire")
    expect(desk.locator("input[name=participants]:checked")).to_have_count(3)
    assert_accessible(desk, "ouvrir l'auto-évaluation en équipe")
    desk.get_by_role("button", name="Ouvrir l'auto-évaluation en équipe").click()
    expect(desk.locator(".team-progress li")).to_have_count(3)

    answer_alone(desk, owner, ANSWERS["owner"], check=True, signed_in=True)
    adjoint_page = new_page(browser, live_server)
    answer_alone(adjoint_page, adjoint, ANSWERS["adjoint"], consent=True)
    phone = new_page(browser, live_server, phone=True)
    answer_alone(phone, preparer, ANSWERS["preparer"], check=True)
    assert_fits(phone)

    # Closed: the map, most disputed first; names only for the adjoint, who agreed.
    desk.goto(desk.base_url + "/auto-evaluation/equipe/")
    desk.get_by_role("button", name="Clore les réponses").click()
    expect(desk.locator("h1")).to_have_text("Carte des désaccords")
    first = desk.locator(".team-question").first
    expect(first).to_contain_text("Question 3.2.0")
    expect(first).to_contain_text("Désaccord 67/100")
    expect(first).to_contain_text("Karim Benali")
    expect(desk.locator("main")).not_to_contain_text("Lucie Moreau")
    expect(desk.locator(".heat-grid li")).to_have_count(4)
    expect(desk.locator(".heat-grid .heat-3")).to_have_count(1)
    expect(desk.locator(".team-question", has_text="Question 4.2.0")).to_contain_text("Non concerné (compté à part)")
    assert_accessible(desk, "carte des désaccords (1280 px)")

    # A strong disagreement becomes a « harmoniser la pratique » sheet in one step.
    first.get_by_role("button", name=re.compile("harmoniser la pratique")).click()
    expect(desk.locator("h1")).to_contain_text("Harmoniser la pratique : 3.2")

    # The préparateur never sees the map; the adjoint reads it on a phone and consolidates.
    phone.goto(phone.base_url + "/auto-evaluation/equipe/")
    expect(phone.get_by_role("link", name="Carte des désaccords")).to_have_count(0)
    adjoint_phone = new_page(browser, live_server, phone=True)
    login(adjoint_phone, adjoint.email, PASSWORD)
    adjoint_phone.goto(adjoint_phone.base_url + "/auto-evaluation/equipe/")
    adjoint_phone.get_by_role("link", name="Carte des désaccords").click()
    expect(adjoint_phone.locator(".team-question").first).to_contain_text("Voir la fiche")
    assert_accessible(adjoint_phone, "carte des désaccords (390 px)")
    assert_fits(adjoint_phone)
    adjoint_phone.get_by_role("link", name="Consolider la réponse de l'officine").first.click()
    disputed = adjoint_phone.locator(".team-question", has_text="Question 3.2.0")
    expect(disputed.locator("select")).to_have_value(
        disputed.locator("option", has_text="Non").first.get_attribute("value"))  # the median of Non, Non, Systématiquement
    disputed.locator("select").select_option(label="En partie")
    disputed.locator("textarea").fill("Décidé en réunion d'équipe : le double contrôle n'est pas systématique.")
    assert_accessible(adjoint_phone, "consolidation (390 px)")
    assert_fits(adjoint_phone)
    adjoint_phone.get_by_role("button", name="Valider et soumettre l'auto-évaluation").click()

    expect(adjoint_phone.locator("h1")).to_contain_text("Bilan")
    section = adjoint_phone.locator("section", has=adjoint_phone.locator("#team-disagreement-title"))
    expect(section).to_contain_text("3.2")
    expect(section).to_contain_text("67/100")
    assert_accessible(adjoint_phone, "bilan avec désaccords (390 px)")
    desk.goto(desk.base_url + "/auto-evaluation/")
    expect(desk.locator(".sa-current")).to_contain_text("Soumise")
    for page in (desk, adjoint_page, phone, adjoint_phone):
        page.context.close()
