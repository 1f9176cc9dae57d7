"""Benchmarks of the quality loop (`make bench`, PostgreSQL): 20,000 pharmacies × 50 incidents.

The pharmacies are those of the self-assessment benchmark (seeded first, in INSTALLED_APPS
order). Page timings are compared, in the same run, with `/healthz` (one query through the
same middleware): the machine is shared, so the ratio is the figure to read.
"""

from __future__ import annotations

import datetime
import random
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.bulk import insert
from portal.infrastructure.benchmarking import median_ms
from portal.pharmacies.models import Membership, Pharmacy
from portal.pharmacies.roles import Role
from registers import exports, stats
from registers.models import (
    Detection,
    ErrorType,
    Incident,
    Nature,
    PrescriptionVolume,
    ReportType,
    Stage,
)

PER_PHARMACY = 50
PREFIX = "Officine d'essai n°"  # the self-assessment benchmark's pharmacies
RUNS = 15
PDF_ROWS = 500  # the landscape PDF of a busy pharmacy's register
HOST = {"HTTP_HOST": "127.0.0.1"}
COLUMNS = ["pharmacy_id", "occurred_at", "patient_reference", "nature", "report_type", "stage", "error_type",
           "seriousness", "detection", "retrocession", "never_event", "details", "patient_informed",
           "prescriber_contacted", "resolved_on", "corrective_action", "created_at", "version", "correction_cause"]


def seed(pharmacy_ids: list[int], rng: random.Random) -> int:
    """50 incidents and 12 monthly prescription counts per pharmacy, by COPY; skipped if done."""
    if Incident.objects.filter(pharmacy_id=pharmacy_ids[-1]).exists():
        return 0
    now = timezone.now()
    kinds = [(ReportType.CORRECTION, 90), (ReportType.NEAR_MISS, 6), (ReportType.DISPENSING_ERROR, 3),
             (ReportType.ADVERSE_EVENT, 1)]
    types, weights = zip(*kinds, strict=True)
    months = [(now.date().replace(day=1) - datetime.timedelta(days=31 * i)).replace(day=1) for i in range(1, 13)]
    for start in range(0, len(pharmacy_ids), 1000):
        batch = pharmacy_ids[start:start + 1000]
        rows = []
        for pid in batch:
            for _i in range(PER_PHARMACY):
                occurred = now - datetime.timedelta(minutes=rng.randint(60, 365 * 24 * 60))
                resolved = occurred.date() + datetime.timedelta(days=rng.randint(0, 20)) if rng.random() < 0.8 else None
                rows.append((pid, occurred, "", rng.choice(Nature.values), rng.choices(types, weights)[0],
                             rng.choice(Stage.values), rng.choice(ErrorType.values), rng.choice([1, 1, 1, 2, 2, 3]),
                             rng.choice(Detection.values), False, "", "Essai", False, False, resolved, "", occurred, 1, ""))
        volumes = [(pid, month, rng.randint(2500, 6000), 1) for pid in batch for month in months]
        with transaction.atomic():
            insert(Incident, COLUMNS, rows)
            insert(PrescriptionVolume, ["pharmacy_id", "month", "prescriptions", "version"], volumes)
    return len(pharmacy_ids) * PER_PHARMACY


def _owner(pharmacy):
    User = get_user_model()
    user, _created = User.objects.get_or_create(
        email="bench-registres@bench.test", defaults={"username": "bench-registres", "first_name": "Inès",
                                                      "last_name": "Banc"})
    Membership.objects.get_or_create(pharmacy=pharmacy, user=user, defaults={"role": Role.TITULAIRE})
    return user


def run(report) -> None:
    pharmacy_ids = list(Pharmacy.objects.filter(name__startswith=PREFIX).order_by("pk").values_list("pk", flat=True))
    if not pharmacy_ids:
        report.add("Registres : pas d'officines d'essai (lancez le banc de l'auto-évaluation)", "—", "")
        return
    started = time.perf_counter()
    created = seed(pharmacy_ids, random.Random(7))
    report.add("Registres : amorçage (ignoré si déjà fait)", time.perf_counter() - started, "s",
               note=f"{created} incidents créés")
    report.add("Registres : incidents en base", Incident.objects.count(), "")

    pharmacy = Pharmacy.objects.get(pk=pharmacy_ids[0])
    client = Client(raise_request_exception=True, **HOST)
    client.force_login(_owner(pharmacy))
    reference = median_ms(lambda: client.get("/healthz"), RUNS)
    report.add("Référence : /healthz (une requête SQL)", reference, "ms")
    pages = {
        "liste du registre": reverse("registers:incident_list"),
        "statistiques (12 mois)": reverse("registers:statistics"),
        "programme": reverse("registers:programme"),
    }
    for name, url in pages.items():
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        count = len(queries)  # read now: the next request resets the debug query log
        median = median_ms(lambda url=url: client.get(url), RUNS)
        report.add(f"Registres, {name} : temps médian", median, "ms", "< 150 ms",
                   f"{count} requêtes ; {median / reference:.1f} × la référence")

    # The national view (administrators): counts and rates by département over a year of data.
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365)
    rows, hidden = stats.national(start, today)
    report.add("Registres, vue nationale (12 mois) : calcul", median_ms(lambda: stats.national(start, today), 5) / 1000,
               "s", "< 1 s", f"{len(rows) - 1} départements publiés, {hidden} masqués")

    # A busy register as a landscape PDF.
    table = exports.TABLES["incidents"]
    incidents = list(table.rows(pharmacy, Incident.objects.for_pharmacy(pharmacy)))
    rows = (incidents * (PDF_ROWS // max(len(incidents), 1) + 1))[:PDF_ROWS]
    started = time.perf_counter()
    document = exports.pdf(table, rows, pharmacy)
    report.add(f"Registres, PDF de {PDF_ROWS} incidents (paysage)", time.perf_counter() - started, "s", "< 10 s",
               f"{len(document) // 1000} Ko")
