"""The attestation PDF: content with accents, embedded font, verification, permissions."""

import io
import logging

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from portal.documents.pdf import NOTHING, link_callback, resource_policy
from selfassessment.models import Attestation
from tests.selfassessment.factories import answer_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(assessment, owner, pharmacy):
    pharmacy.name = "Pharmacie de l'Œuvre « Saint-Éloi »"
    pharmacy.address = "4 rue François Désiré"
    pharmacy.city = "Besançon"
    pharmacy.postcode = "25000"
    pharmacy.save()
    answer_all(assessment, owner, points=2)
    assessment.submit(owner)
    return assessment


def pdf_text_and_fonts(content: bytes):
    reader = PdfReader(io.BytesIO(content))
    fonts = set()

    def visitor(text, cm, tm, font_dict, font_size):
        # The fonts that actually draw text (reportlab also lists Helvetica, its canvas default).
        if text.strip() and font_dict:
            fonts.add(str(font_dict["/BaseFont"]))

    text = "\n".join(page.extract_text(visitor_text=visitor) for page in reader.pages)
    return text, fonts, len(reader.pages)


@pytest.fixture
def signatory(owner):
    owner.first_name, owner.last_name, owner.rpps = "Hélène", "Müller-Œstrem", "10003456786"
    owner.save()
    return owner


def test_attestation_pdf_content(member_client, submitted, signatory, caplog):
    url = reverse("selfassessment:attestation", args=[submitted.pk])
    page = member_client.get(url).content.decode()
    assert "Hélène Müller-Œstrem" in page and "10003456786" in page
    with caplog.at_level(logging.WARNING):
        response = member_client.post(url)
    assert response["Content-Type"] == "application/pdf"
    assert not [r for r in caplog.records if r.name.startswith(("xhtml2pdf", "reportlab"))], caplog.text
    text, fonts, pages = pdf_text_and_fonts(response.content)
    record = Attestation.objects.get()
    assert pages == 1
    for expected in (
        "Pharmacie de l'Œuvre « Saint-Éloi »",
        "4 rue François Désiré",
        "25000 Besançon",
        "Hélène Müller-Œstrem",
        "10003456786",
        record.formatted_code,
        f"{submitted.date.day} ",
        "auto-évaluation",
        "pharmacien titulaire de l'officine Pharmacie de l'Œuvre",
        f"Fait à Besançon, le {timezone.localtime(record.generated_at).day} ",
    ):
        assert expected in " ".join(text.split()), expected
    assert "autoévaluation" not in text  # one spelling
    assert "Je soussigné(e) Hélène Müller-Œstrem, pharmacien titulaire" in " ".join(text.split())
    assert any("DejaVuSans" in font for font in fonts), fonts
    assert not any("Helvetica" in font for font in fonts), fonts
    assert "antérieure à janvier 2022" not in text
    assert record.generated_by == signatory and record.rpps == "10003456786"
    from portal.audit.models import AuditEvent

    event = AuditEvent.objects.get(action=AuditEvent.Action.ATTESTATION_GENERATED)
    assert (event.actor, event.pharmacy, event.target) == (signatory, submitted.pharmacy, record.formatted_code)


def test_attestation_is_in_french_whatever_the_interface_language(member_client, submitted, signatory, pharmacy):
    from portal.pharmacies.models import Membership
    from portal.pharmacies.roles import Role

    Membership.objects.filter(user=signatory).update(role=Role.ADJOINT)
    member_client.cookies["django_language"] = "en"
    url = reverse("selfassessment:attestation", args=[submitted.pk])
    assert "Generate" in member_client.get(url).content.decode()  # the page itself is in English
    text = " ".join(pdf_text_and_fonts(member_client.post(url).content)[0].split())
    assert "Attestation de réalisation du questionnaire d'auto-évaluation" in text
    assert "Je soussigné(e) Hélène Müller-Œstrem, pharmacien adjoint de l'officine" in text
    from django.utils import translation

    from portal.rules.dates import day as day_of

    with translation.override("fr"):
        day = day_of(Attestation.objects.get().generated_at)
    assert f"Fait à Besançon, le {day}." in text  # a French month name, even in English mode
    assert "Signature du pharmacien" in text and "Signature of" not in text


