"""Every registers URL is scoped to the current pharmacy: another pharmacy's object is a 404."""

import pytest
from django.urls import reverse

from registers.models import EmergencyRequest, ImprovementAction, ImprovementSheet, Incident

pytestmark = pytest.mark.django_db


def test_another_pharmacys_objects_are_404_on_every_url(member_client, other_objects):
    urls = [
        reverse("registers:incident_edit", args=[other_objects["incident"].pk]),
        reverse("registers:sheet_detail", args=[other_objects["sheet"].pk]),
        reverse("registers:sheet_edit", args=[other_objects["sheet"].pk]),
        reverse("registers:emergency_edit", args=[other_objects["request"].pk]),
        reverse("registers:sheet_create") + f"?incident={other_objects['incident'].pk}",
    ]
    for url in urls:
        assert member_client.get(url).status_code == 404, url
        assert member_client.post(url, {"title": "x", "problem": "x", "details": "pris"}).status_code == 404, url
    url = reverse("registers:action_status", args=[other_objects["action"].pk])
    assert member_client.post(url, {"status": "done"}).status_code == 404
    # Nothing changed over there.
    assert ImprovementAction.objects.get(pk=other_objects["action"].pk).status == "todo"
    assert Incident.objects.get(pk=other_objects["incident"].pk).details == "Ailleurs"
    assert ImprovementSheet.objects.count() == 1
    assert EmergencyRequest.objects.get(pk=other_objects["request"].pk).answer == "pending"


def test_lists_only_show_the_current_pharmacy(member_client, other_objects):
    for name in ("incident_list", "sheet_list", "programme", "emergency_list", "statistics", "volumes"):
        response = member_client.get(reverse(f"registers:{name}"))
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "Fiche de la Gare" not in html and "Amoxicilline" not in html and "Séparer les dosages" not in html


def test_anonymous_users_are_sent_to_login(client):
    for name in ("incident_list", "incident_quick", "programme", "statistics"):
        response = client.get(reverse(f"registers:{name}"))
        assert response.status_code == 302 and "/comptes/" in response.url
