"""The study's design and the funnel in a real browser: the owner imports a year of monthly counts
(preview, then confirm), declares a registration period, and finds the pharmacy's point among the
anonymous points of its département, with the text alternative; at 1280 and 390 px, axe clean."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from registers.models import Incident, PrescriptionVolume, ReportType
from tests.browser.conftest import assert_accessible, login
from tests.factories import PASSWORD, PharmacyFactory

BASE = "/ma-dqo/registres"
YEAR = timezone.localdate().year - 1


def peers(pharmacy):
    for index in range(5):
        peer = PharmacyFactory(postcode=pharmacy.postcode[:2] + f"{900 + index}", name=f"Officine voisine {index}")
        PrescriptionVolume.objects.create(pharmacy=peer, month=datetime.date(YEAR, 3, 1), prescriptions=20_000)
        Incident.objects.bulk_create(Incident(pharmacy=peer, report_type=ReportType.CORRECTION,
                                              occurred_at=timezone.make_aware(datetime.datetime(YEAR, 3, 5, 10)))
                                     for _ in range(40 + index))
    Incident.objects.bulk_create(Incident(pharmacy=pharmacy, report_type=ReportType.CORRECTION,
                                          occurred_at=timezone.make_aware(datetime.datetime(YEAR, 3, 9, 10)))
                                 for _ in range(90))


@pytest.mark.parametrize("width", [1280, 390])
def test_counts_import_period_and_funnel(browser, live_server, pharmacy, owner, width, tmp_path):
    pharmacy.postcode = "69003"
    pharmacy.save()
    peers(pharmacy)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.base_url = live_server.url
    login(page, owner.email, PASSWORD)

    page.goto(page.base_url + BASE + "/ordonnances/")
    page.get_by_role("link", name="Importer un fichier de plusieurs mois").click()
    counts = tmp_path / "ordonnances.csv"
    counts.write_text(f"mois;ordonnances\n02/{YEAR};18 000\n03/{YEAR};21 000\n", encoding="utf-8")
    page.get_by_label("Fichier des ordonnances (XLSX ou CSV)").set_input_files(str(counts))
    page.get_by_role("button", name="Voir l'aperçu").click()
    expect(page.locator("table")).to_contain_text("21\u202f000")
    assert_accessible(page, "aperçu de l'import des ordonnances")
    page.get_by_role("button", name="Importer ces mois").click()
    expect(page.get_by_role("status")).to_contain_text("2 mois importés")

    page.get_by_label("Type de signalement").select_option(ReportType.CORRECTION)
    page.get_by_label("Premier mois").fill(f"{YEAR}-03")
    page.get_by_label("Dernier mois").fill(f"{YEAR}-03")
    page.get_by_role("button", name="Ajouter la période").click()
    expect(page.locator("#periodes table")).to_contain_text(f"de mars {YEAR} à mars {YEAR}")
    assert_accessible(page, "ordonnances et périodes")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto(page.base_url + BASE + f"/statistiques/?start={YEAR}-01-01&end={YEAR}-12-31")
    funnel = page.locator("figure.funnel")
    expect(funnel.locator("svg.funnel-svg circle")).to_have_count(6)  # five anonymous peers and the pharmacy
    summary = "Votre taux, 42,9 pour 10 000 sur 21\u202f000 ordonnances, est au-dessus de la limite à 99,8 %"
    expect(page.locator(".funnel-summary")).to_contain_text(summary)
    expect(funnel.locator("desc")).to_contain_text("au-dessus de la limite à 99,8 %")
    assert "Officine voisine" not in page.content()
    expect(page.locator("main")).to_contain_text("Knudsen P. et al.")
    assert_accessible(page, "statistiques")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(tmp_path / f"statistiques-{width}.png"), full_page=True)
    context.close()
