"""The quality loop in one flow (issue 26 items 1-3): the counter form chooses nothing for the
person, a bilan recommendation enters the programme with its first action in one step, and the
sheet's own page changes action states, records the check, closes and resolves the incident."""

import datetime
import re
from html import unescape

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from portal.pages.models import PrinciplePage
from registers.models import ImprovementAction, ImprovementSheet, Incident
from tests.factories import UserFactory
from tests.registers.factories import make_incident, make_sheet
from tests.registers.test_views import quick_data

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def checked_radios(html, name):
    return re.findall(rf'<input type="radio" name="{name}"[^>]*checked', html)


def test_counter_form_preselects_neither_type_nor_seriousness(client, team):
    client.force_login(team["preparateur"])
    html = client.get(reverse("registers:incident_quick")).content.decode()
    assert checked_radios(html, "report_type") == [] and checked_radios(html, "seriousness") == []
    assert re.search(r'<option value="dispensing" selected>', html)  # the other defaults are shown
    assert 'type="datetime-local"' in html


def test_counter_form_without_type_or_seriousness_says_why_and_keeps_the_rest(client, team):
    client.force_login(team["preparateur"])
    data = quick_data(team["preparateur"])
    del data["report_type"], data["seriousness"]
    response = client.post(reverse("registers:incident_quick"), data)
    assert response.status_code == 200 and not Incident.objects.exists()
    errors = response.context["form"].errors
    assert errors["report_type"] == ["Choisissez le type de signalement : rien n'est coché d'avance."]
    assert errors["seriousness"] == ["Choisissez la gravité potentielle (1, 2 ou 3) : rien n'est coché d'avance."]
    html = unescape(response.content.decode())
    assert "F-1234" in html and "Doliprane 1000 au lieu de 500" in html  # nothing typed is lost


def test_counter_form_says_each_help_once(client, team):
    client.force_login(team["preparateur"])
    html = unescape(client.get(reverse("registers:incident_quick")).content.decode())
    assert html.count("jamais le nom complet") == 1
    assert html.count("hospitalisation") == 1  # in the choice itself, not repeated below
    assert html.count("gêne mineure") == 1


def test_open_sheet_creates_the_sheet_and_its_first_action_together(pharmacy, team):
    incident = make_incident(pharmacy)
    sheet = ImprovementSheet.objects.open_sheet(
        pharmacy, title="Dosages voisins", problem="Confusion", incident=incident,
        first_action={"description": "Séparer", "owner": team["adjoint"], "due_on": TODAY()})
    assert sheet.source == ImprovementSheet.Source.INCIDENT and sheet.pharmacy == pharmacy
    action = sheet.actions.get()
    assert (action.description, action.owner, action.status) == ("Séparer", team["adjoint"], "todo")
    bare = ImprovementSheet.objects.open_sheet(pharmacy, title="Libre", problem="p")
    assert bare.source == ImprovementSheet.Source.SCRATCH and not bare.actions.exists()
    with pytest.raises(IntegrityError):  # an action without its due date: neither is saved
        ImprovementSheet.objects.open_sheet(pharmacy, title="Rien", problem="p",
                                            first_action={"description": "x", "owner": team["owner"]})
    assert not ImprovementSheet.objects.filter(title="Rien").exists()


