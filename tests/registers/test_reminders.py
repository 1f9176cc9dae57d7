"""The quality loop's reminders, sent by `send_reminders`: once, to the right people, never for
what is resolved, done or answered."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time

from portal.pharmacies.roles import PERMISSIONS, Role
from registers.models import EmergencyRequest, ImprovementAction
from tests.factories import MembershipFactory
from tests.registers.factories import (
    EmergencyRequestFactory,
    ImprovementActionFactory,
    make_incident,
    make_sheet,
)
from toolkit.models import Notification
from toolkit.reminders import send_reminders

pytestmark = pytest.mark.django_db

# Mid-October: no self-assessment or attestation reminder is due (portal/rules/campaign.py), so the
# alerts under test are the only ones, whatever day the suite runs.
OUTSIDE_CAMPAIGN = "2026-10-15 10:00:00"


def keys():
    return sorted(Notification.objects.values_list("user__email", "key"))


@freeze_time(OUTSIDE_CAMPAIGN, tick=True)
def test_quality_loop_reminders_are_sent_once_to_the_right_people(team, pharmacy, other_pharmacy):
    owner, adjoint, preparer = team["owner"], team["adjoint"], team["preparateur"]
    now = timezone.now()
    old = make_incident(pharmacy, occurred_at=now - datetime.timedelta(days=8))
    make_incident(pharmacy, occurred_at=now - datetime.timedelta(days=3))  # not yet due
    make_incident(pharmacy, occurred_at=now - datetime.timedelta(days=20), resolved_on=timezone.localdate())
    sheet = make_sheet(pharmacy)
    late = ImprovementActionFactory(sheet=sheet, owner=preparer, due_on=timezone.localdate() - datetime.timedelta(days=1))
    ImprovementActionFactory(sheet=sheet, owner=preparer, due_on=timezone.localdate() - datetime.timedelta(days=5),
                             status=ImprovementAction.Status.DONE)
    waiting = EmergencyRequestFactory(pharmacy=pharmacy, sent_at=now - datetime.timedelta(hours=49))
    EmergencyRequestFactory(pharmacy=pharmacy, sent_at=now - datetime.timedelta(hours=60),
                            answer=EmergencyRequest.Answer.ACCEPTED, answered_on=timezone.localdate())
    MembershipFactory(pharmacy=other_pharmacy, role=Role.TITULAIRE)
    make_incident(other_pharmacy, occurred_at=now - datetime.timedelta(days=8))  # its own pharmacists only

    first = send_reminders(now=now)
    expected = sorted([
        (owner.email, f"incident-overdue:{old.pk}"), (adjoint.email, f"incident-overdue:{old.pk}"),
        (preparer.email, f"action-overdue:{late.pk}:{late.due_on.isoformat()}"),  # its owner, a préparateur
        (owner.email, f"emergency-overdue:{waiting.pk}"), (adjoint.email, f"emergency-overdue:{waiting.pk}"),
    ])
    assert [k for k in keys() if k[0] in {owner.email, adjoint.email, preparer.email}] == expected
    assert send_reminders(now=now + datetime.timedelta(hours=1)).created == 0  # idempotent
    assert first.emailed == len(mail.outbox)
    subjects = {m.subject for m in mail.outbox}
    assert any("Incident non résolu depuis plus de 7 jours" in s for s in subjects)
    assert any("Dépannage d'urgence sans réponse" in s for s in subjects)
    assert Notification.objects.get(key=f"emergency-overdue:{waiting.pk}", user=owner).url == waiting.get_absolute_url()


@freeze_time(OUTSIDE_CAMPAIGN, tick=True)
def test_a_moved_due_date_reminds_again_and_a_resolution_stops_reminders(team, pharmacy):
    preparer = team["preparateur"]
    now = timezone.now()
    action = ImprovementActionFactory(sheet=make_sheet(pharmacy), owner=preparer,
                                      due_on=timezone.localdate() - datetime.timedelta(days=1))
    incident = make_incident(pharmacy, occurred_at=now - datetime.timedelta(days=10))
    assert send_reminders(now=now).created == 1 + 2
    incident.resolved_on = timezone.localdate()
    incident.save()
    action.due_on = timezone.localdate() - datetime.timedelta(days=0) - datetime.timedelta(days=2)
    action.save()
    assert send_reminders(now=now).created == 1  # a new due date is a new reminder; the incident is resolved


@freeze_time(OUTSIDE_CAMPAIGN, tick=True)
def test_reminders_go_to_the_members_holding_the_named_permission(team, pharmacy, monkeypatch):
    monkeypatch.setitem(PERMISSIONS, "resolve_incident", frozenset({Role.TITULAIRE}))
    monkeypatch.setitem(PERMISSIONS, "follow_emergency_requests", frozenset({Role.ADJOINT}))
    now = timezone.now()
    old = make_incident(pharmacy, occurred_at=now - datetime.timedelta(days=8))
    waiting = EmergencyRequestFactory(pharmacy=pharmacy, sent_at=now - datetime.timedelta(hours=49))
    send_reminders(now=now)
    assert sorted(keys()) == sorted([(team["owner"].email, f"incident-overdue:{old.pk}"),
                                     (team["adjoint"].email, f"emergency-overdue:{waiting.pk}")])
