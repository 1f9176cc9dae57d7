"""Journeys of issue 14 in a real browser: the lexicon and its search, the tool-status list a
user comes back to, and the attestation generated in French from the English interface."""

import io
import re
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from portal.pages import demo
from portal.pages.models import PrinciplePage
from tests.browser.conftest import assert_accessible, login
from tests.factories import PASSWORD
from tests.selfassessment.factories import make_questionnaire, submit
from tests.toolkit.factories import ToolIndexPageFactory, ToolPageFactory


def test_lexicon_page_and_search_lead_to_the_definition(page, framework):
    demo.load_lexicon()
    page.goto(page.base_url + "/lexique/")
    expect(page.locator("#terme-ins")).to_have_text("INS")
    assert_accessible(page, "lexique")
    page.get_by_role("searchbox", name="Rechercher sur le portail").fill("INS")
    page.get_by_role("button", name="Rechercher").first.click()
    results = page.locator(".lexicon-results")
    expect(results).to_contain_text("Identité nationale de santé")
    results.get_by_role("link", name="INS", exact=True).click()
    expect(page).to_have_url(re.compile(r"/lexique/#terme-ins$"))


def test_saving_a_status_returns_to_the_filtered_list(page, home, framework, owner):
    kit = ToolIndexPageFactory(parent=home)
    ToolPageFactory(parent=kit, code="M11", title="Le double contrôle", principle_numbers=["4.1"])
    ToolPageFactory(parent=kit, code="C31", title="Check-list accueil", principle_numbers=["3.1"])
    login(page, owner.email, PASSWORD)
    page.goto(page.base_url + "/ma-dqo/outils/?theme=4")
    listing = page.url
    page.get_by_role("link", name=re.compile("Modifier Le double contrôle")).click()
    page.get_by_label("Mis en place").check()
    page.get_by_role("button", name=re.compile("Enregistrer")).click()
    expect(page).to_have_url(listing)
    expect(page.locator(".message-success")).to_contain_text("Le double contrôle")


def test_attestation_is_french_from_the_english_interface(page, framework, pharmacy, owner):
    owner.first_name, owner.last_name, owner.rpps = "Claire", "Durand", "10003456786"
    owner.save()
    principles = list(PrinciplePage.objects.order_by("path"))
    assessment = submit(pharmacy, owner, make_questionnaire(principles, year=timezone.localdate().year), points=2)
    login(page, owner.email, PASSWORD)
    page.goto(page.base_url + f"/auto-evaluation/{assessment.pk}/attestation/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Generate")).click()
    text = " ".join(PdfReader(io.BytesIO(Path(download.value.path()).read_bytes())).pages[0].extract_text().split())
    assert "Je soussigné(e) Claire Durand, pharmacien titulaire de l'officine" in text
    assert "Fait à " in text and "auto-évaluation" in text
