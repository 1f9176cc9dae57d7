"""What the quality registers hold about a person (see portal.accounts.personal_data)."""

from portal.accounts.personal_data import iso
from registers.models import ImprovementAction, Incident


def incidents(user) -> list[dict]:
    rows = Incident.objects.filter(declarant=user).select_related("pharmacy").order_by("occurred_at")
    return [
        {
            "pharmacy": incident.pharmacy.name,
            "occurred_at": iso(incident.occurred_at),
            "nature": incident.nature,
            "report_type": incident.report_type,
            "seriousness": incident.seriousness,
            "details": incident.details,
            "resolved_on": iso(incident.resolved_on),
        }
        for incident in rows
    ]


def improvement_actions(user) -> list[dict]:
    """The improvement actions the person is responsible for."""
    rows = ImprovementAction.objects.filter(owner=user).select_related("sheet__pharmacy").order_by("due_on", "pk")
    return [
        {
            "pharmacy": action.sheet.pharmacy.name,
            "sheet": action.sheet.title,
            "title": action.description,
            "due_on": iso(action.due_on),
            "status": action.status,
        }
        for action in rows
    ]
