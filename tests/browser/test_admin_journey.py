"""An administrator signs in to the Wagtail admin through allauth with a TOTP code; one without
two-factor authentication is shown how to turn it on."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory, totp_code


def test_administrator_signs_in_with_a_code_and_reaches_the_reports(page):
    admin = UserFactory(email="alice@exemple.test", is_staff=True, is_superuser=True, totp=True)
    page.goto(page.base_url + "/admin/pages/")
    expect(page).to_have_url(page.base_url + "/comptes/login/?next=/admin/pages/")
    page.get_by_label("E-mail").fill(admin.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(page.locator("h1")).to_have_text("Double authentification")
    assert_accessible(page, "code de double authentification")
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("main").get_by_role("button").first.click()
    expect(page).to_have_url(page.base_url + "/admin/pages/")

    page.goto(page.base_url + "/admin/auto-evaluation/statistiques/")
    expect(page.locator("h1")).to_contain_text("Statistiques nationales")
    expect(page.get_by_text("Pas assez d'auto-évaluations soumises")).to_be_visible()
    page.goto(page.base_url + "/admin/pharmacy/new/")
    expect(page.get_by_label("Nom")).to_be_visible()


def test_administrator_without_mfa_is_told_to_set_it_up(phone_page):
    page = phone_page
    user = UserFactory(email="bob@exemple.test", is_staff=True, is_superuser=True)
    page.goto(page.base_url + "/comptes/login/?next=/admin/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(page.locator("h1")).to_have_text("Activez la double authentification pour accéder à l'administration")
    assert_accessible(page, "double authentification obligatoire")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="Activer la double authentification").click()
    # allauth asks for the password again before turning two-factor authentication on.
    expect(page).to_have_url(re.compile(r"/comptes/reauthenticate/\?next=.*totp"))
