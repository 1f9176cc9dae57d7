import csv
import datetime
import io
from urllib.parse import quote

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from tests.factories import MembershipFactory, UserFactory
from toolkit.models import ToolStatus, ToolStatusChange

pytestmark = pytest.mark.django_db

DONE, TODO, NA = ToolStatus.Status.DONE, ToolStatus.Status.TODO, ToolStatus.Status.NOT_APPLICABLE

# Mid-October: no self-assessment or attestation reminder is due (portal/rules/campaign.py), so the
# alerts under test are the only ones, whatever day the suite runs.
OUTSIDE_CAMPAIGN = "2026-10-15 10:00:00"


def test_default_status_is_to_implement(member_client, tools):
    html = member_client.get(tools["M11"].url).content.decode()
    assert "Dans mon officine" in html
    assert '<span class="badge badge-danger">À mettre en place</span>' in html


def test_change_from_tool_page_records_history(member_client, tools, pharmacy, team):
    memo = tools["M11"]
    preparer = team["preparer"]
    url = reverse("toolkit:tool_status", args=[memo.pk])
    response = member_client.post(url, {"status": DONE, "responsible": preparer.pk, "note": "Fait en réunion",
                                        "next": memo.url})
    assert response.status_code == 302 and response["Location"] == memo.url
    status = ToolStatus.objects.get(pharmacy=pharmacy, tool=memo)
    assert (status.status, status.note, status.responsible) == (DONE, "Fait en réunion", preparer)
    assert status.updated_by == team["owner"] and status.confirmed_at is not None

    member_client.post(url, {"status": NA, "note": "", "responsible": "", "version": status.version})
    status.refresh_from_db()
    assert status.status == NA and status.confirmed_at is None and status.responsible is None
    history = list(status.changes.order_by("changed_at", "pk").values_list("status", "note", "responsible_name"))
    assert history == [(DONE, "Fait en réunion", preparer.user.get_full_name()), (NA, "", "")]
    html = member_client.get(memo.url).content.decode()
    assert "Historique" in html and "Fait en réunion" in html and "Non applicable" in html


