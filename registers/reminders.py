"""Reminders of the quality loop, read by the tool kit's `send_reminders` (which owns notifications).

Each rule returns plain `Due` items; a (person, key) pair is sent once, so the rules can run every
hour: an incident unresolved after UNRESOLVED_REMINDER_DAYS days, an improvement action past its
due date, an emergency-supply request without answer after EMERGENCY_ANSWER_HOURS hours.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.rules import dates
from registers.models import (
    UNRESOLVED_REMINDER_DAYS,
    EmergencyRequest,
    ImprovementAction,
    Incident,
    emergency,
)


@dataclass
class Due:
    user: object
    key: str
    title: str
    body: str
    url: str


def due_reminders(now: datetime.datetime, members: dict[int, list]) -> list[Due]:
    """`members`: {pharmacy id: [Membership, ...]} of active users (3 queries in all)."""
    return [*_incidents(now, members), *_actions(now, members), *_emergencies(now, members)]


def _members_who_can(members, pharmacy_id, permission):
    return [m.user for m in members.get(pharmacy_id, []) if m.can(permission)]


def _incidents(now, members) -> list[Due]:
    due = []
    for incident in Incident.objects.overdue(now).filter(pharmacy_id__in=members).only(
        "pk", "pharmacy_id", "occurred_at", "report_type"
    ):
        title = _("Incident non résolu depuis plus de %(days)s jours") % {"days": UNRESOLVED_REMINDER_DAYS}
        body = _("L'incident « %(incident)s » n'est pas encore résolu : indiquez sa résolution et l'action "
                 "corrective, ou ouvrez une fiche d'amélioration.") % {"incident": incident}
        due += [Due(user, f"incident-overdue:{incident.pk}", title, body, incident.get_absolute_url())
                for user in _members_who_can(members, incident.pharmacy_id, "resolve_incident")]
    return due


def _actions(now, members) -> list[Due]:
    due = []
    team = {pid: {m.user_id: m.user for m in people} for pid, people in members.items()}
    actions = ImprovementAction.objects.overdue(timezone.localdate(now)).filter(
        sheet__pharmacy_id__in=members
    ).select_related("sheet")
    for action in actions:
        pharmacy_id = action.sheet.pharmacy_id
        owner = team.get(pharmacy_id, {}).get(action.owner_id)
        recipients = [owner] if owner else _members_who_can(members, pharmacy_id, "close_improvement_sheet")
        title = _("Action d'amélioration en retard : %(action)s") % {"action": action.description[:120]}
        body = _("L'action « %(action)s » de la fiche « %(sheet)s » devait être réalisée le %(date)s.") % {
            "action": action.description, "sheet": action.sheet.title, "date": dates.day(action.due_on),
        }
        key = f"action-overdue:{action.pk}:{action.due_on.isoformat()}"
        due += [Due(user, key, title, body, action.sheet.get_absolute_url()) for user in recipients]
    return due


def _emergencies(now, members) -> list[Due]:
    due = []
    for request in EmergencyRequest.objects.overdue(now).filter(pharmacy_id__in=members):
        title = _("Dépannage d'urgence sans réponse : %(medicine)s") % {"medicine": request.medicine}
        body = _("La demande envoyée au laboratoire %(lab)s le %(date)s n'a pas reçu de réponse après %(hours)s "
                 "heures : relancez-le ou cherchez une alternative pour le patient.") % {
            "lab": request.laboratory, "date": dates.day_time(request.sent_at),
            "hours": emergency.EMERGENCY_ANSWER_HOURS,
        }
        due += [Due(user, f"emergency-overdue:{request.pk}", title, body, request.get_absolute_url())
                for user in _members_who_can(members, request.pharmacy_id, "follow_emergency_requests")]
    return due
