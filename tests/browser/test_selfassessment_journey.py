"""The owner fills every theme (autosave), reloads mid-way, submits, reads the bilan and
downloads the attestation; axe-core on the questionnaire and bilan pages."""

import io
import re
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import assert_accessible, login
from tests.factories import PASSWORD
from tests.selfassessment.factories import make_questionnaire


def answer(page, question_text: str, label: str):
    fieldset = page.locator("fieldset", has_text=question_text)
    fieldset.get_by_label(label, exact=True).check()
    expect(page.locator("[data-save-status]")).to_contain_text("Enregistré")


def test_owner_fills_submits_and_downloads_attestation(page, framework, owner, pharmacy):
    from portal.pages.models import PrinciplePage

    make_questionnaire(list(PrinciplePage.objects.order_by("path")), year=timezone.localdate().year)
    login(page, owner.email, PASSWORD)
    page.goto(page.base_url + "/auto-evaluation/")
    assert_accessible(page, "accueil auto-évaluation")
    page.get_by_role("button", name="Commencer l'auto-évaluation").click()
    expect(page.locator("h1")).to_contain_text("3.")

    answer(page, "Question 3.1.0", "Systématiquement")
    assert_accessible(page, "questionnaire thème 3")
    page.reload()  # mid-way: the answer was saved in the background
    expect(page.locator("fieldset", has_text="Question 3.1.0").get_by_label("Systématiquement")).to_be_checked()
    expect(page.locator("[data-overall]")).to_have_text("25")
    answer(page, "Question 3.2.0", "Non concerné")

    page.get_by_role("button", name=re.compile("Thème 4")).click()
    expect(page.locator("h1")).to_contain_text("4.")
    answer(page, "Question 4.1.0", "Le plus souvent")
    answer(page, "Question 4.2.0", "En partie")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("Vérifier et soumettre")).click()
    expect(page.get_by_role("heading", name="Toutes les questions ont une réponse")).to_be_visible()
    # The review lists every answer; "Non concerné" is flagged for a second look.
    review = page.locator(".sa-review")
    expect(review.locator(".sa-review-row")).to_have_count(4)
    expect(review.locator(".needs-attention")).to_have_count(1)
    expect(review.locator(".needs-attention")).to_contain_text("Non concerné")
    assert_accessible(page, "vérifier et soumettre")
    page.get_by_role("button", name="Soumettre l'auto-évaluation").click()

    expect(page.locator("h1")).to_contain_text("Bilan")
    expect(page.locator(".sa-global .stat")).to_have_text("67 %")  # (3 + 2 + 1) / 9
    expect(page.locator("#theme-4-title").locator("..")).to_contain_text("Recommandation A pour 4.2")
    # By principle, largest gap first: 4.2 ("En partie", 2 points short) before 4.1 (1 point short).
    principles = page.locator("#theme-4-title").locator("..").locator(".sa-principle-title")
    expect(principles).to_have_count(2)
    expect(principles.first).to_contain_text("4.2")
    assert_accessible(page, "bilan")

    owner.rpps = "10003456786"
    owner.save()
    page.get_by_role("link", name="Générer l'attestation").click()
    expect(page.locator(".signatory")).to_contain_text("10003456786")
    with page.expect_download() as download_info:
        page.get_by_role("button", name=re.compile("Générer l'attestation")).click()
    content = Path(download_info.value.path()).read_bytes()
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert pharmacy.name in text and "10003456786" in text and owner.get_full_name() in text
    page.reload()
    expect(page.locator("table")).to_contain_text("10003456786")
    assert_accessible(page, "attestation")


def test_a_choice_made_before_the_page_finished_loading_is_saved(page, framework, owner, pharmacy):
    """On a slow connection a person can tick an answer before the autosave script has run: the
    choice is sent as soon as the script runs, not lost."""
    from portal.pages.models import PrinciplePage
    from selfassessment.models import Answer

    make_questionnaire(list(PrinciplePage.objects.order_by("path")), year=timezone.localdate().year)
    login(page, owner.email, PASSWORD)
    page.goto(page.base_url + "/auto-evaluation/")
    held = []
    page.route(re.compile(r"selfassessment[^/]*\.js"), lambda route: held.append(route))  # the script waits for us
    page.get_by_role("button", name="Commencer l'auto-évaluation").click(no_wait_after=True)
    expect(page.locator("h1")).to_contain_text("3.")
    page.locator("fieldset", has_text="Question 3.1.0").get_by_label("Systématiquement", exact=True).check()
    expect(page.locator("[data-save-status]")).not_to_contain_text("Enregistré")
    assert held, "the autosave script was not requested"
    held[0].continue_()

    expect(page.locator("[data-save-status]")).to_contain_text("Enregistré")
    saved = Answer.objects.get(assessment__pharmacy=pharmacy, question__text__startswith="Question 3.1.0")
    assert saved.choice.label == "Systématiquement"
