"""Role rules, declared once in roles.PERMISSIONS."""

import pytest

from portal.pharmacies.roles import PERMISSIONS, Role, role_can


@pytest.mark.parametrize(
    ("permission", "allowed"),
    [
        ("manage_team", {Role.TITULAIRE}),
        ("edit_pharmacy", {Role.TITULAIRE}),
        ("submit_assessment", {Role.TITULAIRE, Role.ADJOINT}),
        ("generate_attestation", {Role.TITULAIRE, Role.ADJOINT}),
        ("view_pharmacy", set(Role)),
    ],
)
def test_who_may_do_what(permission, allowed):
    assert {role for role in Role if role_can(role, permission)} == allowed


def test_unknown_permission_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown permission"):
        role_can(Role.TITULAIRE, "fly")


def test_every_permission_names_known_roles():
    for roles in PERMISSIONS.values():
        assert roles <= set(Role.values)
