"""The registers' sensitive actions in the audit trail: another member's incident rewritten, a
monthly prescription count overwritten; the owner reads them, the page follows read_audit_trail."""

import datetime
from html import unescape

import pytest
from django.urls import reverse
from freezegun import freeze_time

from portal.audit.models import AuditEvent
from portal.pharmacies.roles import PERMISSIONS, Role
from registers.models import PrescriptionVolume
from tests.registers.factories import DECLARED, declared, edit_data

pytestmark = pytest.mark.django_db

REWRITTEN = AuditEvent.Action.INCIDENT_REWRITTEN
OVERWRITTEN = AuditEvent.Action.PRESCRIPTION_COUNT_OVERWRITTEN


def count(client, month, value):
    """Post a month's count as the page shows it: with the version of the figure already saved."""
    saved = PrescriptionVolume.objects.filter(month=datetime.date.fromisoformat(f"{month}-01")).first()
    return client.post(reverse("registers:volumes"),
                       {"month": month, "prescriptions": value, "version": saved.version if saved else 0})


def edit(client, user, incident, **changes):
    client.force_login(user)
    with freeze_time(DECLARED + datetime.timedelta(hours=2)):
        response = client.post(reverse("registers:incident_edit", args=[incident.pk]), edit_data(incident, **changes))
    assert response.status_code == 302
    incident.refresh_from_db()


def test_a_pharmacist_rewriting_another_members_incident_is_recorded(client, team, pharmacy):
    incident = declared(pharmacy, team["preparateur"])
    edit(client, team["adjoint"], incident, details="Réécrit", patient_reference="F-9")
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.pharmacy) == (REWRITTEN, team["adjoint"], pharmacy)
    assert event.actor_name == team["adjoint"].get_full_name() and event.target == str(incident)
    assert sorted(event.details["fields"]) == ["details", "patient_reference"]


def test_editing_ones_own_incident_or_changing_nothing_is_not_recorded(client, team, pharmacy):
    own = declared(pharmacy, team["preparateur"])
    edit(client, team["preparateur"], own, details="Précisé")
    mine = declared(pharmacy, team["adjoint"])
    edit(client, team["adjoint"], mine, details="Précisé aussi")
    edit(client, team["owner"], own)  # saved unchanged
    assert not AuditEvent.objects.filter(action=REWRITTEN).exists()


def test_an_incident_without_declarant_edited_by_a_pharmacist_is_recorded(client, team, pharmacy):
    incident = declared(pharmacy, None)
    edit(client, team["owner"], incident, details="Complété", declarant=team["owner"].pk)
    assert sorted(AuditEvent.objects.get().details["fields"]) == ["declarant", "details"]


def test_overwriting_a_prescription_count_is_recorded_with_both_values(client, team, pharmacy):
    client.force_login(team["adjoint"])
    for value in ("4100", "4100", "4200"):
        count(client, "2025-03", value)
    count(client, "2025-04", "3900")  # a first figure replaces nothing
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.pharmacy) == (OVERWRITTEN, team["adjoint"], pharmacy)
    assert event.details == {"month": "2025-03-01", "before": 4100, "after": 4200}
    assert event.target == "Ordonnances de 03/2025"
    assert PrescriptionVolume.objects.get(month=datetime.date(2025, 3, 1)).prescriptions == 4200


def test_the_owner_reads_both_actions_in_french(client, team, pharmacy):
    incident = declared(pharmacy, team["preparateur"])
    edit(client, team["adjoint"], incident, details="Réécrit")
    count(client, "2025-03", "4100")
    count(client, "2025-03", "4200")
    client.force_login(team["owner"])
    html = unescape(client.get(reverse("pharmacies:audit")).content.decode())
    assert "Incident d'un autre membre modifié" in html and "(Détails et causes)" in html
    assert "Nombre d'ordonnances remplacé" in html and "(4100 → 4200)" in html
    assert "Ordonnances de 03/2025" in html


def test_the_trail_page_follows_read_audit_trail(client, team, monkeypatch):
    monkeypatch.setitem(PERMISSIONS, "read_audit_trail", frozenset({Role.TITULAIRE, Role.ADJOINT}))
    client.force_login(team["adjoint"])
    assert client.get(reverse("pharmacies:audit")).status_code == 200
    assert reverse("pharmacies:audit") in client.get(reverse("pharmacies:team")).content.decode()
    monkeypatch.setitem(PERMISSIONS, "read_audit_trail", frozenset())
    client.force_login(team["owner"])
    assert client.get(reverse("pharmacies:audit")).status_code == 403
    assert reverse("pharmacies:audit") not in client.get(reverse("pharmacies:team")).content.decode()
