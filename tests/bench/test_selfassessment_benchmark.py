import pytest
from django.core.management import call_command

from bench.measures import selfassessment as benchmarks
from portal.pages.models import PrinciplePage
from portal.pharmacies.models import Pharmacy
from selfassessment.models import Answer, Assessment, ThemeScore
from tests.selfassessment.factories import make_questionnaire


class FakeReport:
    def __init__(self):
        self.rows = {}

    def add(self, name, value, unit="", target="", note=""):
        self.rows[name] = value


@pytest.mark.django_db
def test_seed_and_benchmark_on_a_small_volume(framework, monkeypatch):
    from django.utils import timezone

    make_questionnaire(list(PrinciplePage.objects.order_by("path")), year=timezone.localdate().year)
    call_command("seed_assessments", count=30, verbosity=0)
    call_command("seed_assessments", count=30, verbosity=0)  # skipped the second time
    assert Pharmacy.objects.count() == 30
    assert Assessment.objects.submitted().count() == 30
    assert Answer.objects.count() == 30 * 4
    assert ThemeScore.objects.count() == 30 * 2
    sample = Assessment.objects.first()
    computed = {r.number: r.percent for r in sample.compute_theme_results()}
    assert computed == {s.theme_number: s.percent for s in sample.theme_scores.all()}

    monkeypatch.setattr(benchmarks, "PHARMACIES", 30)
    monkeypatch.setattr(benchmarks, "RUNS", dict.fromkeys(benchmarks.RUNS, 1) | {"weasyprint": 0})
    report = FakeReport()
    benchmarks.run(report)
    assert report.rows["Bilan : requêtes SQL"] == 5  # built after a change of the pharmacy's data
    assert report.rows["Enregistrement automatique : médiane"] > 0
    assert report.rows["Attestation : pic mémoire (tracemalloc)"] > 0
