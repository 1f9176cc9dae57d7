"""The reader's own cached pages (portal/caching/) in a real browser: the dashboard comes back
from the cache, a teammate's change in another browser shows at once, and nothing is shared."""

import re

import pytest
from playwright.sync_api import expect

from portal.pharmacies.roles import Role
from tests.browser.conftest import login
from tests.browser.test_toolkit_journey import kit_with_memo  # noqa: F401 - the kit fixture
from tests.factories import PASSWORD, MembershipFactory, PharmacyFactory


@pytest.fixture
def personal_cache(settings):
    settings.PERSONAL_PAGE_CACHE_SECONDS = 120


def _dashboard(page):
    response = page.goto(page.base_url + "/ma-dqo/")
    assert response.status == 200
    return response.headers.get("x-portal-cache")


def test_a_cached_dashboard_shows_a_teammates_change_at_once(page, browser, kit_with_memo, personal_cache):  # noqa: F811
    pharmacy = PharmacyFactory(name="Pharmacie du Centre")
    owner = MembershipFactory(pharmacy=pharmacy, role=Role.TITULAIRE).user
    adjoint = MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT).user
    other = MembershipFactory(pharmacy=PharmacyFactory(name="Pharmacie de la Gare"), role=Role.TITULAIRE).user

    login(page, owner.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/ma-dqo/$"))
    _dashboard(page)
    assert _dashboard(page) == "personal"
    theme_4 = page.locator("[data-theme='4']")
    expect(theme_4).to_contain_text("0 / 2")

    colleague = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR").new_page()
    colleague.base_url = page.base_url
    login(colleague, adjoint.email, PASSWORD)
    colleague.goto(page.base_url + "/kit-outils/m11/")
    colleague.get_by_label("Mis en place").check()
    colleague.get_by_role("button", name="Enregistrer le statut").click()
    expect(colleague.locator(".message-success")).to_be_visible()

    assert _dashboard(page) != "personal"  # rebuilt: the pharmacy's data changed
    expect(theme_4).to_contain_text("1 / 2")
    assert _dashboard(page) == "personal"
    expect(theme_4).to_contain_text("1 / 2")

    stranger = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR").new_page()
    stranger.base_url = page.base_url
    login(stranger, other.email, PASSWORD)
    _dashboard(stranger)
    assert _dashboard(stranger) == "personal"  # their own copy, built after their login
    expect(stranger.locator("h1")).to_have_text("Pharmacie de la Gare")
    expect(stranger.locator("[data-theme='4']")).to_contain_text("0 / 2")
    colleague.context.close()
    stranger.context.close()
