"""Role rules, declared once in roles.PERMISSIONS."""

import datetime

import pytest

from portal.pharmacies.roles import OWN_INCIDENT_EDIT_WINDOW, PERMISSIONS, Role, role_can

PHARMACISTS = {Role.TITULAIRE, Role.ADJOINT}

WHO_MAY_DO_WHAT = {
    "manage_team": {Role.TITULAIRE},
    "edit_pharmacy": {Role.TITULAIRE},
    "submit_assessment": PHARMACISTS,
    "generate_attestation": PHARMACISTS,
    "view_pharmacy": set(Role),
    "answer_assessment": set(Role),
    "change_tool_status": set(Role),
    "keep_registers": set(Role),
    "resolve_incident": PHARMACISTS,
    "edit_any_incident": PHARMACISTS,
    "close_improvement_sheet": PHARMACISTS,
    "import_registers": PHARMACISTS,
    "edit_prescription_counts": PHARMACISTS,
    "export_patient_references": PHARMACISTS,
    "follow_emergency_requests": PHARMACISTS,
    "read_audit_trail": {Role.TITULAIRE},
    "open_team_round": {Role.TITULAIRE},
    "take_part_in_team_round": {Role.TITULAIRE, Role.ADJOINT, Role.PREPARATEUR},
    "read_disagreement_map": PHARMACISTS,
    "consolidate_team_round": PHARMACISTS,
}


@pytest.mark.parametrize(("permission", "allowed"), WHO_MAY_DO_WHAT.items())
def test_who_may_do_what(permission, allowed):
    assert {role for role in Role if role_can(role, permission)} == allowed


def test_every_declared_permission_is_checked_above():
    assert set(PERMISSIONS) == set(WHO_MAY_DO_WHAT)


def test_own_incidents_are_editable_for_a_day():
    assert datetime.timedelta(hours=24) == OWN_INCIDENT_EDIT_WINDOW


def test_unknown_permission_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown permission"):
        role_can(Role.TITULAIRE, "fly")


def test_every_permission_names_known_roles():
    for roles in PERMISSIONS.values():
        assert roles <= set(Role.values)
