"""Fixtures of the registers tests: a team of three and a few objects of each kind."""

import datetime

import pytest
from django.utils import timezone

from portal.pharmacies.roles import Role
from registers.models import EmergencyRequest, ImprovementAction, ImprovementSheet, Incident
from tests.factories import MembershipFactory


@pytest.fixture
def team(pharmacy, owner):
    return {
        "owner": owner,
        "adjoint": MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT).user,
        "preparateur": MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR).user,
    }


def make_incident(pharmacy, **kwargs):
    kwargs.setdefault("occurred_at", timezone.now() - datetime.timedelta(days=1))
    return Incident.objects.create(pharmacy=pharmacy, **kwargs)


def make_sheet(pharmacy, owner=None, **kwargs):
    sheet = ImprovementSheet.objects.create(pharmacy=pharmacy, title=kwargs.pop("title", "Rangement"),
                                            problem="Boîtes proches rangées côte à côte", **kwargs)
    if owner:
        ImprovementAction.objects.create(sheet=sheet, description="Séparer les dosages", owner=owner,
                                         due_on=timezone.localdate() + datetime.timedelta(days=10))
    return sheet


@pytest.fixture
def other_objects(other_pharmacy):
    """One object of each kind in another pharmacy."""
    other_owner = MembershipFactory(pharmacy=other_pharmacy, role=Role.TITULAIRE).user
    incident = make_incident(other_pharmacy, details="Ailleurs")
    sheet = make_sheet(other_pharmacy, owner=other_owner, title="Fiche de la Gare")
    request = EmergencyRequest.objects.create(pharmacy=other_pharmacy, medicine="Amoxicilline", laboratory="Lab",
                                              justification="Enfant")
    return {"incident": incident, "sheet": sheet, "action": sheet.actions.get(), "request": request,
            "owner": other_owner}
