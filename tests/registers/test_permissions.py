"""Who may do what in the registers: rights read from roles.PERMISSIONS, and the one rule of
Incident.edit_refusal (pharmacists edit any incident, the others their own for 24 hours)."""

import datetime
from html import unescape

import pytest
from django.urls import reverse
from freezegun import freeze_time

from portal.pharmacies.models import Membership
from portal.pharmacies.roles import PERMISSIONS, Role
from registers.models import PrescriptionVolume
from tests.factories import MembershipFactory
from tests.registers.factories import DECLARED, declared, edit_data, make_sheet

pytestmark = pytest.mark.django_db

def membership(user):
    return Membership.objects.get(user=user)


def test_a_preparateur_cannot_rewrite_a_colleagues_incident(client, team, pharmacy):
    incident = declared(pharmacy, team["adjoint"])
    client.force_login(team["preparateur"])
    url = reverse("registers:incident_edit", args=[incident.pk])
    with freeze_time(DECLARED + datetime.timedelta(hours=1)):
        page = client.get(url)
        html = unescape(page.content.decode())
        assert page.status_code == 200
        assert "Seuls son déclarant et les pharmaciens peuvent modifier cet incident" in html
        assert 'type="submit" class="button">Enregistrer' not in html
        assert all(field.disabled for field in page.context["form"].fields.values())
        assert client.post(url, edit_data(incident, details="Réécrit")).status_code == 403
    incident.refresh_from_db()
    assert incident.details == "Texte d'origine"


def test_a_preparateur_edits_their_own_incident_within_24_hours(client, team, pharmacy):
    incident = declared(pharmacy, team["preparateur"])
    client.force_login(team["preparateur"])
    url = reverse("registers:incident_edit", args=[incident.pk])
    with freeze_time(DECLARED + datetime.timedelta(hours=23)):
        page = client.get(url)
        assert page.context["read_only_reason"] is None
        assert page.context["form"].fields["declarant"].disabled  # their incident stays theirs
        response = client.post(url, edit_data(incident, details="Précisé", declarant=team["owner"].pk))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.details == "Précisé" and incident.declarant == team["preparateur"]


def test_after_24_hours_their_own_incident_is_read_only(client, team, pharmacy):
    incident = declared(pharmacy, team["preparateur"])
    client.force_login(team["preparateur"])
    url = reverse("registers:incident_edit", args=[incident.pk])
    with freeze_time(DECLARED + datetime.timedelta(hours=24, minutes=1)):
        html = unescape(client.get(url).content.decode())
        assert "pendant 24 heures : ce délai est passé" in html
        assert client.post(url, edit_data(incident, details="Trop tard")).status_code == 403
        list_html = unescape(client.get(reverse("registers:incident_list")).content.decode())
    assert "(lecture seule)" in list_html
    incident.refresh_from_db()
    assert incident.details == "Texte d'origine"


@pytest.mark.parametrize("role", ["owner", "adjoint"])
def test_pharmacists_edit_any_incident_at_any_time(client, team, pharmacy, role):
    incident = declared(pharmacy, team["preparateur"])
    client.force_login(team[role])
    with freeze_time(DECLARED + datetime.timedelta(days=30)):
        response = client.post(reverse("registers:incident_edit", args=[incident.pk]),
                               edit_data(incident, details="Complété", corrective_action="Rangement revu"))
        list_html = unescape(client.get(reverse("registers:incident_list")).content.decode())
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.details, incident.corrective_action) == ("Complété", "Rangement revu")
    assert "(lecture seule)" not in list_html


def test_the_rule_follows_the_role_table(monkeypatch, team, pharmacy):
    incident = declared(pharmacy, team["adjoint"])
    preparer = membership(team["preparateur"])
    later = DECLARED + datetime.timedelta(days=3)
    assert not incident.editable_by(preparer, now=later)
    monkeypatch.setitem(PERMISSIONS, "edit_any_incident", frozenset(Role))
    assert incident.editable_by(preparer, now=later)
    other = MembershipFactory(role=Role.TITULAIRE)
    assert not incident.editable_by(other, now=later)  # another pharmacy's member


def test_a_preparateur_cannot_overwrite_the_prescription_count(client, team, pharmacy):
    PrescriptionVolume.objects.create(pharmacy=pharmacy, month=datetime.date(2025, 3, 1), prescriptions=4100)
    client.force_login(team["preparateur"])
    page = client.get(reverse("registers:volumes"))
    assert page.status_code == 200 and page.context["form"] is None
    assert "Seul un pharmacien saisit le nombre d'ordonnances" in unescape(page.content.decode())
    response = client.post(reverse("registers:volumes"), {"month": "2025-03", "prescriptions": "9999"})
    assert response.status_code == 403
    assert PrescriptionVolume.objects.get().prescriptions == 4100


@pytest.mark.parametrize("role", ["owner", "adjoint"])
def test_pharmacists_enter_the_prescription_count(client, team, pharmacy, role):
    client.force_login(team[role])
    response = client.post(reverse("registers:volumes"), {"month": "2025-03", "prescriptions": "4200"})
    assert response.status_code == 302
    assert PrescriptionVolume.objects.for_pharmacy(pharmacy).get().prescriptions == 4200


def test_the_import_button_and_page_follow_import_registers(client, team, monkeypatch):
    client.force_login(team["preparateur"])
    assert "Importer un registre papier" not in client.get(reverse("registers:incident_list")).content.decode()
    assert client.get(reverse("registers:incident_import")).status_code == 403
    monkeypatch.setitem(PERMISSIONS, "import_registers", frozenset(Role))
    assert client.get(reverse("registers:incident_import")).status_code == 200
    assert "Importer un registre papier" in client.get(reverse("registers:incident_list")).content.decode()


def test_resolving_and_closing_follow_their_own_permissions(client, team, pharmacy, monkeypatch):
    monkeypatch.setitem(PERMISSIONS, "resolve_incident", frozenset({Role.TITULAIRE}))
    monkeypatch.setitem(PERMISSIONS, "close_improvement_sheet", frozenset({Role.TITULAIRE}))
    incident = declared(pharmacy, team["preparateur"])
    client.force_login(team["adjoint"])
    form = client.get(reverse("registers:incident_edit", args=[incident.pk])).context["form"]
    assert form.fields["resolved_on"].disabled and not form.fields["details"].disabled
    sheet = make_sheet(pharmacy)
    assert client.get(reverse("registers:sheet_edit", args=[sheet.pk])).context["form"].fields["closed_on"].disabled
    assert "clôturer" not in client.get(reverse("registers:sheet_detail", args=[sheet.pk])).content.decode()
    client.force_login(team["owner"])
    assert not client.get(reverse("registers:sheet_edit", args=[sheet.pk])).context["form"].fields["closed_on"].disabled
    assert "clôturer" in client.get(reverse("registers:sheet_detail", args=[sheet.pk])).content.decode()
