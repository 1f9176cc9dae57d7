import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible


def test_home_to_principle_then_search(page, framework):
    page.goto(page.base_url + "/")
    expect(page.locator("h1")).to_contain_text("Pharmacie engagée")
    assert_accessible(page, "accueil")

    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Référentiel qualité").click()
    expect(page).to_have_url(re.compile(r"/referentiel/$"))
    assert_accessible(page, "référentiel")

    page.get_by_role("link", name=re.compile("Thème numéro 4")).first.click()
    expect(page.locator("h1")).to_have_text("Thème numéro 4")
    assert_accessible(page, "thème")

    page.get_by_role("link", name="Principe 4.1").click()
    expect(page.locator("h1")).to_have_text("Principe 4.1")
    expect(page.get_by_role("navigation", name="Fil d’Ariane")).to_contain_text("Référentiel qualité")
    expect(page.locator("a[rel=next]")).to_contain_text("4.2")
    assert_accessible(page, "principe")

    page.fill("#header-q", "Principe 3.2")
    page.press("#header-q", "Enter")
    expect(page.locator(".search-results")).to_contain_text("Principe 3.2")
    assert_accessible(page, "recherche")


def test_phone_menu_opens(phone_page, framework):
    page = phone_page
    page.goto(page.base_url + "/")
    menu_link = page.get_by_role("link", name="Référentiel qualité").first
    expect(menu_link).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(menu_link).to_be_visible()
    assert_accessible(page, "accueil mobile")