def test_a_recommendation_enters_the_programme_with_its_first_action(member_client, framework, team, pharmacy):
    principle = PrinciplePage.objects.live().first()
    url = reverse("registers:sheet_create") + f"?principle={principle.number}&recommendation=Écrire la méthode"
    html = unescape(member_client.get(url).content.decode())
    assert "Ajouter à mon programme" in html and "Première action" in html
    due = (TODAY() + datetime.timedelta(days=20)).isoformat()
    response = member_client.post(url, {"title": "Écrire la méthode", "problem": "Écrire la méthode",
                                         "action_description": "Rédiger la méthode d'accueil",
                                         "action_owner": team["adjoint"].pk, "action_due_on": due}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("registers:programme")
    sheet = ImprovementSheet.objects.for_pharmacy(pharmacy).get()
    assert (sheet.source, sheet.principle) == (ImprovementSheet.Source.RECOMMENDATION, principle)
    assert [a.description for a in response.context["actions"]] == ["Rédiger la méthode d'accueil"]
    assert "est dans votre programme d'amélioration" in unescape(response.content.decode())


def test_a_sheet_needs_its_first_action_and_refuses_an_outsider(member_client, team, pharmacy):
    url = reverse("registers:sheet_create")
    response = member_client.post(url, {"title": "T", "problem": "P", "action_owner": UserFactory().pk})
    errors = response.context["form"].errors
    assert "action_description" in errors and "action_due_on" in errors
    assert "ne fait pas partie de l'équipe" in errors["action_owner"][0]
    assert not ImprovementSheet.objects.exists() and not ImprovementAction.objects.exists()
    assert 'value="T"' in response.content.decode()


def test_action_state_changes_on_the_sheet_itself(member_client, owner, pharmacy):
    sheet = make_sheet(pharmacy, owner=owner)
    action = sheet.actions.get()
    detail = reverse("registers:sheet_detail", args=[sheet.pk])
    html = member_client.get(detail).content.decode()
    assert reverse("registers:action_status", args=[action.pk]) in html and f'name="next" value="{detail}"' in html
    response = member_client.post(reverse("registers:action_status", args=[action.pk]),
                                  {"status": "done", "version": action.version, "next": detail})
    assert response.url == detail
    action.refresh_from_db()
    assert action.status == "done"


def check_data(**extra):
    data = {"save_check": "1", "check-check_on": TODAY().isoformat(), "check-check_result": "effective",
            "check-check_comment": "Plus d'erreur en 4 semaines", "check-closed_on": TODAY().isoformat(),
            "check-resolve_incidents": "on"}
    data.update(extra)
    return data


def test_closing_after_the_check_resolves_the_incident_in_the_same_step(member_client, owner, pharmacy):
    incident = make_incident(pharmacy, corrective_action="Patient rappelé")
    sheet = make_sheet(pharmacy, owner=owner, incident=incident, title="Dosages voisins")
    detail = reverse("registers:sheet_detail", args=[sheet.pk])
    html = unescape(member_client.get(detail).content.decode())
    assert "Marquer l'incident d'origine comme résolu" in html
    response = member_client.post(detail, check_data(**{"check-version": sheet.version}))
    assert response.status_code == 302
    sheet.refresh_from_db()
    incident.refresh_from_db()
    assert sheet.closed_on == TODAY() and sheet.check_result == "effective"
    assert incident.resolved_on == TODAY()
    assert incident.corrective_action.startswith("Patient rappelé\nFiche d'amélioration « Dosages voisins »")
    html = unescape(member_client.get(incident.get_absolute_url()).content.decode())
    assert "Résolu" in html and f'href="{detail}" class="resolved-by"' in html
    assert "Ouvrir une fiche d'amélioration" not in html


def test_closing_can_leave_the_incident_open(member_client, owner, pharmacy):
    incident = make_incident(pharmacy)
    sheet = make_sheet(pharmacy, owner=owner, incident=incident)
    data = check_data(**{"check-version": sheet.version})
    del data["check-resolve_incidents"]
    member_client.post(reverse("registers:sheet_detail", args=[sheet.pk]), data)
    sheet.refresh_from_db()
    incident.refresh_from_db()
    assert sheet.is_closed and not incident.is_resolved


def test_closing_without_the_check_is_refused_and_resolves_nothing(member_client, owner, pharmacy):
    incident = make_incident(pharmacy)
    sheet = make_sheet(pharmacy, owner=owner, incident=incident)
    response = member_client.post(reverse("registers:sheet_detail", args=[sheet.pk]),
                                  check_data(**{"check-version": sheet.version, "check-check_result": ""}))
    assert response.status_code == 200 and "check_result" in response.context["check_form"].errors
    sheet.refresh_from_db()
    incident.refresh_from_db()
    assert not sheet.is_closed and not incident.is_resolved


def test_a_preparateur_records_the_check_but_does_not_close(client, team, pharmacy):
    incident = make_incident(pharmacy)
    sheet = make_sheet(pharmacy, owner=team["owner"], incident=incident)
    client.force_login(team["preparateur"])
    detail = reverse("registers:sheet_detail", args=[sheet.pk])
    form = client.get(detail).context["check_form"]
    assert form.fields["closed_on"].disabled and "resolve_incidents" not in form.fields
    client.post(detail, check_data(**{"check-version": sheet.version}))
    sheet.refresh_from_db()
    incident.refresh_from_db()
    assert sheet.check_result == "effective" and not sheet.is_closed and not incident.is_resolved


def test_another_pharmacys_sheet_cannot_be_closed(member_client, other_objects):
    sheet = other_objects["sheet"]
    url = reverse("registers:sheet_detail", args=[sheet.pk])
    assert member_client.post(url, check_data(**{"check-version": sheet.version})).status_code == 404
    sheet.refresh_from_db()
    assert not sheet.is_closed


def test_sheet_page_queries_do_not_grow_with_actions(member_client, owner, pharmacy, django_assert_num_queries):
    sheet = make_sheet(pharmacy, owner=owner, incident=make_incident(pharmacy))
    detail = reverse("registers:sheet_detail", args=[sheet.pk])
    member_client.get(detail)
    with django_assert_num_queries(5) as first:
        member_client.get(detail)
    count = len(first.captured_queries)  # read now: each request empties the connection's log
    for _ in range(5):
        ImprovementAction.objects.create(sheet=sheet, description="x", owner=owner, due_on=TODAY())
    member_client.get(detail)  # the new actions moved the pharmacy's version: its team's list is read again once
    with django_assert_num_queries(count):
        member_client.get(detail)


def emergency_data(**extra):
    data = {"medicine": "Amoxicilline 250 mg/5 ml", "cip": "3400930000000", "laboratory": "Laboratoire Durand",
            "sent_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "justification": "Enfant de 4 ans",
            "mitm_or_no_alternative": "on", "active_shortage": "on", "laboratory_participates": "on",
            "patient_form_sent": "on", "patient_form_reference": "UP-2026-118", "answer": "pending",
            "answered_on": "", "answer_text": "", "outcome": "", "version": "0"}
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}


