"""The register, the programme and the request log as CSV, XLSX and landscape PDF; the import of
a paper register: preview with the errors of each row, then all rows or none."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from registers.models import Incident, ReportType
from tests.exports.helpers import exported
from tests.registers.factories import EmergencyRequestFactory, make_incident, make_sheet

pytestmark = pytest.mark.django_db


def csv_rows(response):
    assert response.content.startswith("\ufeff".encode())  # BOM, for Excel
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_register_exports_are_scoped_neutralised_and_in_paris_time(member_client, team, pharmacy, other_objects,
                                                                    django_assert_max_num_queries):
    occurred = timezone.make_aware(datetime.datetime(2026, 3, 29, 23, 30), datetime.UTC)  # 01:30 in Paris
    make_incident(pharmacy, occurred_at=occurred, details="=HYPERLINK(\"http://x\")", declarant=team["adjoint"])
    for i in range(5):
        make_incident(pharmacy, details=f"Incident {i}")
    url = reverse("registers:export", args=["incidents", "csv"])
    exported(member_client, url)
    with django_assert_max_num_queries(40):  # request, job, page and download: no query per row
        rows = csv_rows(exported(member_client, url))
    header, first = rows[0], rows[1]
    assert header[0] == "date et heure" and len(rows) == 7
    assert first[0] == "30/03/2026 01:30"  # Paris time, day first
    assert first[10] == "'=HYPERLINK(\"http://x\")"  # a formula typed in free text stays text
    assert "Ailleurs" not in exported(member_client, url).content.decode("utf-8-sig")  # another pharmacy's incident

    sheet = openpyxl.load_workbook(io.BytesIO(exported(member_client, reverse("registers:export", args=["incidents", "xlsx"])).content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=HYPERLINK(\"http://x\")" in values and not any(str(v).startswith("=") for v in values if v)


def test_filtered_register_export_keeps_the_filters(member_client, pharmacy):
    make_incident(pharmacy, report_type=ReportType.NEAR_MISS, details="gardé")
    make_incident(pharmacy, report_type=ReportType.CORRECTION, details="filtré")
    text = exported(member_client, reverse("registers:export", args=["incidents", "csv"]), {"report_type": "near_miss"}).content.decode("utf-8-sig")
    assert "gardé" in text and "filtré" not in text


def test_pdf_exports_are_landscape_and_complete(member_client, team, pharmacy):
    make_incident(pharmacy, details="Deux dosages rangés côte à côte")
    make_sheet(pharmacy, owner=team["adjoint"])
    EmergencyRequestFactory(pharmacy=pharmacy, medicine="Amoxicilline 500")
    for what, expected in (("incidents", "Deux dosages"), ("programme", "Séparer les dosages"),
                           ("depannages", "Amoxicilline 500")):
        response = exported(member_client, reverse("registers:export", args=[what, "pdf"]))
        assert response["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.content))
        box = reader.pages[0].mediabox
        assert box.width > box.height  # landscape
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert expected in text and pharmacy.name in text and "page 1 / 1" in text


def test_unknown_export_is_404(member_client):
    assert member_client.get(reverse("registers:export", args=["patients", "csv"])).status_code == 404
    assert member_client.get(reverse("registers:export", args=["incidents", "docx"])).status_code == 404


GOOD = (
    "Date;Déclarant;Référence patient;Nature;Détails et causes;Résolu le;Action corrective;Gravité\n"
    "03/02/2026;{adjoint};F-101;Posologie, dosage ou quantité;Dosage enfant;04/02/2026;Appel du prescripteur;2\n"
    "10/02/2026 14:20;;AB;identification;Deux homonymes;;;\n"
)


def upload(text, name="registre.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"))


def test_paper_register_import_preview_then_apply(member_client, team, pharmacy):
    url = reverse("registers:incident_import")
    good = GOOD.format(adjoint=team["adjoint"].get_full_name())
    response = member_client.post(url, {"file": upload(good)})
    assert "2 incidents prêts à être importés" in response.content.decode()
    assert Incident.objects.count() == 0  # nothing before the confirmation
    response = member_client.post(url, {"confirm": "1", "import_digest": response.context["digest"]})
    assert response.status_code == 302
    first, second = Incident.objects.for_pharmacy(pharmacy).order_by("occurred_at")
    assert (first.declarant, first.seriousness, first.resolved_on) == (team["adjoint"], 2, datetime.date(2026, 2, 4))
    assert timezone.localtime(second.occurred_at).strftime("%d/%m/%Y %H:%M") == "10/02/2026 14:20"
    assert second.nature == "identification" and second.declarant is None


def test_a_bad_row_shows_its_errors_and_nothing_is_imported(member_client, team, pharmacy):
    bad = GOOD.format(adjoint="Quelqu'un d'autre") + "12/02/2026;;;inconnue;x;01/02/2026;;4\n"
    response = member_client.post(reverse("registers:incident_import"), {"file": upload(bad)})
    html = response.content.decode()
    assert "2 lignes contiennent des erreurs" in html
    assert "ne fait pas partie de l&#x27;équipe" in html
    assert "gravité : « 4 »" in html and "« inconnue » n&#x27;est pas reconnu" in html
    response = member_client.post(reverse("registers:incident_import"), {"confirm": "1"})  # nothing pending
    assert Incident.objects.count() == 0


def test_resolution_before_the_incident_is_refused_in_the_import(member_client, pharmacy):
    text = "Date;Nature;Résolu le\n10/02/2026;autre;01/02/2026\n"
    html = member_client.post(reverse("registers:incident_import"), {"file": upload(text)}).content.decode()
    assert "La résolution ne peut pas précéder l&#x27;incident." in html
    assert Incident.objects.count() == 0


def test_only_pharmacists_import(client, team):
    client.force_login(team["preparateur"])
    assert client.get(reverse("registers:incident_import")).status_code == 403


def test_a_new_upload_drops_the_previewed_file(member_client, team, pharmacy):
    url = reverse("registers:incident_import")
    preview_a = member_client.post(url, {"file": upload(GOOD.format(adjoint=""))})
    bad = "Date;Nature\n12/02/2026;inconnue\n"
    assert "1 ligne contient des erreurs" in member_client.post(url, {"file": upload(bad)}).content.decode()
    response = member_client.post(url, {"confirm": "1", "import_digest": preview_a.context["digest"]}, follow=True)
    assert "Aucun import en attente" in response.content.decode()
    assert not Incident.objects.exists()


def test_the_confirmation_applies_only_the_previewed_file(member_client, pharmacy):
    url = reverse("registers:incident_import")
    member_client.post(url, {"file": upload(GOOD.format(adjoint=""))})
    response = member_client.post(url, {"confirm": "1", "import_digest": "0" * 64}, follow=True)
    assert "Ce fichier n&#x27;est plus celui prévisualisé : déposez-le à nouveau." in response.content.decode()
    assert not Incident.objects.exists()


def test_an_applied_import_is_recorded_once_with_its_row_count(member_client, team, pharmacy):
    from portal.audit.models import AuditEvent

    url = reverse("registers:incident_import")
    rows = "".join(f"03/02/2026;autre;Incident {n}\n" for n in range(5000))
    response = member_client.post(url, {"file": upload("Date;Nature;Détails et causes\n" + rows)})
    digest = response.context["digest"]
    assert not AuditEvent.objects.exists()  # a preview is not an import
    member_client.post(url, {"confirm": "1", "import_digest": digest})
    assert Incident.objects.for_pharmacy(pharmacy).count() == 5000
    event = AuditEvent.objects.get()
    assert (event.action, event.pharmacy, event.actor, event.details) == (
        AuditEvent.Action.DATA_IMPORTED, pharmacy, team["owner"], {"rows": 5000})
    assert event.target == "Registre des incidents"


def test_a_failed_import_is_not_recorded(member_client, team, pharmacy):
    from portal.audit.models import AuditEvent
    from portal.pharmacies.models import Membership

    url = reverse("registers:incident_import")
    good = GOOD.format(adjoint=team["adjoint"].get_full_name())
    digest = member_client.post(url, {"file": upload(good)}).context["digest"]
    Membership.objects.filter(user=team["adjoint"]).delete()  # the declarant left before the confirmation
    response = member_client.post(url, {"confirm": "1", "import_digest": digest}, follow=True)
    assert "rien n&#x27;a été enregistré" in response.content.decode()
    assert not Incident.objects.exists() and not AuditEvent.objects.exists()


def test_patient_references_only_for_pharmacists_and_each_such_export_is_audited(client, team, pharmacy):
    from portal.audit.models import AuditEvent

    make_incident(pharmacy, patient_reference="F-2026-118", details="Deux dosages")
    url = reverse("registers:export", args=["incidents", "csv"])

    client.force_login(team["preparateur"])
    assert "seuls les pharmaciens l'exportent" in client.get(reverse("registers:incident_list")).content.decode()
    file = exported(client, url)
    header = csv_rows(file)[0]
    assert "référence patient" not in header and "F-2026-118" not in file.content.decode("utf-8-sig")
    assert "seuls les pharmaciens l'exportent" in file.job.note
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(exported(
        client, reverse("registers:export", args=["incidents", "pdf"])).content)).pages)
    assert "Deux dosages" in pdf_text and "F-2026-118" not in pdf_text
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REGISTER_EXPORTED).exists()

    client.force_login(team["adjoint"])
    rows = csv_rows(exported(client, url))
    assert rows[0][2] == "référence patient" and rows[1][2] == "F-2026-118"
    event = AuditEvent.objects.get(action=AuditEvent.Action.REGISTER_EXPORTED)
    assert (event.actor, event.pharmacy, event.details["table"], event.details["rows"]) == (
        team["adjoint"], pharmacy, "incidents", 1)

    exported(client, reverse("registers:export", args=["depannages", "csv"]))  # no patient reference there
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REGISTER_EXPORTED).count() == 1


def test_the_register_pdf_is_bounded_and_says_where_the_rest_is(member_client, pharmacy, monkeypatch):
    from registers import exports

    monkeypatch.setattr(exports, "PDF_MAX_ROWS", 3)
    now = timezone.now()
    Incident.objects.bulk_create([
        Incident(pharmacy=pharmacy, occurred_at=now - datetime.timedelta(hours=i), details=f"Incident n{i}")
        for i in range(5)
    ])
    file = exported(member_client, reverse("registers:export", args=["incidents", "pdf"]))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(file.content)).pages).split())
    assert "Incident n0" in text and "Incident n2" in text and "Incident n3" not in text  # the latest three
    assert "3 dernières lignes sur 5" in text and "CSV ou XLSX" in text
    assert "3 dernières lignes sur 5" in file.job.note
    assert len(csv_rows(exported(member_client, reverse("registers:export", args=["incidents", "csv"])))) == 6


def test_requesting_an_export_answers_at_once_with_the_job_page(member_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no worker ran yet
    response = member_client.get(reverse("registers:export", args=["incidents", "pdf"]))
    assert response.status_code == 302
    page = member_client.get(response.url).content.decode()
    assert "<progress" in page and "préparé en arrière-plan" in page and 'http-equiv="refresh"' in page
    assert "Télécharger" not in page
