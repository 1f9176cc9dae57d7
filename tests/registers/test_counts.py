"""The denominators: monthly counts imported from a spreadsheet (preview, all or nothing, every
overwrite traced), a group's month above 200,000, registration periods per report type."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.audit.models import AuditEvent
from registers.models import PrescriptionVolume, RegistrationPeriod, ReportType
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
URL = "registers:volume_import"


def upload(text, name="ordonnances.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"))


def test_counts_import_preview_then_apply_and_trace_each_overwrite(member_client, owner, pharmacy):
    PrescriptionVolume.objects.create(pharmacy=pharmacy, month=datetime.date(2025, 2, 1), prescriptions=4000)
    PrescriptionVolume.objects.create(pharmacy=pharmacy, month=datetime.date(2025, 3, 1), prescriptions=5000)
    url = reverse(URL)
    response = member_client.post(url, {"file": upload(
        "mois;ordonnances\n01/2025;421 809\n2025-02;4100\n03/2025;5000\n")})
    assert response.status_code == 200
    html = response.content.decode()
    assert "421\u202f809" in html and "4\u202f000" in html  # the new figure and the one it replaces
    assert PrescriptionVolume.objects.count() == 2  # nothing written by the preview
    response = member_client.post(url, {"confirm": "1", "import_digest": response.context["digest"]})
    assert response.status_code == 302
    saved = dict(PrescriptionVolume.objects.for_pharmacy(pharmacy).values_list("month", "prescriptions"))
    assert saved == {datetime.date(2025, 1, 1): 421_809, datetime.date(2025, 2, 1): 4100,
                     datetime.date(2025, 3, 1): 5000}  # a group of pharmacies: above 200,000 a month
    overwritten = AuditEvent.objects.get(action=AuditEvent.Action.PRESCRIPTION_COUNT_OVERWRITTEN)
    assert (overwritten.actor, overwritten.pharmacy, overwritten.details["before"], overwritten.details["after"]) == (
        owner, pharmacy, 4000, 4100)  # March kept its figure: nothing to trace
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DATA_IMPORTED, pharmacy=pharmacy).count() == 1
    assert PrescriptionVolume.objects.get(month=datetime.date(2025, 2, 1)).version == 2  # open forms see a conflict


def test_a_bad_row_stops_the_whole_counts_import(member_client, pharmacy):
    url = reverse(URL)
    response = member_client.post(url, {"file": upload(
        "mois;ordonnances\n01/2025;4000\n13/2025;12\n02/2025;-5\n01/2025;4100\n02/2025;9000000\n")})
    html = response.content.decode().replace("&#x27;", "'")
    assert "n'est pas un mois" in html and "n'est pas un nombre entier positif" in html
    assert "figure deux fois" in html and "pas plausible" in html
    assert "digest" not in response.context
    assert member_client.post(url, {"confirm": "1", "import_digest": "x"}).status_code == 302
    assert not PrescriptionVolume.objects.exists()


def test_only_pharmacists_import_counts_or_declare_periods(client, pharmacy):
    from portal.pharmacies.roles import Role

    client.force_login(MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR).user)
    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse("registers:period_create"), {"period-report_type": "correction"}).status_code == 403
    page = client.get(reverse("registers:volumes")).content.decode().replace("&#x27;", "'")
    assert "Périodes d'enregistrement" in page and "Ajouter la période" not in page


def test_declaring_and_deleting_a_registration_period(member_client, pharmacy, other_pharmacy):
    url = reverse("registers:period_create")
    response = member_client.post(url, {"period-report_type": "near_miss", "period-start": "2025-04",
                                        "period-end": "2025-02"})
    assert "Le dernier mois ne peut pas précéder le premier." in response.content.decode()
    assert response.status_code == 200 and not RegistrationPeriod.objects.exists()
    assert response.context["period_form"]["start"].value() == "2025-04"  # nothing lost
    response = member_client.post(url, {"period-report_type": "near_miss", "period-start": "2025-02",
                                        "period-end": "2025-04"})
    assert response.status_code == 302
    period = RegistrationPeriod.objects.for_pharmacy(pharmacy).get()
    assert (period.report_type, period.start, period.end) == (
        ReportType.NEAR_MISS, datetime.date(2025, 2, 1), datetime.date(2025, 4, 30))
    assert "de février 2025 à avril 2025" in member_client.get(reverse("registers:volumes")).content.decode()
    elsewhere = RegistrationPeriod.objects.create(pharmacy=other_pharmacy, report_type=ReportType.CORRECTION,
                                                  start=datetime.date(2025, 1, 1), end=datetime.date(2025, 1, 1))
    assert member_client.post(reverse("registers:period_delete", args=[elsewhere.pk])).status_code == 404
    assert member_client.post(reverse("registers:period_delete", args=[period.pk])).status_code == 302
    assert list(RegistrationPeriod.objects.all()) == [elsewhere]
