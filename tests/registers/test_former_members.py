"""Personal data in the registers: "Mes données" lists the improvement actions a person is
responsible for; once their account is deleted, pages and exports say « ancien membre »."""

import csv
import io
import json

import pytest
from django.urls import reverse

from portal.accounts.personal_data import delete_account
from registers.models import ImprovementAction, Incident
from tests.exports.helpers import exported
from tests.registers.factories import ImprovementActionFactory, make_incident, make_sheet

pytestmark = pytest.mark.django_db


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_my_data_holds_the_actions_i_am_responsible_for(client, team, pharmacy):
    preparer = team["preparateur"]
    sheet = make_sheet(pharmacy, title="Dosages voisins")
    action = ImprovementActionFactory(sheet=sheet, owner=preparer, description="Séparer les dosages")
    ImprovementActionFactory(sheet=sheet, owner=team["adjoint"], description="Pas la mienne")
    client.force_login(preparer)
    data = json.loads(client.post(reverse("accounts:download_my_data")).content)
    assert data["improvement_actions"] == [{
        "pharmacy": pharmacy.name, "sheet": "Dosages voisins", "title": "Séparer les dosages",
        "due_on": action.due_on.isoformat(), "status": "todo",
    }]


def test_a_deleted_members_records_show_former_member(member_client, team, pharmacy):
    preparer = team["preparateur"]
    name = preparer.get_full_name()
    make_incident(pharmacy, declarant=preparer, details="Déclaré par un ancien")
    sheet = make_sheet(pharmacy, owner=preparer)
    delete_account(preparer)
    assert Incident.objects.get().declarant is None and ImprovementAction.objects.get().owner is None

    pages = [reverse("registers:incident_list"), reverse("registers:programme"),
             reverse("registers:sheet_detail", args=[sheet.pk])]
    for url in pages:
        html = member_client.get(url).content.decode()
        assert "ancien membre" in html and name not in html, url

    incidents = csv_rows(exported(member_client, reverse("registers:export", args=["incidents", "csv"])))
    assert incidents[0][1] == "déclarant" and incidents[1][1] == "ancien membre"
    programme = csv_rows(exported(member_client, reverse("registers:export", args=["programme", "csv"])))
    assert programme[0][0] == "responsable" and programme[1][0] == "ancien membre"
