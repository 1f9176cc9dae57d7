import re

import pytest
from django.urls import reverse

from portal.accounts.forms import ProfileForm
from portal.accounts.validators import validate_rpps
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID_RPPS = "10003456786"


def test_rpps_validator():
    validate_rpps(VALID_RPPS)
    validate_rpps("")
    with pytest.raises(Exception, match="exactement 11 chiffres"):
        validate_rpps("1234")
    with pytest.raises(Exception, match="n'est pas valide"):
        validate_rpps("10003456787")


@pytest.mark.parametrize(
    ("rpps", "error"),
    [
        ("10003456787", "Ce numéro RPPS n'est pas valide : vérifiez-le sur votre carte CPS."),
        ("1000345678A", "Le numéro RPPS doit comporter exactement 11 chiffres."),
    ],
)
def test_profile_refuses_wrong_rpps_and_keeps_input(client, rpps, error):
    user = UserFactory(first_name="Léa", rpps="")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Léa", "last_name": "Nouveau", "kind": "pharmacy", "rpps": rpps},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert error.replace("'", "&#x27;") in html
    assert 'value="Nouveau"' in html  # nothing lost
    user.refresh_from_db()
    assert user.rpps == "" and user.last_name != "Nouveau"  # nothing changed


def test_profile_saves(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Paul", "last_name": "Petit", "kind": "pharmacy", "rpps": "1000 3456 786"},
    )
    assert response.url == reverse("accounts:account")
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.rpps) == ("Paul", "Petit", VALID_RPPS)


def test_profile_requires_names():
    form = ProfileForm(data={"first_name": "", "last_name": "", "kind": "student", "rpps": ""})
    assert set(form.errors) == {"first_name", "last_name"}


def test_account_page_lists_security_links_and_pharmacies(client, django_assert_num_queries):
    membership = MembershipFactory()
    client.force_login(membership.user)
    client.get(reverse("accounts:account"))  # warm the session
    with django_assert_num_queries(4):  # session, MFA, the page's memberships, whether a password is set (site, menu, person, permissions, unread count cached)
        response = client.get(reverse("accounts:account"))
    html = response.content.decode()
    for name in ("account_email", "account_change_password", "mfa_index", "accounts:profile"):
        assert reverse(name) in html
    assert membership.pharmacy.name in html
    assert "désactivée" in html


def test_account_pages_need_login(client):
    for name in ("accounts:account", "accounts:profile"):
        response = client.get(reverse(name))
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("account_email", "Adresse e-mail"),
        ("account_change_password", "Changer de mot de passe"),
        ("mfa_index", "Double authentification"),
        ("account_logout", "Se déconnecter"),
        ("account_reauthenticate", "Confirmer l.accès"),  # regex: the apostrophe varies
        ("accounts:profile", "Mon profil"),
    ],
)
def test_account_pages_in_french_in_the_portal_layout(client, name, heading):
    client.force_login(UserFactory())
    html = client.get(reverse(name)).content.decode()
    assert 'class="site-header"' in html
    assert ('class="account-nav"' in html) == (name not in {"account_logout", "account_reauthenticate"})
    assert re.search(rf"<h1>\s*{heading}\s*</h1>", html)
    for english in ("Sign In", "Sign Out", "Email Address", "Change Password", "Two-Factor"):
        assert english not in html
