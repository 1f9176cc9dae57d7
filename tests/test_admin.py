import pytest
from django.urls import reverse

from portal.pages.models import NewsIndexPage, NewsPage, StandardPage
from tests.factories import UserFactory
from tests.fixtures import login_with_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    admin = UserFactory(email="editeur@exemple.test", is_staff=True, is_superuser=True, totp=True)
    return login_with_code(client, admin)


def test_every_framework_page_opens_in_the_editor(editor_client, framework):
    from wagtail.models import Page

    for page in Page.objects.filter(depth__gt=1):
        response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page


@pytest.mark.parametrize("model", [StandardPage, NewsIndexPage])
def test_editor_can_create_pages_under_home(editor_client, home, model):
    url = reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, home.pk])
    assert editor_client.get(url).status_code == 200


def test_news_page_only_under_news_index(home):
    assert NewsPage not in type(home).allowed_subpage_models()
    assert NewsPage in NewsIndexPage.allowed_subpage_models()


def test_admin_is_closed_to_anonymous_and_plain_users(client, db):
    assert client.get("/admin/").status_code == 302
    client.force_login(UserFactory(email="simple@exemple.test"))
    assert client.get("/admin/").status_code in (302, 403)


def test_editor_creates_a_tool_page_through_the_real_admin_form(editor_client, home, framework):
    """The Wagtail page form, posted as the editor's browser would, creates and publishes the tool."""
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    from portal.pages.models import PrinciplePage
    from tests.toolkit.factories import ToolIndexPageFactory
    from toolkit.models import ToolPage

    kit = ToolIndexPageFactory(parent=home)
    principles = list(PrinciplePage.objects.filter(number__in=["4.1", "4.2"]).values_list("pk", flat=True))
    data = nested_form_data({
        "title": "Le double contrôle",
        "slug": "double-controle",
        "code": "M11",
        "tool_type": "memo",
        "summary": "Un second contrôle pour détecter les erreurs.",
        "body": streamfield([("paragraph", rich_text("<p>Toute erreur est tracée.</p>"))]),
        "version": "1.0",
        "last_major_update": "",
        "last_major_update_note": "",
        "action-publish": "publish",
    })
    data["principles"] = principles  # a multiple choice: one value per box ticked, not nested
    url = reverse("wagtailadmin_pages:add", args=["toolkit", "toolpage", kit.pk])
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    tool = ToolPage.objects.get(code="M11")
    assert tool.live and tool.get_parent().pk == kit.pk
    assert sorted(tool.principles.values_list("number", flat=True)) == ["4.1", "4.2"]
    assert tool.theme_numbers == [4]
    assert "Toute erreur est tracée." in str(tool.body)

    data["code"], data["slug"], data["summary"] = "M12", "autre", ""
    response = editor_client.post(url, data)
    assert response.status_code == 200 and "summary" in response.context["form"].errors
    assert not ToolPage.objects.filter(code="M12").exists()