def test_an_emergency_request_records_the_services_conditions_and_the_answer(member_client, pharmacy):
    from registers.models import EmergencyRequest

    assert member_client.post(reverse("registers:emergency_create"), emergency_data()).status_code == 302
    request = EmergencyRequest.objects.for_pharmacy(pharmacy).get()
    assert request.unmet_conditions() == [] and request.patient_form_reference == "UP-2026-118"
    url = reverse("registers:emergency_edit", args=[request.pk])
    answered = TODAY().isoformat()
    member_client.post(url, emergency_data(answer="accepted", answered_on=answered, version=str(request.version),
                                           answer_text="2 flacons envoyés sous 24 h"))
    request.refresh_from_db()
    assert (request.answer, request.answered_on, request.answer_text) == ("accepted", TODAY(),
                                                                          "2 flacons envoyés sous 24 h")


@pytest.mark.parametrize("missing, reason", [
    ("mitm_or_no_alternative", "ni d'intérêt thérapeutique majeur (MITM) ni sans alternative"),
    ("active_shortage", "n'est pas « en rupture active »"),
    ("laboratory_participates", "le laboratoire ne participe pas au service"),
    ("patient_form_sent", "le formulaire « urgence patient » n'a pas été rempli et tracé"),
])
def test_a_request_outside_the_conditions_is_refused_saying_why(member_client, pharmacy, missing, reason):
    from registers.models import EmergencyRequest

    response = member_client.post(reverse("registers:emergency_create"), emergency_data(**{missing: None}))
    assert response.status_code == 200 and not EmergencyRequest.objects.exists()
    form = response.context["form"]
    assert form.non_field_errors()[0].startswith("Demande refusée : elle ne remplit pas les conditions")
    assert reason in form.non_field_errors()[0] and missing in form.errors
    html = unescape(response.content.decode())
    assert reason in html and "Laboratoire Durand" in html  # said on the page, nothing typed lost


def test_the_48_hour_rule_is_unchanged():
    from registers.models import emergency

    assert emergency.EMERGENCY_ANSWER_HOURS == 48
    now = timezone.now()
    assert emergency.overdue_cutoff(now) == now - datetime.timedelta(hours=48)
