"""Two-factor authentication: enrolment, then login with a TOTP code or a recovery code."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def login(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


@pytest.fixture
def enrolled(client):
    """A user who turned TOTP on from their account page; returns (user, secret)."""
    user = UserFactory()
    login(client, user)
    # Turning MFA on asks for the password again.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "Activer l'application d'authentification" in page.content.decode()
    secret = client.session[SECRET_SESSION_KEY]

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000" if current_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    client.post(reverse("account_logout"))
    # A code works once per 30-second step: forget the enrolment code as if time had passed.
    cache.clear()
    return user, secret


def test_login_asks_for_totp_code(client, enrolled):
    user, secret = enrolled
    response = login(client, user)
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    assert "Double authentification" in page.content.decode()

    bad = client.post(reverse("mfa_authenticate"), {"code": "123"})
    assert bad.status_code == 200 and "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.url == reverse("accounts:home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_with_recovery_code_works_once(client, enrolled):
    user, _secret = enrolled
    codes = RecoveryCodes(Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES))
    code = codes.get_unused_codes()[0]

    login(client, user)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.url == reverse("accounts:home")
    client.post(reverse("account_logout"))

    login(client, user)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_mfa_index_shows_state(client, enrolled):
    user, secret = enrolled
    login(client, user)
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    html = client.get(reverse("mfa_index")).content.decode()
    assert "Activée" in html
    assert "10 codes de secours sur 10 encore utilisables." in html
    assert "activée" in client.get(reverse("accounts:account")).content.decode()
