import re

from playwright.sync_api import expect

from portal.pharmacies.roles import Role
from tests.browser.conftest import BROWSER_TIMEOUT_MS, assert_accessible
from tests.factories import PASSWORD, MembershipFactory, PharmacyFactory


def test_owner_invites_a_colleague_who_signs_up_through_the_link(page, browser, mailoutbox):
    pharmacy = PharmacyFactory(name="Pharmacie du Centre")
    owner = MembershipFactory(pharmacy=pharmacy, role=Role.TITULAIRE, user__first_name="Claire").user

    page.goto(page.base_url + "/comptes/login/")
    assert_accessible(page, "connexion")
    page.get_by_label("E-mail").fill(owner.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(page.locator("h1")).to_have_text("Pharmacie du Centre")

    page.get_by_role("link", name="Équipe").click()
    expect(page.locator("h1")).to_have_text("Pharmacie du Centre")
    assert_accessible(page, "équipe")
    page.get_by_label("Adresse e-mail de la personne à inviter").fill("recrue@exemple.test")
    page.get_by_label("Rôle dans l'équipe").select_option("preparateur")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.locator(".message-success")).to_contain_text("Invitation envoyée à recrue@exemple.test")
    expect(page.get_by_role("region", name="Invitations en attente")).to_contain_text("recrue@exemple.test")

    [message] = mailoutbox
    link = re.search(r"http://\S+/officine/invitation/\S+/", message.body).group(0)

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR", is_mobile=True)
    colleague = context.new_page()
    colleague.set_default_timeout(BROWSER_TIMEOUT_MS)
    colleague.goto(link)
    expect(colleague.locator("h1")).to_have_text("Rejoindre l'équipe de Pharmacie du Centre")
    colleague.get_by_role("link", name="Créer mon compte").click()
    expect(colleague.get_by_label("E-mail")).to_have_value("recrue@exemple.test")
    assert_accessible(colleague, "inscription")
    colleague.get_by_label("Prénom").fill("Rémi")
    colleague.get_by_label("Nom", exact=True).fill("Recrue")
    colleague.get_by_label("Mot de passe", exact=True).fill("un-mot-de-passe-solide")
    colleague.get_by_label("Mot de passe (confirmation)").fill("un-mot-de-passe-solide")
    colleague.get_by_role("button", name="Créer mon compte").click()
    expect(colleague.locator(".messages")).to_contain_text("Bienvenue dans l'équipe de Pharmacie du Centre")
    expect(colleague.locator("h1")).to_have_text("Pharmacie du Centre")

    colleague.goto(page.base_url + "/compte/mon-compte/")
    expect(colleague.locator("h1")).to_have_text("Rémi Recrue")
    expect(colleague.locator("main")).to_contain_text("Préparateur")
    assert_accessible(colleague, "mon compte (mobile)")
    context.close()

    page.reload()
    members = page.locator(".team-table")
    expect(members).to_contain_text("Rémi Recrue")
    expect(members).to_contain_text("recrue@exemple.test")
    expect(page.get_by_text("Aucune invitation en attente.")).to_be_visible()
