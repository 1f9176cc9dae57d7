"""Test data of the quality loop (factory_boy): incidents, emergency requests, improvement sheets."""

import datetime

import factory
from django.utils import timezone
from freezegun import freeze_time

from registers.models import EmergencyRequest, ImprovementAction, ImprovementSheet, Incident
from tests.factories import PharmacyFactory


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    pharmacy = factory.SubFactory(PharmacyFactory)
    occurred_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class EmergencyRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmergencyRequest

    pharmacy = factory.SubFactory(PharmacyFactory)
    medicine = "Amoxicilline"
    laboratory = "Lab"
    justification = "Enfant"
    mitm_or_no_alternative = active_shortage = laboratory_participates = patient_form_sent = True


class ImprovementSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementSheet

    pharmacy = factory.SubFactory(PharmacyFactory)
    title = "Rangement"
    problem = "Boîtes proches rangées côte à côte"


class ImprovementActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementAction

    sheet = factory.SubFactory(ImprovementSheetFactory)
    description = "Séparer les dosages"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


def make_incident(pharmacy, **kwargs):
    return IncidentFactory(pharmacy=pharmacy, **kwargs)


def make_sheet(pharmacy, owner=None, **kwargs):
    """A sheet, with one action owned by `owner` when given."""
    sheet = ImprovementSheetFactory(pharmacy=pharmacy, **kwargs)
    if owner:
        ImprovementActionFactory(sheet=sheet, owner=owner)
    return sheet


# A fixed moment of declaration, for the rule of editing one's own incident for 24 hours.
DECLARED = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)


def edit_data(incident, **extra):
    data = {"report_type": incident.report_type, "nature": incident.nature, "stage": incident.stage,
            "error_type": incident.error_type, "seriousness": str(incident.seriousness),
            "detection": incident.detection, "declarant": incident.declarant_id or "",
            "occurred_at": timezone.localtime(incident.occurred_at).strftime("%Y-%m-%dT%H:%M"),
            "patient_reference": incident.patient_reference, "details": incident.details, "never_event": "",
            "version": incident.version}
    data.update(extra)
    return data


def declared(pharmacy, declarant, **kwargs):
    with freeze_time(DECLARED):
        return make_incident(pharmacy, declarant=declarant, occurred_at=DECLARED - datetime.timedelta(hours=1),
                             details="Texte d'origine", **kwargs)
