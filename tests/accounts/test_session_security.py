"""Idle sessions end; security events are emailed."""

import pytest
from django.core import mail
from django.urls import reverse

from portal.accounts import middleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = 1_800_000_000.0

    monkeypatch.setattr(middleware.time, "time", lambda: Clock.now)
    return Clock


def test_pharmacy_session_ends_after_eight_idle_hours(clock, member_client, owner, settings):
    assert settings.SESSION_IDLE_TIMEOUT_PHARMACY == 8 * 3600
    url = reverse("accounts:profile")
    assert member_client.get(url).status_code == 200
    clock.now += 7 * 3600
    assert member_client.get(url).status_code == 200, "active within 8 hours: still logged in"
    clock.now += 7 * 3600
    assert member_client.get(url).status_code == 200, "the idle clock restarted at the last request"
    clock.now += 8 * 3600 + 1
    response = member_client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_idle_clock_is_written_at_most_every_five_minutes(clock, member_client):
    url = reverse("accounts:profile")
    member_client.get(url)
    first = member_client.session[middleware.LAST_SEEN]
    assert first == clock.now, "set at login"
    clock.now += 60
    member_client.get(url)
    assert member_client.session[middleware.LAST_SEEN] == first
    clock.now += 300
    member_client.get(url)
    assert member_client.session[middleware.LAST_SEEN] == first + 360


def test_password_change_is_notified_by_email(member_client, owner):
    owner.set_password("ancien-Mot-de-passe-1")
    owner.save()
    member_client.force_login(owner)
    response = member_client.post(
        reverse("account_change_password"),
        {"oldpassword": "ancien-Mot-de-passe-1", "password1": "Nouveau-Mot-de-passe-2", "password2": "Nouveau-Mot-de-passe-2"},
    )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[owner.email]]
    assert "mot de passe" in (mail.outbox[0].subject + mail.outbox[0].body).lower()
