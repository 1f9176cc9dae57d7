import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from bench.measures import registers as benchmarks
from portal.pages.models import PrinciplePage
from registers.models import Incident, PrescriptionVolume
from tests.selfassessment.factories import make_questionnaire


class FakeReport:
    def __init__(self):
        self.rows = {}

    def add(self, name, value, unit="", target="", note=""):
        self.rows[name] = (value, note)


@pytest.mark.django_db
def test_seed_and_benchmark_on_a_small_volume(framework, monkeypatch):
    make_questionnaire(list(PrinciplePage.objects.all()), year=timezone.localdate().year)
    call_command("seed_assessments", count=12, verbosity=0)
    monkeypatch.setattr(benchmarks, "RUNS", 1)
    monkeypatch.setattr(benchmarks, "PDF_ROWS", 20)  # the measure's shape, not its 500 rows (≈ 10 s)
    report = FakeReport()
    benchmarks.run(report)
    assert Incident.objects.count() == 12 * benchmarks.PER_PHARMACY
    assert PrescriptionVolume.objects.count() == 12 * 12
    benchmarks.run(FakeReport())  # seeded once only
    assert Incident.objects.count() == 12 * benchmarks.PER_PHARMACY
    for page in ("liste du registre", "statistiques (12 mois)", "programme"):
        value, note = report.rows[f"Registres, {page} : temps médian"]
        assert value > 0 and re.match(r"\d+ requêtes ; \d+\.\d × la référence$", note), note
        assert int(note.split()[0]) > 0  # read before the next request resets the log
    assert "Registres, PDF de 20 incidents (paysage)" in report.rows
