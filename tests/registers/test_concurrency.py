"""Two people edit the same register object: the later, stale save is refused and both versions shown."""

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from portal.rules.concurrency import CONFLICT_MESSAGE
from registers.models import EmergencyRequest, ImprovementAction, PrescriptionVolume
from tests.edit_forms import posted
from tests.registers.factories import EmergencyRequestFactory, make_incident, make_sheet

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def assert_conflict_shown(response, *cells):
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert str(CONFLICT_MESSAGE) in html and "Version enregistrée" in html
    for cell in cells:
        assert f">{cell}</td>" in html


def test_a_stale_incident_form_does_not_erase_the_corrective_action(team, pharmacy):
    incident = make_incident(pharmacy, declarant=team["owner"], details="Doliprane 1000 au lieu de 500")
    url = reverse("registers:incident_edit", args=[incident.pk])
    owner, adjoint = signed_in(team["owner"]), signed_in(team["adjoint"])
    opened_by_adjoint = adjoint.get(url).context["form"]

    owner_form = owner.get(url).context["form"]
    assert owner.post(url, posted(owner_form, corrective_action="Rangement séparé des dosages")).status_code == 302

    response = adjoint.post(url, posted(opened_by_adjoint, details="Doliprane 1000 au lieu de 500, vu au comptoir"))
    assert_conflict_shown(response, "Rangement séparé des dosages", "—",
                          "Doliprane 1000 au lieu de 500", "Doliprane 1000 au lieu de 500, vu au comptoir")
    form = response.context["form"]
    assert form["details"].value() == "Doliprane 1000 au lieu de 500, vu au comptoir"  # his own values kept
    incident.refresh_from_db()
    assert incident.corrective_action == "Rangement séparé des dosages"
    assert incident.details == "Doliprane 1000 au lieu de 500"

    # Having seen both, he posts again (the form now carries the saved version): it saves.
    response = adjoint.post(url, posted(form, corrective_action="Rangement séparé des dosages"))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.details == "Doliprane 1000 au lieu de 500, vu au comptoir"
    assert incident.corrective_action == "Rangement séparé des dosages"


def test_a_form_posted_without_its_version_saves_nothing(member_client, team, pharmacy):
    incident = make_incident(pharmacy, declarant=team["owner"])
    url = reverse("registers:incident_edit", args=[incident.pk])
    data = posted(member_client.get(url).context["form"], details="Sans version", version=None)
    assert_conflict_shown(member_client.post(url, data))
    incident.refresh_from_db()
    assert incident.details == ""


def test_a_stale_emergency_request_form_is_refused(team, pharmacy):
    request = EmergencyRequestFactory(pharmacy=pharmacy)
    url = reverse("registers:emergency_edit", args=[request.pk])
    owner, adjoint = signed_in(team["owner"]), signed_in(team["adjoint"])
    opened_by_adjoint = adjoint.get(url).context["form"]
    owner.post(url, posted(owner.get(url).context["form"], answer="none", outcome="Patient orienté vers l'hôpital"))

    response = adjoint.post(url, posted(opened_by_adjoint, laboratory="Laboratoire Durand"))
    assert_conflict_shown(response, "Restée sans réponse", "Pas encore de réponse", "Patient orienté vers l'hôpital")
    request.refresh_from_db()
    assert (request.answer, request.laboratory) == (EmergencyRequest.Answer.NONE, "Lab")

    assert adjoint.post(url, posted(response.context["form"])).status_code == 302
    request.refresh_from_db()
    assert request.laboratory == "Laboratoire Durand"


def test_a_stale_improvement_sheet_form_is_refused(team, pharmacy):
    sheet = make_sheet(pharmacy, title="Rangement")
    url = reverse("registers:sheet_edit", args=[sheet.pk])
    owner, adjoint = signed_in(team["owner"]), signed_in(team["adjoint"])
    opened_by_adjoint = adjoint.get(url).context["form"]
    owner.post(url, posted(owner.get(url).context["form"], causes_method="Pas de séparation des dosages"))

    response = adjoint.post(url, posted(opened_by_adjoint, title="Rangement des dosages voisins"))
    assert_conflict_shown(response, "Pas de séparation des dosages", "Rangement", "Rangement des dosages voisins")
    sheet.refresh_from_db()
    assert (sheet.title, sheet.causes_method) == ("Rangement", "Pas de séparation des dosages")

    assert adjoint.post(url, posted(response.context["form"])).status_code == 302
    sheet.refresh_from_db()
    assert sheet.title == "Rangement des dosages voisins"


def test_a_stale_action_status_change_is_refused(team, pharmacy):
    action = make_sheet(pharmacy, owner=team["adjoint"]).actions.get()
    url = reverse("registers:action_status", args=[action.pk])
    owner, adjoint = signed_in(team["owner"]), signed_in(team["adjoint"])
    shown = adjoint.get(reverse("registers:programme")).context["actions"][0].version
    assert f'name="version" value="{shown}"' in owner.get(reverse("registers:programme")).content.decode()
    owner.post(url, {"status": "done", "version": shown})

    response = adjoint.post(url, {"status": "in_progress", "version": shown}, follow=True)
    html = unescape(response.content.decode())
    assert "modifié par quelqu'un d'autre" in html and "« Réalisée »" in html and "« En cours »" in html
    action.refresh_from_db()
    assert action.status == ImprovementAction.Status.DONE

    adjoint.post(url, {"status": "in_progress", "version": action.version})
    action.refresh_from_db()
    assert action.status == ImprovementAction.Status.IN_PROGRESS


def test_a_month_entered_meanwhile_by_someone_else_is_a_conflict(team, pharmacy):
    url = reverse("registers:volumes")
    owner, adjoint = signed_in(team["owner"]), signed_in(team["adjoint"])
    opened_by_adjoint = adjoint.get(url).context["form"]
    owner.post(url, posted(owner.get(url).context["form"], month="2025-03", prescriptions="4100"))

    response = adjoint.post(url, posted(opened_by_adjoint, month="2025-03", prescriptions="4250"))
    assert_conflict_shown(response, "4100", "4250")
    assert PrescriptionVolume.objects.for_pharmacy(pharmacy).get().prescriptions == 4100

    assert adjoint.post(url, posted(response.context["form"])).status_code == 302
    assert PrescriptionVolume.objects.for_pharmacy(pharmacy).get().prescriptions == 4250
