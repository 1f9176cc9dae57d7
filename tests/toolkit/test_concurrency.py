"""Two team members change the same tool status: the stale change is refused, both versions shown."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from portal.rules.concurrency import CONFLICT_MESSAGE, EditConflict
from tests.edit_forms import posted
from toolkit.models import ToolStatus

pytestmark = pytest.mark.django_db

DONE, NA = ToolStatus.Status.DONE, ToolStatus.Status.NOT_APPLICABLE


@pytest.fixture
def preparer_client(team):
    client = Client()
    client.force_login(team["preparer"].user)
    return client


def test_a_stale_status_form_is_refused_and_shows_both_versions(member_client, preparer_client, tools, pharmacy):
    url = reverse("toolkit:tool_status", args=[tools["M11"].pk])
    opened_by_preparer = preparer_client.get(url).context["form"]
    member_client.post(url, posted(member_client.get(url).context["form"], status=DONE, note="Fait en réunion"))

    response = preparer_client.post(url, posted(opened_by_preparer, status=NA, note="Pas chez nous"))
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert str(CONFLICT_MESSAGE) in html
    for cell in ("Mis en place", "Non applicable", "Fait en réunion", "Pas chez nous"):
        assert f">{cell}</td>" in html
    status = ToolStatus.objects.for_pharmacy(pharmacy).get(tool=tools["M11"])
    assert (status.status, status.note, status.changes.count()) == (DONE, "Fait en réunion", 1)

    assert preparer_client.post(url, posted(response.context["form"])).status_code == 302
    status.refresh_from_db()
    assert (status.status, status.note) == (NA, "Pas chez nous")


def test_a_stale_bulk_change_leaves_the_newer_status(member_client, preparer_client, tools, pharmacy, owner):
    listing = preparer_client.get(reverse("toolkit:statuses")).content.decode()
    versions = dict(re.findall(r'name="(version-\d+)" value="(\d+)"', listing))
    assert versions[f"version-{tools['C31'].pk}"] == "0"
    ToolStatus.change(pharmacy=pharmacy, tool=tools["C31"], status=NA, by=owner, note="Pas d'accueil")

    response = preparer_client.post(reverse("toolkit:statuses"), {
        "tools": [tools["M11"].pk, tools["C31"].pk], "status": DONE, **versions}, follow=True)
    html = unescape(response.content.decode())
    assert "1 outil passé à « Mis en place »." in html
    assert "ces outils n'ont pas été changés : Check-list accueil (« Non applicable »)" in html
    statuses = {s.tool_id: s.status for s in ToolStatus.objects.for_pharmacy(pharmacy)}
    assert statuses == {tools["M11"].pk: DONE, tools["C31"].pk: NA}


def test_change_refuses_a_version_that_is_not_the_saved_one(tools, pharmacy, owner):
    first = ToolStatus.change(pharmacy=pharmacy, tool=tools["M11"], status=DONE, by=owner, expected_version=0)
    with pytest.raises(EditConflict) as conflict:
        ToolStatus.change(pharmacy=pharmacy, tool=tools["M11"], status=NA, by=owner, expected_version=0)
    assert conflict.value.current.status == DONE
    ToolStatus.change(pharmacy=pharmacy, tool=tools["M11"], status=NA, by=owner, expected_version=first.version)
    assert ToolStatus.objects.get(pk=first.pk).status == NA