def test_responsible_from_another_team_is_refused_with_a_message(member_client, tools, pharmacy, other_pharmacy):
    stranger = MembershipFactory(pharmacy=other_pharmacy)
    response = member_client.post(
        reverse("toolkit:tool_status", args=[tools["M11"].pk]),
        {"status": DONE, "responsible": stranger.pk, "note": "Ma note"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Le responsable doit être un membre de l&#x27;équipe de l&#x27;officine." in html
    assert "Ma note" in html  # nothing lost
    assert not ToolStatus.objects.exists()


def test_model_refuses_a_responsible_outside_the_team(tools, pharmacy, other_pharmacy, owner):
    stranger = MembershipFactory(pharmacy=other_pharmacy)
    with pytest.raises(ValidationError):
        ToolStatus.change(pharmacy=pharmacy, tool=tools["M11"], status=DONE, by=owner, responsible=stranger)


def test_another_pharmacys_status_is_404(member_client, tools, other_pharmacy):
    other_owner = MembershipFactory(pharmacy=other_pharmacy).user
    theirs = ToolStatus.change(pharmacy=other_pharmacy, tool=tools["M11"], status=DONE, by=other_owner)
    assert member_client.get(reverse("toolkit:status_detail", args=[theirs.pk])).status_code == 404
    assert member_client.post(reverse("toolkit:status_detail", args=[theirs.pk]), {"status": TODO}).status_code == 404
    assert member_client.post(reverse("toolkit:confirm_status", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == DONE and theirs.changes.count() == 1


def test_pharmacies_only_see_their_own_statuses(client, tools, pharmacy, other_pharmacy, owner):
    other_owner = MembershipFactory(pharmacy=other_pharmacy).user
    ToolStatus.change(pharmacy=other_pharmacy, tool=tools["M11"], status=DONE, by=other_owner, note="Chez eux")
    client.force_login(owner)
    html = client.get(reverse("toolkit:statuses")).content.decode()
    assert "Mis en place</span>" not in html
    assert "Chez eux" not in client.get(tools["M11"].url).content.decode()


def test_status_pages_need_a_pharmacy(client, tools):
    assert client.get(reverse("toolkit:statuses")).status_code == 302
    client.force_login(UserFactory())
    response = client.get(reverse("toolkit:statuses"))
    assert response.status_code == 302 and response["Location"] == reverse("pharmacies:none")


def test_bulk_change(member_client, tools, pharmacy, team):
    seen = ToolStatus.change(pharmacy=pharmacy, tool=tools["C31"], status=TODO, by=team["owner"],
                             responsible=team["preparer"])
    response = member_client.post(reverse("toolkit:statuses"), {
        "tools": [tools["M11"].pk, tools["C31"].pk], "status": DONE,
        f"version-{tools['M11'].pk}": "0", f"version-{tools['C31'].pk}": seen.version,
    })
    assert response.status_code == 302
    statuses = {s.tool_id: s for s in ToolStatus.objects.for_pharmacy(pharmacy)}
    assert statuses[tools["M11"].pk].status == DONE and statuses[tools["C31"].pk].status == DONE
    assert statuses[tools["C31"].pk].responsible == team["preparer"]  # kept
    assert tools["P41"].pk not in statuses
    assert ToolStatusChange.objects.for_pharmacy(pharmacy).count() == 3


def test_bulk_change_without_selection_says_so(member_client, tools):
    response = member_client.post(reverse("toolkit:statuses"), {"status": DONE})
    assert "Cochez au moins un outil." in response.content.decode()
    assert not ToolStatus.objects.exists()


def test_statuses_list_filters_by_status(member_client, tools, pharmacy, owner):
    ToolStatus.change(pharmacy=pharmacy, tool=tools["M11"], status=DONE, by=owner)
    response = member_client.get(reverse("toolkit:statuses"), {"status": DONE})
    assert [tool.code for tool, _ in response.context["page_obj"]] == ["M11"]
    response = member_client.get(reverse("toolkit:statuses"), {"status": TODO})
    assert [tool.code for tool, _ in response.context["page_obj"]] == ["C31", "P41"]


@freeze_time(OUTSIDE_CAMPAIGN, tick=True)
def test_major_update_after_implementation_shows_to_review_until_confirmed(member_client, tools, pharmacy, owner):
    memo = tools["M11"]
    status = ToolStatus.change(pharmacy=pharmacy, tool=memo, status=DONE, by=owner)
    ToolStatus.objects.filter(pk=status.pk).update(confirmed_at=timezone.now() - datetime.timedelta(days=30))
    memo.last_major_update = timezone.localdate() - datetime.timedelta(days=2)
    memo.last_major_update_note = "Nouveau script d'appel"
    memo.save_revision().publish()
    status.refresh_from_db()
    assert status.needs_review and str(status.display_label) == "À revoir"
    html = member_client.get(memo.url).content.decode()
    assert "À revoir" in html and "Confirmer la mise en place" in html

    from toolkit.models import Notification
    from toolkit.reminders import send_reminders

    colleague = MembershipFactory(pharmacy=pharmacy).user
    send_reminders()
    alerts = Notification.objects.tool_updates(memo, pharmacy.pk)
    assert alerts.count() == 2 and alerts.unread().count() == 2  # the owner and the colleague
    response = member_client.post(reverse("toolkit:confirm_status", args=[status.pk]), {"next": memo.url})
    assert response.status_code == 302
    status.refresh_from_db()
    assert not status.needs_review and status.status == DONE
    assert status.changes.first().action == ToolStatusChange.Action.CONFIRM
    assert alerts.unread().count() == 0  # confirmed for the team: nobody's alert stays unread
    assert Notification.objects.get(user=colleague).read_at is not None


def test_saving_a_status_returns_to_the_list_it_was_opened_from(member_client, tools, pharmacy, owner):
    listing = reverse("toolkit:statuses") + "?status=todo&theme=4"
    html = member_client.get(listing).content.decode()
    edit = reverse("toolkit:tool_status", args=[tools["M11"].pk]) + "?next=" + quote(listing)
    assert edit.replace("&", "&amp;") in html
    page = member_client.get(edit).content.decode()
    assert f'name="next" value="{listing}"'.replace("&", "&amp;") in page
    response = member_client.post(edit, {"status": DONE, "note": "", "next": listing})
    assert response.status_code == 302 and response["Location"] == listing
    # Opened without a list to return to: the list of statuses, not the public tool page.
    response = member_client.post(reverse("toolkit:tool_status", args=[tools["C31"].pk]), {"status": DONE, "note": ""})
    assert response["Location"] == reverse("toolkit:statuses")
    # Never to another site.
    response = member_client.post(reverse("toolkit:tool_status", args=[tools["P41"].pk]),
                                  {"status": DONE, "note": "", "next": "https://ailleurs.example/"})
    assert response["Location"] == reverse("toolkit:statuses")


def test_export_csv_and_xlsx_neutralise_formulas(member_client, tools, pharmacy, owner):
    ToolStatus.change(pharmacy=pharmacy, tool=tools["M11"], status=DONE, by=owner, note="=HYPERLINK(\"x\")")
    response = member_client.get(reverse("toolkit:export"), {"format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="statuts-outils-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_code = {row["Code"]: row for row in rows}
    assert set(by_code) == {"M11", "C31", "P41"}
    assert by_code["M11"]["Statut"] == "Mis en place" and by_code["C31"]["Statut"] == "À mettre en place"
    assert by_code["M11"]["Note de l’équipe"] == "'=HYPERLINK(\"x\")"
    status = ToolStatus.objects.get(tool=tools["M11"])
    assert by_code["M11"]["Modifié le"] == timezone.localtime(status.updated_at).strftime("%d/%m/%Y %H:%M")  # Paris time

    response = member_client.get(reverse("toolkit:export"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=HYPERLINK(\"x\")" in values and not any(str(v).startswith("=") for v in values if v)


def test_status_page_offers_the_review_confirmation(member_client, tools, pharmacy, owner):
    memo = tools["M11"]
    status = ToolStatus.change(pharmacy=pharmacy, tool=memo, status=DONE, by=owner)
    ToolStatus.objects.filter(pk=status.pk).update(confirmed_at=timezone.now() - datetime.timedelta(days=30))
    memo.last_major_update = timezone.localdate()
    memo.save_revision().publish()
    html = member_client.get(reverse("toolkit:status_detail", args=[status.pk])).content.decode()
    assert "Confirmer la mise en place" in html
    assert reverse("toolkit:confirm_status", args=[status.pk]) in html


def test_the_list_reads_the_live_tools_once_per_publication(member_client, kit, tools, pharmacy, owner, team,
                                                           django_assert_num_queries):
    """The tools (codes, titles, links, types) are shared by every pharmacy until the next
    publication; this pharmacy's statuses are read at each request, so a change is seen at once."""
    from tests.toolkit.factories import ToolPageFactory
    from toolkit import status_list

    url = reverse("toolkit:statuses")
    member_client.get(url)
    with django_assert_num_queries(0):
        assert [tool.code for tool in status_list.live_tools()] == ["C31", "M11", "P41"]
    ToolStatus.change(pharmacy=pharmacy, tool=tools["M11"], status=DONE, by=owner, responsible=team["preparer"])
    html = member_client.get(url).content.decode()
    row = html[html.index(f'id="t-{tools["M11"].pk}"'):][:1200]
    assert "Mis en place" in row and team["preparer"].user.get_full_name() in row
    # A new tool, a new title: seen at once (publishing bumps the site generation).
    ToolPageFactory(parent=kit, code="A01", title="Nouvel outil", principle_numbers=["3.1"])
    tools["C31"].title = "Check-list d'accueil revue"
    tools["C31"].save_revision().publish()
    html = member_client.get(url).content.decode()
    assert "Nouvel outil" in html and "Check-list d&#x27;accueil revue" in html
    assert [tool.code for tool, _ in member_client.get(url).context["page_obj"]] == ["A01", "C31", "M11", "P41"]


def test_the_list_filters_by_type_and_review(member_client, tools, pharmacy, owner):
    status = ToolStatus.change(pharmacy=pharmacy, tool=tools["M11"], status=DONE, by=owner)
    ToolStatus.objects.filter(pk=status.pk).update(confirmed_at=timezone.now() - datetime.timedelta(days=30))
    tools["M11"].last_major_update = timezone.localdate() - datetime.timedelta(days=2)
    tools["M11"].save_revision().publish()
    url = reverse("toolkit:statuses")
    assert [tool.code for tool, _ in member_client.get(url, {"status": "review"}).context["page_obj"]] == ["M11"]
    assert [tool.code for tool, _ in member_client.get(url, {"status": DONE}).context["page_obj"]] == []
    assert [tool.code for tool, _ in member_client.get(url, {"type": "checklist"}).context["page_obj"]] == ["C31"]
    html = member_client.get(url).content.decode()
    assert '<span class="badge badge-warning">À revoir</span>' in html


def test_the_filters_show_the_values_chosen_and_ignore_unknown_ones(member_client, tools):
    """The filter form is a fragment kept in memory for each pair of values: the chosen ones are
    selected, an unknown value selects nothing (and is no key)."""
    url = reverse("toolkit:statuses")
    html = member_client.get(url, {"status": "review", "type": "checklist"}).content.decode()
    assert '<option value="review" selected>À revoir</option>' in html
    assert '<option value="checklist" selected>Check-list</option>' in html
    html = member_client.get(url, {"status": '"><script>', "type": "x"}).content.decode()
    assert " selected>" not in html and "<script>" not in html.split("<main", 1)[1].split("</form>", 1)[0]
    html = member_client.get(url).content.decode()
    assert " selected>" not in html
    # The bulk change offers the statuses, without "À revoir".
    bulk = html[html.index('id="bulk-status"'):].split("</select>", 1)[0]
    assert '<option value="done">Mis en place</option>' in bulk and "review" not in bulk
