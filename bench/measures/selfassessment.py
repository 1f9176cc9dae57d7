"""Benchmarks of the self-assessment on 20,000 pharmacies (run by `make bench` on PostgreSQL)."""

from __future__ import annotations

import logging
import time
import tracemalloc
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.management.commands.seed_assessments import PREFIX
from portal.documents.pdf import html_to_pdf
from portal.infrastructure.benchmarking import median_ms
from portal.pharmacies.models import Membership, Pharmacy
from portal.pharmacies.roles import Role
from selfassessment.documents import attestation_html
from selfassessment.models import Assessment, Attestation
from selfassessment.statistics import national_statistics

PHARMACIES = 20_000
#: Repetitions per measure (the tests set them to 1).
RUNS = {"bilan": 15, "stats": 5, "autosave": 50, "attestation": 20, "render": 20, "weasyprint": 10}
HOST = {"HTTP_HOST": "127.0.0.1"}


def _bench_user(pharmacy):
    User = get_user_model()
    user, _created = User.objects.get_or_create(
        email="bench-titulaire@bench.test",
        defaults={"username": "bench-titulaire", "first_name": "Élise", "last_name": "Banc-d'Essai", "rpps": "10003456786"},
    )
    Membership.objects.get_or_create(pharmacy=pharmacy, user=user, defaults={"role": Role.TITULAIRE})
    return user


def run(report) -> None:
    started = time.perf_counter()
    call_command("seed_assessments", count=PHARMACIES, verbosity=0)
    report.add("Amorçage (seed_assessments, ignoré si déjà fait)", time.perf_counter() - started, "s")
    report.add("Auto-évaluations soumises en base", Assessment.objects.submitted().count(), "")

    pharmacy = Pharmacy.objects.filter(name=f"{PREFIX}1").first()
    user = _bench_user(pharmacy)
    client = Client(raise_request_exception=True, **HOST)
    client.force_login(user)
    submitted = Assessment.objects.for_pharmacy(pharmacy).submitted().first()

    # Bilan page: query count must not depend on the number of questions.
    # Built each time (the reader's cached copy off, the kept bilan dropped as a new submission
    # drops it: it is kept under its submission time), then served from that copy.
    url = reverse("selfassessment:results", args=[submitted.pk])

    def submitted_again():
        Assessment.objects.filter(pk=submitted.pk).update(submitted_at=F("submitted_at") + timedelta(microseconds=1))

    def built():
        submitted_again()
        return client.get(url)

    with override_settings(PERSONAL_PAGE_CACHE_SECONDS=0):
        client.get(url)
        submitted_again()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        report.add("Bilan : requêtes SQL", len(queries), "requêtes", "fixe, ne croît pas avec les questions")
        report.add("Bilan : temps médian (page construite)", median_ms(built, RUNS["bilan"]), "ms")
    client.get(url)
    report.add("Bilan : temps médian (copie du lecteur en cache)", median_ms(lambda: client.get(url), RUNS["bilan"]), "ms")

    # National statistics: SQL aggregates over every submitted assessment.
    year = submitted.questionnaire.year
    national_statistics(year)
    report.add("Statistiques nationales (calcul)", median_ms(lambda: national_statistics(year), RUNS["stats"]) / 1000, "s", "< 1 s")
    staff = get_user_model().objects.filter(is_superuser=True).first()
    if staff:
        admin_client = Client(raise_request_exception=True, **HOST)
        admin_client.force_login(staff)
        stats_url = reverse("selfassessment_admin:statistics") + f"?annee={year}"
        report.add("Statistiques nationales (page)", median_ms(lambda: admin_client.get(stats_url), RUNS["stats"]) / 1000, "s", "< 1 s")

    # Autosave: one answer per request on an open assessment. There is one assessment per year:
    # the submitted one is a draft again for the measure only (rolled back).
    with transaction.atomic():
        Assessment.objects.filter(pk=submitted.pk).update(submitted_at=None)
        open_assessment = submitted
        questions = list(open_assessment.questionnaire.questions.prefetch_related("choices"))
        theme_url = {
            n: reverse("selfassessment:theme", args=[open_assessment.pk, n]) for n in {q.theme_number for q in questions}
        }
        payloads = []
        for i in range(60):
            question = questions[i % len(questions)]
            choices = list(question.choices.all())
            payloads.append((theme_url[question.theme_number], {f"q-{question.pk}": choices[i % len(choices)].pk}))
        iterator = iter(payloads)

        def autosave():
            url, data = next(iterator)
            response = client.post(url, data, HTTP_X_REQUESTED_WITH="fetch")
            assert response.status_code == 200, response.status_code

        autosave()
        report.add("Enregistrement automatique : médiane", median_ms(autosave, RUNS["autosave"]), "ms", "< 50 ms")
        transaction.set_rollback(True)

    # Attestation: the whole request (form validation, record, PDF with font and QR code).
    attestation_url = reverse("selfassessment:attestation", args=[submitted.pk])
    form = {"pharmacist_name": "Élise Banc-d'Essai", "rpps": "10003456786"}

    def attestation():
        response = client.post(attestation_url, form)
        assert response["Content-Type"] == "application/pdf"
        return response

    size = len(attestation().content)
    report.add("Attestation : requête médiane (xhtml2pdf)", median_ms(attestation, RUNS["attestation"]), "ms", "< 60 ms")
    tracemalloc.start()
    attestation()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report.add("Attestation : pic mémoire (tracemalloc)", peak / 1024 / 1024, "Mo")
    report.add("Attestation : taille du PDF", size / 1024, "Ko")

    record = Attestation.objects.filter(assessment=submitted).first()
    html = attestation_html(record, pharmacy)
    report.add("Attestation : rendu xhtml2pdf seul (médiane)", median_ms(lambda: html_to_pdf(html), RUNS["render"]), "ms", "≈ 20 ms")

    # Reference: the same attestation HTML rendered by WeasyPrint (bench extra only).
    try:
        if not RUNS["weasyprint"]:
            raise ImportError
        import weasyprint  # optional, only installed by `make bench`
    except ImportError:
        report.add("Attestation WeasyPrint (référence)", "non installé", "")
    else:
        for name in ("weasyprint", "weasyprint.progress", "fontTools"):
            logging.getLogger(name).setLevel(logging.WARNING)

        def weasy():
            weasyprint.HTML(string=html, base_url="/").write_pdf()

        weasy()
        report.add("Attestation WeasyPrint (rendu seul, référence)", median_ms(weasy, RUNS["weasyprint"]), "ms")
    Attestation.objects.filter(assessment=submitted).delete()
    report.add("Durée totale des mesures d'auto-évaluation", time.perf_counter() - started, "s", note=str(timezone.now().date()))
