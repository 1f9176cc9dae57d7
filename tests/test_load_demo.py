import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Site

from portal.pages.models import HomePage, NewsPage, PrinciplePage, ThemePage


@pytest.mark.django_db
def test_load_demo_builds_framework_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    assert ThemePage.objects.count() == 4
    assert PrinciplePage.objects.count() == 35
    assert sorted(ThemePage.objects.values_list("number", flat=True)) == [3, 4, 5, 6]
    assert PrinciplePage.objects.filter(number="4.1", title__startswith="Dispensation en officine").exists()
    assert NewsPage.objects.count() == 3
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title__startswith="Welcome").exists()
    # First steps and FAQ in the menu; the patient poster about the double check in the kit.
    from portal.pages.models import StandardPage, Term
    from toolkit.models import ToolPage

    for slug, words in (("je-me-lance", "Planifier les améliorations"), ("questions-frequentes", "attestation")):
        page = StandardPage.objects.get(slug=slug)
        assert page.live and page.show_in_menus and words in str(page.body)
    poster = ToolPage.objects.get(code="M12")
    assert "Nous pratiquons le double contrôle" in str(poster.body) and poster.pdf_file and poster.editable_file
    assert Term.objects.count() >= 20

    before = {model: model.objects.count() for model in (Page, PrinciplePage, NewsPage)}
    latest = Page.objects.order_by("-latest_revision_created_at").values_list("latest_revision_created_at", flat=True).first()
    call_command("load_demo", verbosity=0)
    assert {model: model.objects.count() for model in before} == before
    assert Page.objects.order_by("-latest_revision_created_at").values_list("latest_revision_created_at", flat=True).first() == latest


@pytest.mark.django_db
def test_load_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", verbosity=0)