def test_old_assessment_notes_not_eligible(member_client, submitted, signatory):
    import datetime

    from django.utils import timezone

    submitted.submitted_at = timezone.make_aware(datetime.datetime(2021, 6, 1, 10, 0))
    submitted.save()
    response = member_client.post(reverse("selfassessment:attestation", args=[submitted.pk]))
    text, _fonts, _pages = pdf_text_and_fonts(response.content)
    assert "antérieure à janvier 2022" in text
    assert "2021" in text


def test_nobody_signs_for_someone_else(member_client, submitted, signatory):
    """Typed name and RPPS are ignored: the signatory is the logged-in pharmacist's profile."""
    url = reverse("selfassessment:attestation", args=[submitted.pk])
    member_client.post(url, {"pharmacist_name": "Evil", "rpps": "10000000008"})
    record = Attestation.objects.get()
    assert (record.pharmacist_name, record.rpps) == ("Hélène Müller-Œstrem", "10003456786")
    verify = member_client.get(reverse("selfassessment:verify", args=[record.code])).content.decode()
    assert "Evil" not in verify and "Hélène Müller-Œstrem" in verify


@pytest.mark.parametrize(
    ("first_name", "last_name", "rpps", "message"),
    [
        ("Claire", "Durand", "", "numéro RPPS dans votre profil"),
        ("Claire", "Durand", "10003456787", "RPPS n&#x27;est pas valide"),
        ("Claire 😀", "Durand", "10003456786", "que des lettres"),
        ("<b>Claire</b>", "Durand", "10003456786", "que des lettres"),
    ],
)
def test_a_profile_that_cannot_sign_gets_a_clear_message(member_client, submitted, owner, first_name, last_name, rpps, message):
    owner.first_name, owner.last_name, owner.rpps = first_name, last_name, rpps
    owner.save()
    response = member_client.post(reverse("selfassessment:attestation", args=[submitted.pk]))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attestation.objects.exists()


def test_profile_names_accept_letters_spaces_hyphens_and_apostrophes_only(member_client, owner):
    url = reverse("accounts:profile")
    data = {"first_name": "Anne-Sophie", "last_name": "D'Arc Lefèvre", "kind": owner.kind, "rpps": ""}
    assert member_client.post(url, data).status_code == 302
    for bad in ("Evil 😈", "<script>", "Jean2"):
        response = member_client.post(url, {**data, "first_name": bad})
        assert response.status_code == 200 and "que des lettres" in response.content.decode()


def test_generations_are_listed_and_verifiable_publicly(member_client, submitted, signatory, client):
    url = reverse("selfassessment:attestation", args=[submitted.pk])
    member_client.post(url)
    member_client.post(url)
    records = list(Attestation.objects.all())
    assert len(records) == 2 and records[0].code != records[1].code
    page = member_client.get(url).content.decode()
    assert records[0].formatted_code in page and records[1].formatted_code in page
    client.logout()
    verify = client.get(reverse("selfassessment:verify", args=[records[0].formatted_code]))
    html = verify.content.decode()
    assert verify.status_code == 200
    assert "authentique" in html and "Besançon" in html
    assert "%" not in html.split("<main")[1].split("</main>")[0]
    assert client.get(reverse("selfassessment:verify", args=["XXXX-YYYY-ZZZZ"])).status_code == 404


def test_verification_page_is_rate_limited(client, submitted, signatory, member_client):
    member_client.post(reverse("selfassessment:attestation", args=[submitted.pk]))
    code = Attestation.objects.get().code
    for attempt in range(30):
        assert client.get(reverse("selfassessment:verify", args=[f"GUESS{attempt:04d}"])).status_code == 404
    response = client.get(reverse("selfassessment:verify", args=[code]))
    assert response.status_code == 429 and "Trop de vérifications" in response.content.decode()


def test_not_submitted_has_no_attestation(member_client, assessment):
    assert member_client.get(reverse("selfassessment:attestation", args=[assessment.pk])).status_code == 404


def test_pdf_resources_are_locked_down(tmp_path):
    policy = resource_policy()
    assert policy.allow_remote is False
    assert link_callback("https://example.org/evil.css", "") == NOTHING
    assert link_callback("/etc/passwd", "") == NOTHING
    assert link_callback("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "").endswith("DejaVuSans.ttf")
    from xhtml2pdf.config.resources import ResourceAccessError

    with pytest.raises(ResourceAccessError):
        policy.check_url("https://example.org/x.png")
    with pytest.raises(ResourceAccessError):
        policy.check_path("/etc/passwd")
