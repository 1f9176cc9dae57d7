"""Registers pages: the counter form, validation messages, list order, query counts."""

import datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from registers.models import ImprovementAction, ImprovementSheet, Incident, PrescriptionVolume
from tests.factories import UserFactory
from tests.registers.factories import make_incident, make_sheet

pytestmark = pytest.mark.django_db


def errors(response, field, form="form"):
    return " ".join(response.context[form].errors.get(field, []))


def quick_data(user, **extra):
    data = {"report_type": "near_miss", "nature": "dosage", "stage": "dispensing", "error_type": "strength",
            "seriousness": "2", "detection": "live_check",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "declarant": user.pk,
            "patient_reference": "F-1234", "details": "<script>alert(1)</script> Doliprane 1000 au lieu de 500"}
    data.update(extra)
    return data


def test_quick_form_has_defaults_and_records(client, team, pharmacy):
    client.force_login(team["preparateur"])
    html = client.get(reverse("registers:incident_quick")).content.decode()
    assert "jamais le nom complet" in html and "hospitalisation" in html
    response = client.post(reverse("registers:incident_quick"), quick_data(team["preparateur"]))
    assert response.status_code == 302
    incident = Incident.objects.for_pharmacy(pharmacy).get()
    assert incident.declarant == team["preparateur"] and incident.seriousness == 2
    # Markup typed in free text is shown as text.
    html = client.get(reverse("registers:incident_edit", args=[incident.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "jamais le nom complet" in html


@pytest.mark.parametrize("extra, field, message", [
    ({"seriousness": "4"}, "seriousness", "La gravité potentielle va de 1 à 3."),
    ({"seriousness": "0"}, "seriousness", "La gravité potentielle va de 1 à 3."),
    ({"declarant": "outsider"}, "declarant", "ne fait pas partie de l'équipe"),
])
def test_quick_form_refuses_bad_input(member_client, owner, pharmacy, extra, field, message):
    if extra.get("declarant") == "outsider":
        extra = {"declarant": UserFactory().pk}
    response = member_client.post(reverse("registers:incident_quick"), quick_data(owner, **extra))
    assert response.status_code == 200
    assert message in errors(response, field)
    assert "Rien n'a été enregistré" in response.content.decode()
    assert not Incident.objects.exists()


def test_resolution_before_the_incident_is_refused(member_client, owner, pharmacy):
    incident = make_incident(pharmacy)
    data = quick_data(owner, resolved_on=(timezone.localdate() - datetime.timedelta(days=5)).isoformat(),
                      never_event="", corrective_action="Rangement", version=incident.version)
    data["occurred_at"] = timezone.localtime(incident.occurred_at).strftime("%Y-%m-%dT%H:%M")
    response = member_client.post(reverse("registers:incident_edit", args=[incident.pk]), data)
    assert errors(response, "resolved_on") == "La résolution ne peut pas précéder l'incident."
    incident.refresh_from_db()
    assert incident.resolved_on is None


def test_only_pharmacists_resolve(client, team, pharmacy):
    incident = make_incident(pharmacy, declarant=team["preparateur"])
    client.force_login(team["preparateur"])
    data = quick_data(team["preparateur"], resolved_on=timezone.localdate().isoformat(), version=incident.version)
    data["occurred_at"] = timezone.localtime(incident.occurred_at).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("registers:incident_edit", args=[incident.pk]), data)
    incident.refresh_from_db()
    assert incident.resolved_on is None and incident.report_type == "near_miss"


@pytest.mark.parametrize("value, message", [("-3", "négatif"), ("5000001", "pas plausible")])
def test_absurd_prescription_counts_are_refused(member_client, pharmacy, value, message):
    response = member_client.post(reverse("registers:volumes"), {"month": "2025-03", "prescriptions": value})
    assert message in response.content.decode()
    assert not PrescriptionVolume.objects.exists()


def test_prescription_count_entered_twice_replaces_once_the_first_is_seen(member_client, pharmacy):
    url = reverse("registers:volumes")
    member_client.post(url, {"month": "2025-03", "prescriptions": "4100", "version": "0"})
    response = member_client.post(url, {"month": "2025-03", "prescriptions": "4200", "version": "0"})
    volume = PrescriptionVolume.objects.for_pharmacy(pharmacy).get()
    assert volume.prescriptions == 4100
    assert response.context["form"].conflict == [("Ordonnances délivrées", "4100", "4200")]
    member_client.post(url, {"month": "2025-03", "prescriptions": "4200",
                             "version": response.context["form"]["version"].value()})
    volume.refresh_from_db()
    assert volume.prescriptions == 4200


def test_sheet_from_incident_action_and_closing_rules(member_client, team, pharmacy):
    incident = make_incident(pharmacy, details="Confusion de dosage")
    url = reverse("registers:sheet_create") + f"?incident={incident.pk}"
    assert "Confusion de dosage" in member_client.get(url).content.decode()
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    member_client.post(url, {"title": "Dosages voisins", "problem": "Confusion de dosage", "causes_method": "x",
                             "action_description": "Relire", "action_owner": team["owner"].pk,
                             "action_due_on": due})
    sheet = ImprovementSheet.objects.for_pharmacy(pharmacy).get()
    assert sheet.incident == incident and sheet.source == "incident"
    assert sheet.actions.get().description == "Relire"
    sheet.actions.all().delete()
    detail = reverse("registers:sheet_detail", args=[sheet.pk])
    response = member_client.post(detail, {"description": "Étiquette", "owner": UserFactory().pk, "due_on": due,
                                           "status": "todo"})
    assert "ne fait pas partie de l'équipe" in errors(response, "owner", "action_form")
    member_client.post(detail, {"description": "Étiquette", "owner": team["adjoint"].pk, "due_on": due,
                                "status": "todo"})
    assert ImprovementAction.objects.for_pharmacy(pharmacy).get().owner == team["adjoint"]
    edit = reverse("registers:sheet_edit", args=[sheet.pk])
    response = member_client.post(edit, {"title": "Dosages voisins", "problem": "p", "version": sheet.version,
                                         "closed_on": timezone.localdate().isoformat()})
    assert "après le contrôle d'efficacité" in errors(response, "closed_on")
    sheet.refresh_from_db()
    assert sheet.closed_on is None
    member_client.post(edit, {"title": "Dosages voisins", "problem": "p", "version": sheet.version,
                              "check_on": timezone.localdate().isoformat(),
                              "check_result": "effective", "closed_on": timezone.localdate().isoformat()})
    sheet.refresh_from_db()
    assert sheet.is_closed


def test_the_second_page_shows_the_rest_of_this_pharmacy_register_only(member_client, owner, pharmacy, other_pharmacy):
    now = timezone.now()
    ours = [make_incident(pharmacy, occurred_at=now - datetime.timedelta(hours=h), declarant=owner) for h in range(30)]
    for hours in range(30):
        make_incident(other_pharmacy, occurred_at=now - datetime.timedelta(hours=hours, minutes=30))
    first = member_client.get(reverse("registers:incident_list"))
    second = member_client.get(reverse("registers:incident_list"), {"page": 2})
    assert list(first.context["page_obj"]) == ours[:25] and list(second.context["page_obj"]) == ours[25:]
    assert second.context["page_obj"].number == 2
    last = member_client.get(reverse("registers:incident_list"), {"page": 99})  # out of range: the last page
    assert list(last.context["page_obj"]) == ours[25:]


def test_list_shows_unresolved_first_with_fixed_queries(member_client, owner, pharmacy, django_assert_num_queries):
    resolved = make_incident(pharmacy, occurred_at=timezone.now(), resolved_on=timezone.localdate(), declarant=owner)
    for _ in range(3):
        make_incident(pharmacy, occurred_at=timezone.now() - datetime.timedelta(days=3), declarant=owner)
    member_client.get(reverse("registers:incident_list"))  # warm the session and site caches
    with django_assert_num_queries(2) as first:  # the counts of the register kept under the pharmacy's version
        response = member_client.get(reverse("registers:incident_list"))
    rows = list(response.context["page_obj"])
    assert rows[-1] == resolved and all(not row.is_resolved for row in rows[:3])
    for _ in range(20):
        make_incident(pharmacy, declarant=owner)
    with django_assert_num_queries(len(first.captured_queries) + 3):  # the counts, the sheets' incidents, the declarants: once per change
        response = member_client.get(reverse("registers:incident_list"))
    assert response.context["unresolved_count"] == 23 and response.context["page_obj"].paginator.count == 24
    with django_assert_num_queries(len(first.captured_queries)):
        member_client.get(reverse("registers:incident_list"))
    response = member_client.get(reverse("registers:incident_list"), {"resolved": "yes"})
    assert list(response.context["page_obj"]) == [resolved] and response.context["page_obj"].paginator.count == 1
    assert response.context["unresolved_count"] == 23


def test_the_link_to_open_a_sheet_leaves_the_row_once_a_sheet_comes_from_the_incident(member_client, owner, pharmacy):
    incident = make_incident(pharmacy, declarant=owner)
    link = f'href="{reverse("registers:sheet_create")}?incident={incident.pk}&amp;'
    assert link in member_client.get(reverse("registers:incident_list")).text
    make_sheet(pharmacy, owner=owner, incident=incident)  # the register's facts, kept per version, follow
    page = member_client.get(reverse("registers:incident_list")).text
    assert link not in page and "Non résolu" in page


def test_programme_and_statistics_query_counts(member_client, team, pharmacy, django_assert_num_queries):
    make_sheet(pharmacy, owner=team["adjoint"])
    member_client.get(reverse("registers:programme"))
    with django_assert_num_queries(2) as first:  # the criterion counted from the actions listed
        member_client.get(reverse("registers:programme"))
    for index in range(5):
        make_sheet(pharmacy, owner=team["owner"], title=f"Fiche {index}")
        make_incident(pharmacy)
    with django_assert_num_queries(len(first.captured_queries)):
        response = member_client.get(reverse("registers:programme"))
    assert len(response.context["actions"]) == 6 and response.context["criterion_met"]
    member_client.get(reverse("registers:statistics"))
    with django_assert_num_queries(1):  # its figures cached under its version, the funnel shared
        member_client.get(reverse("registers:statistics"))
    make_incident(pharmacy)
    with django_assert_num_queries(3) as first:  # its figures rebuilt: its incidents, its months (none here)
        member_client.get(reverse("registers:statistics"))
    for _ in range(5):
        make_incident(pharmacy, resolved_on=timezone.localdate())
    with django_assert_num_queries(len(first.captured_queries)):
        member_client.get(reverse("registers:statistics"))


def test_dashboard_criterion_and_card_use_real_data(member_client, owner, pharmacy):
    html = unescape(member_client.get(reverse("toolkit:dashboard")).content.decode())
    assert "bientôt disponible" not in html
    assert "Aucune action d'amélioration créée" in html
    make_sheet(pharmacy, owner=owner)
    make_incident(pharmacy)
    response = member_client.get(reverse("toolkit:dashboard"))
    html = unescape(response.content.decode())
    assert "comporte au moins une action" in html
    assert "1 incident non résolu" in html and "1 action d'amélioration en cours" in html
    assert response.context["checklist"].items[-1].done
