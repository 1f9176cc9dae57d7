"""What other apps show of the registers (the dashboard's criterion and card).

`toolkit` imports this module; `registers` never imports `toolkit`.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registers.models import (
    PROGRAMME_CRITERION_EXPLANATION,
    EmergencyRequest,
    ImprovementAction,
    ImprovementSheet,
    Incident,
)


@dataclass
class ProgrammeCriterion:
    done: bool
    detail: str
    url: str
    link_label: str


def programme_criterion(pharmacy, year: int) -> ProgrammeCriterion:
    """The remuneration criterion "programme d'amélioration", explained (1 query)."""
    done = ImprovementSheet.objects.for_pharmacy(pharmacy).programme_criterion_met(year)
    if done:
        detail = _("Votre programme %(year)s comporte au moins une action.") % {"year": year}
    else:
        detail = _("Aucune action d'amélioration créée en %(year)s.") % {"year": year}
    return ProgrammeCriterion(
        done=done,
        detail=f"{detail} {PROGRAMME_CRITERION_EXPLANATION}",
        url=reverse("registers:programme"),
        link_label=_("Voir mon programme") if done else _("Ouvrir une fiche d'amélioration"),
    )


@dataclass
class RegistersCard:
    unresolved: int
    incidents_year: int
    open_actions: int
    overdue_actions: int
    overdue_requests: int


def dashboard_card(pharmacy) -> RegistersCard:
    """The figures of the "Actions d'amélioration et incidents" card (3 queries)."""
    from django.db.models import Count, Q

    today = timezone.localdate()
    incidents = Incident.objects.for_pharmacy(pharmacy).order_by().aggregate(
        unresolved=Count("pk", filter=Q(resolved_on__isnull=True)),
        year=Count("pk", filter=Q(occurred_at__year=today.year)),
    )
    actions = ImprovementAction.objects.for_pharmacy(pharmacy).not_done().order_by().aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)),
    )
    return RegistersCard(
        unresolved=incidents["unresolved"],
        incidents_year=incidents["year"],
        open_actions=actions["open"],
        overdue_actions=actions["overdue"],
        overdue_requests=EmergencyRequest.objects.for_pharmacy(pharmacy).overdue().count(),
    )
