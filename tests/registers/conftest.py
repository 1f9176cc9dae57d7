"""Fixtures of the registers tests: a team of three and a few objects of each kind."""

import pytest

from portal.pharmacies.roles import Role
from tests.factories import MembershipFactory
from tests.registers.factories import EmergencyRequestFactory, make_incident, make_sheet


@pytest.fixture
def team(pharmacy, owner):
    return {
        "owner": owner,
        "adjoint": MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT).user,
        "preparateur": MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR).user,
    }


@pytest.fixture
def other_objects(other_pharmacy):
    """One object of each kind in another pharmacy."""
    other_owner = MembershipFactory(pharmacy=other_pharmacy, role=Role.TITULAIRE).user
    incident = make_incident(other_pharmacy, details="Ailleurs")
    sheet = make_sheet(other_pharmacy, owner=other_owner, title="Fiche de la Gare")
    request = EmergencyRequestFactory(pharmacy=other_pharmacy)
    return {"incident": incident, "sheet": sheet, "action": sheet.actions.get(), "request": request,
            "owner": other_owner}
