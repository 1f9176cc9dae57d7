"""The owner opens memo M11, marks it "Mis en place" and sees the theme's progress move."""

import re

import pytest
from playwright.sync_api import expect

from portal.pharmacies.roles import Role
from tests.browser.conftest import assert_accessible, login
from tests.factories import PASSWORD, MembershipFactory, PharmacyFactory
from tests.toolkit.factories import ToolIndexPageFactory, ToolPageFactory


@pytest.fixture
def kit_with_memo(home, framework):
    kit = ToolIndexPageFactory(parent=home)
    ToolPageFactory(parent=kit, code="M11", title="Le double contrôle", principle_numbers=["4.1"],
                    body=[("table", {"data": [["", "En direct", "En différé"], ["Quand", "Avant", "Après"]],
                                     "first_row_is_table_header": True, "first_col_is_header": True,
                                     "table_caption": "Les deux variantes"})])
    ToolPageFactory(parent=kit, code="P41", title="Dispensation sur prescription", tool_type="procedure",
                    principle_numbers=["4.2"])
    ToolPageFactory(parent=kit, code="C31", title="Check-list accueil", tool_type="checklist", principle_numbers=["3.1"])
    return kit


def test_owner_marks_m11_implemented_and_dashboard_progress_moves(page, kit_with_memo):
    owner = MembershipFactory(pharmacy=PharmacyFactory(name="Pharmacie du Centre"), role=Role.TITULAIRE).user
    login(page, owner.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/ma-dqo/$"))
    theme_4 = page.locator("[data-theme='4']")
    expect(theme_4.locator(".progress")).to_have_attribute("aria-valuenow", "0")
    expect(theme_4).to_contain_text("0 / 2")
    assert_accessible(page, "tableau de bord")

    page.goto(page.base_url + "/kit-outils/")
    page.get_by_label("Thème").select_option("4")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator(".results-count")).to_have_text("2 outils")
    assert_accessible(page, "liste des outils")

    page.get_by_role("link", name="Le double contrôle").click()
    expect(page.locator("h1")).to_have_text("Le double contrôle")
    expect(page.locator("table caption")).to_have_text("Les deux variantes")
    assert_accessible(page, "page d'outil")
    page.get_by_label("Mis en place").check()
    page.get_by_label("Note (facultative)").fill("Double contrôle en différé chaque soir")
    page.get_by_role("button", name="Enregistrer le statut").click()
    expect(page.locator(".message-success")).to_contain_text("Statut de « Le double contrôle » enregistré.")
    expect(page.locator(".tool-status .badge").first).to_have_text("Mis en place")
    expect(page.locator(".status-history")).to_contain_text("Double contrôle en différé chaque soir")

    page.get_by_role("link", name="Mon espace").click()
    expect(theme_4.locator(".progress")).to_have_attribute("aria-valuenow", "50")
    expect(theme_4).to_contain_text("1 / 2")
    expect(page.locator("[data-theme='3']")).to_contain_text("0 / 1")

    page.get_by_role("link", name="Gérer les statuts des outils").click()
    page.wait_for_load_state("load")  # « Tout sélectionner » is the script's (the page works without it)
    page.get_by_label("Tout sélectionner").check()
    expect(page.locator("input[name=tools]:checked")).to_have_count(3)
    page.get_by_label("Nouveau statut").select_option(label="Mis en place")
    page.get_by_role("button", name="Appliquer").click()
    expect(page.locator(".message-success")).to_contain_text("3 outils passés à « Mis en place ».")
    assert_accessible(page, "statuts des outils")
