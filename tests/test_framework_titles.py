"""The framework's 4 theme and 35 principle titles are the official ones, verbatim.

`tests/data/framework_titles.txt` copies them from the framework's table of contents (version 1.0):
the CMS content built by the demo loader, and an older database once migrated, must match it.
"""

from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps

from portal.pages import demo
from portal.pages.models import PrinciplePage, Term, ThemePage
from tests.factories import PrinciplePageFactory, ThemePageFactory

pytestmark = pytest.mark.django_db

OFFICIAL = dict(
    line.rstrip("\n").split("\t")
    for line in (Path(__file__).parent / "data" / "framework_titles.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
)
migration = import_module("portal.pages.migrations.0003_official_titles_and_asafo")


def test_the_official_list_has_4_themes_and_35_principles():
    assert sum("." not in number for number in OFFICIAL) == 4
    assert sum("." in number for number in OFFICIAL) == 35


def test_every_cms_title_is_the_official_one():
    demo.load(lambda message: None)
    cms = {str(page.number): page.title for page in ThemePage.objects.all()}
    cms |= {page.number: page.title for page in PrinciplePage.objects.all()}
    assert cms == OFFICIAL
    # The URLs of the renamed principles did not change (links, bookmarks, the demo loader's lookup).
    assert PrinciplePage.objects.get(number="6.7").slug == "6-7-adequation-des-locaux"
    demo.load(lambda message: None)  # still idempotent: no duplicate under a new slug
    assert PrinciplePage.objects.count() == 35


def test_migration_gives_an_older_database_the_official_words(referential):
    theme = ThemePageFactory(parent=referential, number=5, title="Missions et services")
    old = PrinciplePageFactory(parent=theme, number="5.4", title="Prévention et promotion de la santé")
    old.save_revision()
    edited = PrinciplePageFactory(parent=theme, number="5.8", title="Portage à domicile (titre choisi)")
    Term.objects.create(term="ASAFO", definition="Assistant de santé en officine — membre de l'équipe.")

    migration.forwards(apps, None)

    old.refresh_from_db()
    theme.refresh_from_db()
    assert old.title == old.draft_title == OFFICIAL["5.4"]
    assert old.get_latest_revision().content["title"] == OFFICIAL["5.4"]  # the next edit starts from it
    assert theme.title == OFFICIAL["5"]
    edited.refresh_from_db()
    assert edited.title == "Portage à domicile (titre choisi)"  # an administrator's own title is left alone
    asafo = Term.objects.get(term="ASAFO-PHARMA")
    assert "fausses ordonnances" in asafo.definition
    assert not Term.objects.filter(term="ASAFO").exists()
