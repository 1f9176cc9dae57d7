"""Sign-up, email verification, login and where each kind of user lands."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from portal.accounts.models import User
from portal.pharmacies.roles import Role
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def link_in(message, pattern=r"http://testserver/\S+"):
    return re.search(pattern, message.body).group(0)


def test_signup_verification_then_login(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "nouvelle@exemple.test",
            "first_name": "Nina",
            "last_name": "Roux",
            "kind": "pharmacy",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="nouvelle@exemple.test")
    assert (user.first_name, user.last_name, user.kind) == ("Nina", "Roux", "pharmacy")
    assert user.username  # generated from the address
    assert not EmailAddress.objects.get(user=user).verified

    # Email in French, plain text and HTML.
    [message] = mail.outbox
    assert message.subject == "[Portail qualité] Confirmez votre adresse e-mail"
    assert "Pour confirmer qu'elle est bien la vôtre" in message.body
    html = message.alternatives[0][0]
    assert "Confirmer mon adresse e-mail" in html

    # Not verified yet: login is refused, a new email is sent.
    client.logout()
    response = login(client, "nouvelle@exemple.test", "un-mot-de-passe-solide")
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    confirm_url = link_in(mail.outbox[0])
    page = client.get(confirm_url)
    assert "Confirmer l'adresse e-mail" in page.content.decode()
    client.post(confirm_url)
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = login(client, "nouvelle@exemple.test", "un-mot-de-passe-solide")
    assert response.url == reverse("accounts:home")
    assert client.get(response.url).url == reverse("pharmacies:none")


def test_login_with_wrong_password_shows_french_error(client):
    UserFactory(email="a@exemple.test")
    response = login(client, "a@exemple.test", "mauvais")
    assert response.status_code == 200
    html = response.content.decode()
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in html
    # Announced by screen readers as soon as the page loads (an alert, not just red text).
    alert = html[html.index('role="alert"'):]
    assert alert.index("L’adresse e-mail ou le mot de passe sont incorrects.") < alert.index("</div>")


def test_pages_use_portal_layout(client):
    for name in ("account_login", "account_signup", "account_reset_password"):
        html = client.get(reverse(name)).content.decode()
        assert 'class="site-header"' in html
        assert "css/accounts.css" in html
        assert '<html lang="fr"' in html


def test_password_reset_email_in_french(client):
    UserFactory(email="oubli@exemple.test")
    client.post(reverse("account_reset_password"), {"email": "oubli@exemple.test"})
    [message] = mail.outbox
    assert message.subject == "[Portail qualité] Choisir un nouveau mot de passe"
    reset_url = link_in(message)
    form_url = client.get(reset_url).url  # allauth moves the key into the session
    response = client.post(form_url, {"password1": "nouveau-secret-42", "password2": "nouveau-secret-42"})
    assert response.status_code == 302
    assert login(client, "oubli@exemple.test", "nouveau-secret-42").url == reverse("accounts:home")


def test_email_change_needs_verification(client):
    user = UserFactory(email="ancienne@exemple.test")
    login(client, user.email)
    client.post(reverse("account_email"), {"action_add": "", "email": "nouvelle@exemple.test"})
    user.refresh_from_db()
    assert user.email == "ancienne@exemple.test"  # unchanged until verified
    confirm_url = link_in(mail.outbox[-1])
    client.post(confirm_url)
    user.refresh_from_db()
    assert user.email == "nouvelle@exemple.test"
    assert not EmailAddress.objects.filter(email="ancienne@exemple.test").exists()


@pytest.mark.parametrize(
    ("kind", "role", "superuser", "target"),
    [
        ("pharmacy", Role.PREPARATEUR, False, "toolkit:dashboard"),
        ("pharmacy", None, False, "pharmacies:none"),
        ("student", None, False, "quizzes:courses"),
        ("teacher", None, False, "quizzes:courses"),
        ("pharmacy", None, True, "wagtailadmin_home"),
    ],
)
def test_each_kind_lands_somewhere_useful(client, kind, role, superuser, target):
    user = UserFactory(kind=kind, is_superuser=superuser, is_staff=superuser)
    if role:
        MembershipFactory(user=user, role=role)
    response = login(client, user.email)
    assert response.url == reverse("accounts:home")
    assert client.get(response.url).url == reverse(target)


def test_rate_limit_on_failed_logins(client):
    UserFactory(email="cible@exemple.test")
    for _ in range(5):
        login(client, "cible@exemple.test", "mauvais")
    response = login(client, "cible@exemple.test", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trop de tentatives" in html
    assert "_auth_user_id" not in client.session
