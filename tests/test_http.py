"""Issue 21, item 3: every redirect to a target taken from the request (`next`) stays on this
site (portal/infrastructure/http.py). Before the fix, the state of an improvement action followed
`next=//evil.example/`."""

import pytest
from django.urls import reverse

from registers.models import ImprovementAction
from tests.factories import PharmacyFactory, UserFactory
from tests.registers.factories import make_sheet
from tests.toolkit.factories import ToolIndexPageFactory, ToolPageFactory
from toolkit.models import ToolStatus

pytestmark = pytest.mark.django_db

OUTSIDE = ["//evil.example/", "https://evil.example/", "/\\evil.example", "http://evil.example"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tool(home, framework):
    return ToolPageFactory(parent=ToolIndexPageFactory(parent=home), code="M11", principle_numbers=["4.1"])


def action_status(client, pharmacy, owner, target):
    action = make_sheet(pharmacy, owner).actions.get()
    response = client.post(reverse("registers:action_status", args=[action.pk]), {"status": "done", "version": action.version, "next": target})
    assert ImprovementAction.objects.get(pk=action.pk).status == "done"  # the change is kept
    return response, action.sheet.get_absolute_url()


def tool_status(client, pharmacy, owner, target, tool):
    url = reverse("toolkit:tool_status", args=[tool.pk])
    return client.post(url, {"status": ToolStatus.Status.DONE, "note": "", "next": target}), reverse("toolkit:statuses")


def confirm_status(client, pharmacy, owner, target, tool):
    status = ToolStatus.change(pharmacy=pharmacy, tool=tool, status=ToolStatus.Status.DONE, by=owner)
    return client.post(reverse("toolkit:confirm_status", args=[status.pk]), {"next": target}), tool.url


def mark_read(client, pharmacy, owner, target):
    return client.post(reverse("toolkit:mark_all_read"), {"next": target}), reverse("toolkit:notifications")


def switch_pharmacy(client, pharmacy, owner, target):
    second = PharmacyFactory()
    second.memberships.create(user=owner, role=owner.memberships.get().role)
    response = client.post(reverse("pharmacies:switch"), {"pharmacy": second.pk, "next": target})
    return response, reverse("pharmacies:space")


def admin_login(client, pharmacy, owner, target):
    return client.get(reverse("admin_login"), {"next": target}), reverse("wagtailadmin_home")


def frontend_login(client, pharmacy, owner, target):
    return client.get(reverse("frontend_login"), {"next": target}), reverse("accounts:home")


def mfa_required(client, pharmacy, owner, target):
    return client.get(reverse("accounts:mfa_required"), {"next": target}), reverse("wagtailadmin_home")


PLACES = [action_status, tool_status, confirm_status, mark_read, switch_pharmacy, admin_login, frontend_login, mfa_required]


@pytest.mark.parametrize("target", OUTSIDE)
@pytest.mark.parametrize("place", PLACES, ids=lambda place: place.__name__)
def test_an_outside_next_is_never_followed(request, member_client, pharmacy, owner, place, target):
    extra = [request.getfixturevalue("tool")] if place in (tool_status, confirm_status) else []
    response, fallback = place(member_client, pharmacy, owner, target, *extra)
    assert response.status_code == 302
    assert response.url == fallback


@pytest.mark.parametrize("place", [action_status, mark_read, admin_login], ids=lambda place: place.__name__)
def test_a_next_on_this_site_is_followed(member_client, pharmacy, owner, place):
    response, _fallback = place(member_client, pharmacy, owner, "/ma-dqo/outils/?status=done")
    assert response.url == "/ma-dqo/outils/?status=done"


def test_a_plain_user_is_sent_back_from_the_mfa_page(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:mfa_required"), {"next": "//evil.example/"}).url == reverse("wagtailadmin_home")
