import pytest
from django.urls import reverse

from portal.pages.models import NewsIndexPage, NewsPage, StandardPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    admin = UserFactory(email="editeur@exemple.test", is_staff=True, is_superuser=True, totp=True)
    client.force_login(admin)
    return client


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
