"""Fixtures of the tool kit tests: a kit with tools tied to the `framework` fixture's principles."""

import datetime

import factory
import pytest
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from portal.pages.models import PrinciplePage
from portal.pharmacies.roles import Role
from tests.factories import MembershipFactory
from toolkit.models import ToolIndexPage, ToolPage


class ToolIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ToolIndexPage

    title = "Kit d'outils"
    slug = "kit-outils"
    show_in_menus = True


class ToolPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ToolPage
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"T{n + 1}")
    title = factory.LazyAttribute(lambda o: f"Outil {o.code}")
    slug = factory.LazyAttribute(lambda o: o.code.lower())
    tool_type = "memo"
    summary = "Résumé de l'outil."
    body = wagtail_factories.StreamFieldFactory({})

    @factory.post_generation
    def principle_numbers(obj, create, extracted, **kwargs):
        if extracted:
            obj.principles.set(PrinciplePage.objects.filter(number__in=extracted))
            obj.save()


def make_document(title, name, content=b"%PDF-1.4 demo"):
    Document = get_document_model()
    document = Document(title=title)
    document.file.save(name, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.file.close()
    document.save()
    return document


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
