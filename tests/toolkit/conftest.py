"""Fixtures of the tool kit tests: a kit with tools tied to the `framework` fixture's principles."""

import datetime

import pytest

from portal.pharmacies.roles import Role
from tests.factories import MembershipFactory
from tests.toolkit.factories import ToolIndexPageFactory, ToolPageFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded documents and the ZIP go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def kit(home, framework):
    return ToolIndexPageFactory(parent=home)


@pytest.fixture
def tools(kit):
    """M11 (theme 4, principles 4.1 and 4.2), C31 (theme 3) and P41 (themes 3 and 4)."""
    memo = ToolPageFactory(parent=kit, code="M11", title="Le double contrôle", principle_numbers=["4.1", "4.2"],
                           body=[("callout", "<p>Toute erreur est tracée.</p>")])
    checklist = ToolPageFactory(parent=kit, code="C31", title="Check-list accueil", tool_type="checklist",
                                principle_numbers=["3.1"])
    procedure = ToolPageFactory(parent=kit, code="P41", title="Dispensation sur prescription",
                                tool_type="procedure", principle_numbers=["3.2", "4.1"])
    return {"M11": memo, "C31": checklist, "P41": procedure}


@pytest.fixture
def owner(pharmacy):
    return MembershipFactory(pharmacy=pharmacy, role=Role.TITULAIRE).user


@pytest.fixture
def team(pharmacy, owner):
    preparer = MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR)
    return {"owner": owner, "preparer": preparer}


@pytest.fixture
def past():
    return datetime.date(2026, 1, 1)
