import pytest
from django.utils import timezone

from portal.pages import demo as pages_demo
from portal.pharmacies import demo as pharmacies_demo
from registers import demo
from registers.models import (
    EmergencyRequest,
    ImprovementSheet,
    Incident,
    PrescriptionVolume,
    ReportType,
)
from registers.stats import compute


@pytest.mark.django_db
def test_demo_registers_of_pharmacie_du_centre_are_plausible_and_idempotent():
    log = []
    pharmacies_demo.load(log.append)
    pages_demo.load(log.append)
    demo.load(log.append)
    counts = (Incident.objects.count(), ImprovementSheet.objects.count(), EmergencyRequest.objects.count(),
              PrescriptionVolume.objects.count())
    demo.load(log.append)
    assert (Incident.objects.count(), ImprovementSheet.objects.count(), EmergencyRequest.objects.count(),
            PrescriptionVolume.objects.count()) == counts

    incidents = Incident.objects.filter(pharmacy__name="Pharmacie du Centre")
    first, last = incidents.order_by("occurred_at").first(), incidents.order_by("occurred_at").last()
    assert (last.occurred_at - first.occurred_at).days > 300  # about a year
    assert set(incidents.values_list("report_type", flat=True)) >= {ReportType.CORRECTION, ReportType.NEAR_MISS}
    assert PrescriptionVolume.objects.filter(pharmacy__name="Pharmacie du Centre").count() >= 12
    sheets = ImprovementSheet.objects.filter(pharmacy__name="Pharmacie du Centre")
    assert sheets.count() == 2
    closed = sheets.get(closed_on__isnull=False)
    assert closed.check_on and closed.check_result
    assert EmergencyRequest.objects.filter(pharmacy__name="Pharmacie du Centre").exists()

    stats = compute(incidents.first().pharmacy, start=timezone.localdate().replace(year=timezone.localdate().year - 1))
    corrections = stats.rates[0]
    assert corrections.label == ReportType.CORRECTION.label
    assert 10 < corrections.rate < 40  # close to the published 23 per 10,000
