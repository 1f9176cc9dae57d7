"""Fixtures shared by all tests: the CMS site tree, pharmacies and their members."""

import pytest
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


@pytest.fixture
def member_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def user_factory(db):
    return UserFactory
