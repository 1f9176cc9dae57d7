"""Demo registers for Pharmacie du Centre: a year of incidents, prescription volumes, two
improvement sheets (one closed after its effectiveness check) and an emergency request.

Idempotent: nothing is added when the pharmacy already has incidents.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.pharmacies.models import Pharmacy
from registers.models import (
    EmergencyRequest,
    ErrorType,
    ImprovementAction,
    ImprovementSheet,
    Incident,
    Nature,
    PrescriptionVolume,
    ReportType,
    Stage,
)

# (report type, incidents per month): close to the published rates for ~4,000 prescriptions.
MONTHLY_MIX = [(ReportType.CORRECTION, 9), (ReportType.NEAR_MISS, 1), (ReportType.DISPENSING_ERROR, 1)]
DETAILS = [
    "Posologie pédiatrique à recalculer, prescripteur appelé.",
    "Deux dosages voisins rangés côte à côte.",
    "Ordonnance manuscrite peu lisible, retranscription vérifiée.",
    "Quantité délivrée pour un mois au lieu de trois.",
    "Interaction signalée par le logiciel, traitement adapté.",
]


def _months(today: datetime.date, count: int = 12) -> list[datetime.date]:
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        months.append(first)
    return list(reversed(months))


def _incidents(pharmacy, team, months, rng) -> list[Incident]:
    now = timezone.now()
    rows = []
    for month in months:
        for report_type, per_month in MONTHLY_MIX:
            for _ in range(per_month + rng.choice([-1, 0, 0, 1])):
                day = month + datetime.timedelta(days=rng.randrange(28), hours=rng.randrange(9, 19))
                occurred = timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randrange(9, 19))))
                if occurred > now:
                    continue
                resolved = None if (now - occurred).days < 20 and rng.random() < .5 else (
                    timezone.localdate(occurred) + datetime.timedelta(days=rng.randrange(0, 6)))
                rows.append(Incident(
                    pharmacy=pharmacy, occurred_at=occurred, declarant=rng.choice(team), report_type=report_type,
                    nature=rng.choice(Nature.values), stage=rng.choice([Stage.TRANSCRIPTION, Stage.DISPENSING,
                                                                        Stage.PRESCRIBING]),
                    error_type=rng.choice(ErrorType.values), seriousness=rng.choice([1, 1, 1, 2, 2, 3]),
                    details=rng.choice(DETAILS), resolved_on=resolved,
                    corrective_action="Vérification et correction avec le patient." if resolved else "",
                ))
    return rows


def year_of_incidents(pharmacy, team, rng) -> list[Incident]:
    """A year of incidents as a busy pharmacy declares them (unsaved), by members of `team`."""
    return _incidents(pharmacy, team, _months(timezone.localdate()), rng)


def load(log) -> None:
    pharmacy = Pharmacy.objects.filter(name="Pharmacie du Centre").first()
    if pharmacy is None or Incident.objects.for_pharmacy(pharmacy).exists():
        return
    users = {u.email: u for u in get_user_model().objects.filter(
        email__in=["titulaire@demo.test", "adjoint@demo.test", "preparateur@demo.test"])}
    owner, adjoint, preparateur = (users.get(e) for e in
                                   ("titulaire@demo.test", "adjoint@demo.test", "preparateur@demo.test"))
    rng = random.Random(2024)
    today = timezone.localdate()
    months = _months(today)
    PrescriptionVolume.objects.bulk_create([
        PrescriptionVolume(pharmacy=pharmacy, month=month, prescriptions=rng.randrange(3800, 4600))
        for month in months
    ])
    incidents = Incident.objects.bulk_create(_incidents(pharmacy, [owner, adjoint, preparateur], months, rng))
    source = next(i for i in incidents if i.report_type == ReportType.DISPENSING_ERROR)
    closed = ImprovementSheet.objects.create(
        pharmacy=pharmacy, title="Confusion entre deux dosages de lévothyroxine", source="incident",
        incident=source, problem="Deux dosages voisins délivrés l'un pour l'autre.",
        causes_method="Pas de double contrôle sur les dosages proches.",
        causes_environment="Boîtes rangées côte à côte.",
        check_on=today - datetime.timedelta(days=20), check_result="effective",
        check_comment="Aucune nouvelle confusion en deux mois.", closed_on=today - datetime.timedelta(days=19),
    )
    ImprovementAction.objects.create(sheet=closed, description="Séparer les dosages voisins en rayon",
                                     owner=preparateur, due_on=today - datetime.timedelta(days=60), status="done")
    open_sheet = ImprovementSheet.objects.create(
        pharmacy=pharmacy, title="Ordonnances manuscrites peu lisibles", problem="Retranscriptions à corriger.",
        causes_communication="Peu d'échanges avec les prescripteurs du quartier.",
    )
    ImprovementAction.objects.create(sheet=open_sheet, description="Appeler le prescripteur en cas de doute",
                                     owner=adjoint, due_on=today + datetime.timedelta(days=30))
    ImprovementAction.objects.create(sheet=open_sheet, description="Rappel en réunion d'équipe",
                                     owner=owner, due_on=today - datetime.timedelta(days=3), status="in_progress")
    EmergencyRequest.objects.create(
        pharmacy=pharmacy, medicine="Amoxicilline 250 mg/5 ml, suspension buvable", cip="3400930000000",
        laboratory="Laboratoire Exemple", sent_at=timezone.now() - datetime.timedelta(days=3),
        justification="Enfant de 4 ans, otite, aucune alternative disponible en stock.",
        mitm_or_no_alternative=True, active_shortage=True, laboratory_participates=True, patient_form_sent=True,
    )
    log(f"Registres : {len(incidents)} incidents, 2 fiches d'amélioration, 1 dépannage d'urgence.")
