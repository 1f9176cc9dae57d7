"""Team roles and what each may do: the one place where role rules are declared."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TITULAIRE = "titulaire", _("Titulaire")
    ADJOINT = "adjoint", _("Pharmacien adjoint")
    PREPARATEUR = "preparateur", _("Préparateur")
    AUTRE = "autre", _("Autre membre")


PHARMACISTS = frozenset({Role.TITULAIRE, Role.ADJOINT})

# How a pharmacist signs an official document ("Je soussigné(e) …, pharmacien titulaire de …").
SIGNATORY_TITLES = {Role.TITULAIRE: _("pharmacien titulaire"), Role.ADJOINT: _("pharmacien adjoint")}
# The same titles and role labels for a person whose profile says their title is written in the feminine.
FEMININE_SIGNATORY_TITLES = {Role.TITULAIRE: _("pharmacienne titulaire"), Role.ADJOINT: _("pharmacienne adjointe")}
FEMININE_ROLE_LABELS = {Role.TITULAIRE: _("Titulaire"), Role.ADJOINT: _("Pharmacienne adjointe"),
                        Role.PREPARATEUR: _("Préparatrice"), Role.AUTRE: _("Autre membre")}


def signatory_title(role: str, feminine: bool) -> str:
    """« pharmacien titulaire », « pharmacienne adjointe »…; « pharmacien(ne) » for another role."""
    titles = FEMININE_SIGNATORY_TITLES if feminine else SIGNATORY_TITLES
    return str(titles.get(role, _("pharmacienne") if feminine else _("pharmacien")))


def role_label(role: str, feminine: bool) -> str:
    """The role as the team page says it: « Pharmacien adjoint » or « Pharmacienne adjointe »."""
    return str(FEMININE_ROLE_LABELS[role] if feminine and role in FEMININE_ROLE_LABELS else Role(role).label)
EVERYONE = frozenset(Role)

# Permission name -> roles allowed. Views and templates ask `membership.can("...")`.
PERMISSIONS: dict[str, frozenset[str]] = {
    "view_pharmacy": EVERYONE,
    "manage_team": frozenset({Role.TITULAIRE}),
    "edit_pharmacy": frozenset({Role.TITULAIRE}),
    "answer_assessment": EVERYONE,
    "submit_assessment": PHARMACISTS,
    "generate_attestation": PHARMACISTS,
    # The team self-assessment: the titulaire opens a round; pharmacists and préparateurs answer
    # in it (never other members, such as students); the pharmacists read the map and consolidate.
    "open_team_round": frozenset({Role.TITULAIRE}),
    "take_part_in_team_round": frozenset({Role.TITULAIRE, Role.ADJOINT, Role.PREPARATEUR}),
    "read_disagreement_map": PHARMACISTS,
    "consolidate_team_round": PHARMACISTS,
    "change_tool_status": EVERYONE,
    "keep_registers": EVERYONE,
    # Registers: everyone declares; the rights below are named so that views never borrow another.
    "resolve_incident": PHARMACISTS,
    "edit_any_incident": PHARMACISTS,  # others edit their own incidents for a while (registers)
    "close_improvement_sheet": PHARMACISTS,
    "import_registers": PHARMACISTS,
    "edit_prescription_counts": PHARMACISTS,
    "export_patient_references": PHARMACISTS,
    "follow_emergency_requests": PHARMACISTS,  # reminded when a laboratory has not answered
    "read_audit_trail": frozenset({Role.TITULAIRE}),
}

# Without "edit_any_incident", a member edits the incidents they declared for this long
# (`registers.models.Incident.edit_refusal`), then a pharmacist completes them.
OWN_INCIDENT_EDIT_WINDOW = timedelta(hours=24)


def role_can(role: str, permission: str) -> bool:
    try:
        return role in PERMISSIONS[permission]
    except KeyError:
        raise ValueError(f"Unknown permission {permission!r}") from None
