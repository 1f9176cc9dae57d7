"""Fixtures shared by all tests: the CMS site tree, pharmacies and their members."""

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.test import RequestFactory
from wagtail.models import Collection, Locale, Page, Site

from portal.pharmacies.roles import Role
from tests.factories import (
    HomePageFactory,
    MembershipFactory,
    PharmacyFactory,
    PrinciplePageFactory,
    ReferentialIndexPageFactory,
    ThemePageFactory,
    UserFactory,
)


@pytest.fixture
def home(db):
    """A HomePage as the default site's root (Wagtail's welcome page removed)."""
    # Transactional tests flush what the migrations created: recreate it when missing.
    Locale.objects.get_or_create(language_code="fr")
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePageFactory(parent=root, slug="accueil")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80}
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home


@pytest.fixture
def referential(home):
    return ReferentialIndexPageFactory(parent=home)


@pytest.fixture
def framework(referential):
    """Two themes with two principles each, numbered like the real framework."""
    themes = []
    for number in (3, 4):
        theme = ThemePageFactory(parent=referential, number=number)
        for index in (1, 2):
            PrinciplePageFactory(parent=theme, number=f"{number}.{index}", title=f"Principe {number}.{index}")
        themes.append(theme)
    return themes


@pytest.fixture
def pharmacy():
    return PharmacyFactory(name="Pharmacie du Centre")


@pytest.fixture
def other_pharmacy():
    return PharmacyFactory(name="Pharmacie de la Gare")


@pytest.fixture
def owner(pharmacy):
    return MembershipFactory(pharmacy=pharmacy, role=Role.TITULAIRE).user


def login_with_code(client, user):
    """Sign `user` in as allauth's login does when the code step is passed (a password, then a
    TOTP code, recorded in the session): the one way for a test to open the admin as an
    administrator, who is refused it after a bare `force_login`."""
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, "password", email=user.email)
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    record_authentication(request, user, "mfa", id=authenticator and authenticator.pk, type=Authenticator.Type.TOTP)
    request.session.save()
    return client


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's `admin_client`, signed in through the code step."""
    return login_with_code(client, admin_user)


@pytest.fixture
def member_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def user_factory(db):
    return UserFactory
