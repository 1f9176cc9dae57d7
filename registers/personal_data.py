"""What the quality registers hold about a person (see portal.accounts.personal_data)."""

from portal.accounts.personal_data import iso
from registers.models import Incident


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
