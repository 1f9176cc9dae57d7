"""portal/rules/concurrency.py: the version compare-and-swap and the form that carries the version."""

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.pharmacies.roles import Role
from portal.rules.concurrency import CONFLICT_MESSAGE, EditConflict, display_value
from registers.forms import IncidentForm
from registers.models import Incident
from tests.edit_forms import posted
from tests.factories import MembershipFactory
from tests.registers.factories import make_incident
from tests.selfassessment.test_concurrency import run_together

pytestmark = pytest.mark.django_db


def test_two_saves_from_the_same_read_the_second_is_refused(pharmacy):
    incident = make_incident(pharmacy)
    first, second = Incident.objects.get(pk=incident.pk), Incident.objects.get(pk=incident.pk)
    first.corrective_action = "Rangement séparé"
    first.save_unless_changed(incident.version)
    second.details = "Vu au comptoir"
    with pytest.raises(EditConflict) as conflict:
        second.save_unless_changed(incident.version)
    assert conflict.value.current.corrective_action == "Rangement séparé"
    incident.refresh_from_db()
    assert (incident.corrective_action, incident.details) == ("Rangement séparé", "")
    assert incident.version == first.version == 2


def test_every_save_bumps_the_version(pharmacy):
    incident = make_incident(pharmacy)
    assert incident.version == 1
    incident.details = "a"
    incident.save()
    incident.details = "b"
    incident.save(update_fields=["details"])
    assert incident.version == 3
    assert Incident.objects.get(pk=incident.pk).version == 3


def test_a_save_between_the_check_and_the_write_is_caught_by_the_database(owner, pharmacy):
    """The form's check passed, then someone saved: the UPDATE ... WHERE version matches no row."""
    incident = make_incident(pharmacy, declarant=owner)
    opened = IncidentForm(instance=incident, pharmacy=pharmacy)
    form = IncidentForm(posted(opened, details="Mine"), instance=Incident.objects.get(pk=incident.pk),
                        pharmacy=pharmacy)
    assert form.is_valid()
    theirs = Incident.objects.get(pk=incident.pk)
    theirs.corrective_action = "Theirs"
    theirs.save()

    assert form.save() is None
    assert str(CONFLICT_MESSAGE) in form.non_field_errors()
    assert ("Action corrective", "Theirs", "—") in form.conflict
    assert form["version"].value() == theirs.version
    incident.refresh_from_db()
    assert (incident.details, incident.corrective_action) == ("", "Theirs")


@pytest.mark.django_db(transaction=True)
def test_four_people_saving_the_same_version_at_once_one_wins(pharmacy, owner):
    """Real threads, one connection each: the claim holds in the database, on SQLite as on PostgreSQL."""
    adjoint = MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT).user
    incident = make_incident(pharmacy, declarant=owner)
    url = reverse("registers:incident_edit", args=[incident.pk])
    opened = IncidentForm(instance=incident, pharmacy=pharmacy)
    clients = []
    for user in (owner, adjoint, owner, adjoint):
        client = Client()
        client.force_login(user)
        clients.append(client)
    jobs = [lambda i=i, client=client: client.post(url, posted(opened, details=f"Version {i}")).status_code
            for i, client in enumerate(clients)]
    statuses = run_together(jobs)
    assert sorted(statuses) == [200, 200, 200, 302], statuses
    incident.refresh_from_db()
    assert incident.version == 2 and incident.details == f"Version {statuses.index(302)}"


def test_values_are_shown_as_a_person_reads_them():
    seriousness = Incident._meta.get_field("seriousness")
    with translation.override("fr"):
        assert display_value(forms.Field(), seriousness, 2) == "2 – pourrait influencer le traitement mais corrigeable"
        assert display_value(forms.Field(), None, 3.5) == "3,5"
        assert display_value(forms.Field(), None, True) == "Oui"
        assert display_value(forms.Field(), None, "") == "—"
