"""The attestation PDF: content with accents, embedded font, verification, permissions."""

import io
import logging

import pytest
from django.urls import reverse
from pypdf import PdfReader

from portal.pdf import html_to_pdf, link_callback, resource_policy
from selfassessment.models import Attestation
from tests.selfassessment.conftest import answer_all

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


def test_attestation_pdf_content(member_client, submitted, owner, caplog):
    url = reverse("selfassessment:attestation", args=[submitted.pk])
    page = member_client.get(url)
    assert page.context["form"].initial["pharmacist_name"] == owner.get_full_name()
    with caplog.at_level(logging.WARNING):
        response = member_client.post(url, {"pharmacist_name": "Hélène Müller-Œstrem", "rpps": "10003456786"})
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
        "autoévaluation",
    ):
        assert expected in text, expected
    assert any("DejaVuSans" in font for font in fonts), fonts
    assert not any("Helvetica" in font for font in fonts), fonts
    assert "antérieure à janvier 2022" not in text
    assert record.generated_by == owner and record.rpps == "10003456786"


def test_old_assessment_notes_not_eligible(member_client, submitted):
    import datetime

    from django.utils import timezone

    submitted.submitted_at = timezone.make_aware(datetime.datetime(2021, 6, 1, 10, 0))
    submitted.save()
    response = member_client.post(
        reverse("selfassessment:attestation", args=[submitted.pk]), {"pharmacist_name": "Claire Durand", "rpps": "10003456786"}
    )
    text, _fonts, _pages = pdf_text_and_fonts(response.content)
    assert "antérieure à janvier 2022" in text
    assert "2021" in text


def test_invalid_rpps_redisplays_the_form(member_client, submitted):
    url = reverse("selfassessment:attestation", args=[submitted.pk])
    response = member_client.post(url, {"pharmacist_name": "Claire Durand", "rpps": "10003456787"})
    assert response.status_code == 200
    assert "RPPS n&#x27;est pas valide" in response.content.decode()
    assert 'value="Claire Durand"' in response.content.decode()
    assert not Attestation.objects.exists()


def test_generations_are_listed_and_verifiable_publicly(member_client, submitted, client):
    url = reverse("selfassessment:attestation", args=[submitted.pk])
    member_client.post(url, {"pharmacist_name": "Claire Durand", "rpps": "10003456786"})
    member_client.post(url, {"pharmacist_name": "Claire Durand", "rpps": "10003456786"})
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


def test_not_submitted_has_no_attestation(member_client, assessment):
    assert member_client.get(reverse("selfassessment:attestation", args=[assessment.pk])).status_code == 404


def test_pdf_resources_are_locked_down(tmp_path):
    policy = resource_policy()
    assert policy.allow_remote is False
    assert link_callback("https://example.org/evil.css", "") == ""
    assert link_callback("/etc/passwd", "") == ""
    assert link_callback("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "").endswith("DejaVuSans.ttf")
    from xhtml2pdf.config.resources import ResourceAccessError

    with pytest.raises(ResourceAccessError):
        policy.check_url("https://example.org/x.png")
    with pytest.raises(ResourceAccessError):
        policy.check_path("/etc/passwd")


def test_template_cannot_fetch_from_the_network(monkeypatch, caplog):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    html = '<html><body><img src="http://example.org/x.png"><img src="/etc/hostname"><p>Texte é</p></body></html>'
    assert html_to_pdf(html).startswith(b"%PDF")
