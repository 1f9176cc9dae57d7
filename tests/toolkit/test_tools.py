import zipfile

from django.core.files.storage import default_storage
from django.urls import reverse

from portal.pages.models import PrinciplePage
from tests.factories import give_totp
from tests.fixtures import login_with_code
from tests.toolkit.factories import ToolPageFactory, make_document
from toolkit.blocks import flowchart_steps
from toolkit.zipper import current_archive

FLOW = {
    "title": "Logigramme",
    "legend": "Légende",
    "steps": [
        {"key": "1", "kind": "action", "text": "Accueillir", "detail": "", "yes_to": "", "no_to": "", "next_to": ""},
        {"key": "2", "kind": "decision", "text": "Ordonnance valide ?", "detail": "", "yes_to": "3", "no_to": "4", "next_to": ""},
        {"key": "3", "kind": "end", "text": "Délivrer", "detail": "", "yes_to": "", "no_to": "", "next_to": ""},
        {"key": "4", "kind": "action", "text": "Appeler le prescripteur", "detail": "", "yes_to": "", "no_to": "", "next_to": "2"},
    ],
}


def test_flowchart_branches_resolve_to_step_numbers():
    steps = flowchart_steps(FLOW)
    assert steps[0]["next_number"] == 2  # an action goes on to the next step
    assert (steps[1]["yes_number"], steps[1]["no_number"]) == (3, 4)
    assert steps[2]["next_number"] is None  # an end leads nowhere
    assert steps[3]["next_number"] == 2  # explicit loop back


def test_tool_page_renders_blocks_files_and_principles(client, kit):
    tool = ToolPageFactory(
        parent=kit, code="P41", title="Dispensation", tool_type="procedure", principle_numbers=["4.1"],
        version="2.0",
        body=[
            ("callout", "<p>Tracer chaque échange.</p>"),
            ("steps", {"title": "Étapes", "steps": ["<p>Premier</p>", "<p>Second</p>"]}),
            ("flowchart", FLOW),
        ],
    )
    tool.pdf_file = make_document("P41 PDF", "p41.pdf")
    tool.save_revision().publish()
    html = client.get(tool.url).content.decode()
    assert "Procédure · P41" in html and "2.0" in html
    assert "À retenir" in html and "Tracer chaque échange." in html
    assert '<ol class="steps-list">' in html and "Second" in html
    # Decision branches are links to their target steps, readable without the drawing.
    assert 'href="#flow-logigramme-3"' in html and 'id="flow-logigramme-4"' in html
    assert "aller à l'étape 4" in html
    assert "Principe 4.1" in html
    assert tool.pdf_file.url in html
    assert "Connectez-vous pour indiquer" in html


def test_listing_filters_by_theme_principle_type_and_search(client, tools, kit):
    def codes(**params):
        response = client.get(kit.url, params)
        assert response.status_code == 200
        return [tool.code for tool in response.context["page_obj"]]

    assert codes() == ["C31", "M11", "P41"]
    assert codes(theme="3") == ["C31", "P41"]
    assert codes(theme="4") == ["M11", "P41"]
    assert codes(principle="4.2") == ["M11"]
    assert codes(type="checklist") == ["C31"]
    assert codes(q="double") == ["M11"]
    assert codes(q="m11") == ["M11"]
    assert codes(theme="3", type="memo") == []
    assert "Aucun outil ne correspond" in client.get(kit.url, {"q": "zzz"}).content.decode()


def test_principle_page_lists_its_tools(client, tools):
    principle = PrinciplePage.objects.get(number="4.1")
    html = client.get(principle.url).content.decode()
    assert "Outils pour ce principe" in html
    assert "Le double contrôle" in html and "Dispensation sur prescription" in html
    assert "Check-list accueil" not in html


def test_zip_holds_every_file_and_is_rebuilt_when_a_tool_changes(client, tools):
    memo = tools["M11"]
    memo.pdf_file = make_document("M11 PDF", "m11.pdf", b"%PDF-1.4 memo")
    memo.editable_file = make_document("M11 ODT", "m11.odt", b"odt")
    memo.save_revision().publish()
    first = current_archive()
    with first.open() as handle, zipfile.ZipFile(handle) as archive:
        assert sorted(archive.namelist()) == ["m11-le-double-controle.odt", "m11-le-double-controle.pdf"]
        assert archive.read("m11-le-double-controle.pdf") == b"%PDF-1.4 memo"
    assert current_archive().name == first.name  # kept: not rebuilt

    checklist = tools["C31"]
    checklist.pdf_file = make_document("C31 PDF", "c31.pdf")
    checklist.save_revision().publish()
    second = current_archive()
    assert second.name != first.name and not default_storage.exists(first.name)
    with second.open() as handle, zipfile.ZipFile(handle) as archive:
        assert len(archive.namelist()) == 3

    response = client.get(reverse("toolkit:download_all"))
    assert response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content)[:2] == b"PK"
    for close in response._resource_closers:
        close()
    html = client.get(tools["M11"].get_parent().url).content.decode()
    assert "Télécharger tous les outils" in html and "3 fichiers" in html


def test_zip_download_without_files_is_404(client, tools):
    assert client.get(reverse("toolkit:download_all")).status_code == 404


def test_tools_by_principle_for_recommendations(tools, django_assert_num_queries):
    from portal.pages.models import tools_by_principle

    with django_assert_num_queries(1):
        result = tools_by_principle(["4.1", "3.1", "5.1"])
        codes = {number: [tool.code for tool in found] for number, found in result.items()}
    assert codes == {"4.1": ["M11", "P41"], "3.1": ["C31"]}


def test_editors_can_create_a_tool_in_the_admin(client, kit, django_user_model):
    admin = django_user_model.objects.create_superuser(username="editeur", email="editeur@exemple.test", password="x")
    give_totp(admin)  # administrators reach the admin only with two-factor authentication
    login_with_code(client, admin)
    url = reverse("wagtailadmin_pages:add", args=["toolkit", "toolpage", kit.pk])
    html = client.get(url).content.decode()
    assert 'name="code"' in html and 'name="principles"' in html and 'name="last_major_update"' in html


def test_publishing_a_tool_rebuilds_the_zip_in_the_background(tools, settings, django_capture_on_commit_callbacks):
    from pathlib import Path

    memo = tools["M11"]
    memo.pdf_file = make_document("M11 PDF", "m11.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        memo.save_revision().publish()
    archives = list((Path(settings.MEDIA_ROOT) / "toolkit").glob("kit-outils-*.zip"))
    assert len(archives) == 1 and Path(settings.MEDIA_ROOT) / current_archive().name == archives[0]
