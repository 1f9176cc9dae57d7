"""The emergency-request answer window (EMERGENCY_ANSWER_HOURS): one rule for the queryset and
the property, and every text about it shows the constant."""

import datetime
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from freezegun import freeze_time

from portal.pharmacies.models import Membership
from registers import reminders
from registers.exports import REQUEST_COLUMNS
from registers.models import EmergencyRequest, emergency
from tests.registers.factories import EmergencyRequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("hours", [48, 72])
def test_the_queryset_and_the_property_agree_at_exactly_the_window(pharmacy, monkeypatch, hours):
    monkeypatch.setattr(emergency, "EMERGENCY_ANSWER_HOURS", hours)
    with freeze_time("2026-10-15 10:00:00"):
        now = timezone.now()
        window = datetime.timedelta(hours=hours)
        exactly = EmergencyRequestFactory(pharmacy=pharmacy, sent_at=now - window)
        just_inside = EmergencyRequestFactory(pharmacy=pharmacy, sent_at=now - window + datetime.timedelta(seconds=1))
        answered = EmergencyRequestFactory(pharmacy=pharmacy, sent_at=now - 2 * window,
                                           answer=EmergencyRequest.Answer.REFUSED, answered_on=timezone.localdate())
        overdue = set(EmergencyRequest.objects.for_pharmacy(pharmacy).overdue(now))
        assert overdue == {exactly}
        for request in (exactly, just_inside, answered):
            assert request.is_overdue == (request in overdue)


def test_every_text_about_the_window_shows_the_constant(member_client, pharmacy, monkeypatch):
    monkeypatch.setattr(emergency, "EMERGENCY_ANSWER_HOURS", 72)
    now = timezone.now()
    late = EmergencyRequestFactory(pharmacy=pharmacy, sent_at=now - datetime.timedelta(hours=73))

    page = member_client.get(reverse("registers:emergency_list")).content.decode()
    assert "Sans réponse après 72 heures" in page
    assert "1 demande sans réponse depuis plus de 72 h" in page
    card = render_to_string("registers/_dashboard_card.html", {"card": SimpleNamespace(
        unresolved=0, incidents_year=0, open_actions=0, overdue_actions=0, overdue_requests=2)})
    assert "2 dépannages d'urgence sans réponse après 72 h" in card
    header = REQUEST_COLUMNS[-1][0]
    assert str(header) == "sans réponse après 72 h"
    with translation.override("en"):
        assert str(header) == "no answer after 72 h"
    due = reminders.due_reminders(now, {pharmacy.pk: list(Membership.objects.filter(pharmacy=pharmacy))})
    assert [d.body for d in due if d.key == f"emergency-overdue:{late.pk}"][0].count("après 72 heures") == 1
