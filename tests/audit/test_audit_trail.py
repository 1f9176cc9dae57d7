"""The audit trail: sensitive actions are recorded, owners see their pharmacy's, administrators all."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from portal.audit.models import AuditEvent, record
from portal.pharmacies.models import Membership
from portal.pharmacies.roles import Role
from tests.exports.helpers import exported
from tests.factories import MembershipFactory
from tests.fixtures import login_with_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(pharmacy, owner):
    return {
        "owner": Membership.objects.get(user=owner),
        "adjoint": MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT),
        "preparateur": MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR),
    }


def test_role_change_and_removal_are_recorded_and_shown_to_the_owner(member_client, team, owner, pharmacy):
    member_client.post(reverse("pharmacies:change_role", args=[team["preparateur"].pk]), {"role": "adjoint"})
    member_client.post(reverse("pharmacies:remove_member", args=[team["adjoint"].pk]))
    events = list(AuditEvent.objects.for_pharmacy(pharmacy))
    assert [e.action for e in events] == [AuditEvent.Action.MEMBER_REMOVED, AuditEvent.Action.ROLE_CHANGED]
    assert events[1].details == {"before": "Préparateur", "after": "Pharmacien adjoint"}
    assert all(e.actor == owner for e in events)
    html = member_client.get(reverse("pharmacies:audit")).content.decode()
    assert "Membre retiré de l&#x27;équipe" in html and "Préparateur → Pharmacien adjoint" in html


def test_the_trail_keeps_its_author_after_an_account_is_deleted(team, pharmacy):
    author = team["adjoint"].user
    record(AuditEvent.Action.ATTESTATION_GENERATED, author, pharmacy=pharmacy, target="ABCD")
    name = author.get_full_name()
    author.delete()
    event = AuditEvent.objects.get()
    assert event.actor is None and event.actor_name == name


def test_owners_see_only_their_pharmacy_and_other_members_are_refused(client, team, pharmacy, other_pharmacy, owner):
    record(AuditEvent.Action.ROLE_CHANGED, owner, pharmacy=pharmacy, target="Chez nous")
    record(AuditEvent.Action.ROLE_CHANGED, None, pharmacy=other_pharmacy, target="Ailleurs")
    client.force_login(owner)
    html = client.get(reverse("pharmacies:audit")).content.decode()
    assert "Chez nous" in html and "Ailleurs" not in html
    client.force_login(team["preparateur"].user)
    assert client.get(reverse("pharmacies:audit")).status_code in (403, 404)


def test_administrators_read_and_export_the_whole_trail(admin_user, pharmacy, owner):
    record(AuditEvent.Action.NAMED_EXPORT, owner, pharmacy=None, target="=Résultats nominatifs")
    record(AuditEvent.Action.ATTESTATION_GENERATED, owner, pharmacy=pharmacy, target="ABCD-EFGH")
    client = Client()
    login_with_code(client, admin_user)
    page = client.get(reverse("audit_trail"))
    assert page.status_code == 200
    assert "Export de données nominatives" in page.content.decode() and "ABCD-EFGH" in page.content.decode()
    export = exported(client, reverse("audit_trail"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["date", "action", "auteur", "officine", "objet"]
    assert [rows[2][1], rows[2][4]] == ["Export de données nominatives", "'=Résultats nominatifs"]


def test_staff_without_the_permission_cannot_read_the_trail(db):
    from tests.factories import UserFactory

    editor = UserFactory(is_staff=True, totp=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = login_with_code(Client(), editor)
    assert client.get(reverse("audit_trail")).status_code in (302, 403)
