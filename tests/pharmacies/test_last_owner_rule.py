""""A pharmacy keeps at least one titulaire": one queryset method (`Membership.objects.sole_owners`)
and one message (`LAST_OWNER_MESSAGE`), for the team page, the admin, account deletion and the
admin's user deletion."""

import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from portal.accounts.models import User
from portal.pharmacies.models import LAST_OWNER_MESSAGE, Membership
from portal.pharmacies.roles import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
RULE = str(LAST_OWNER_MESSAGE)


def page_text(response):
    return html.unescape(response.content.decode())


def messages_of(response):
    return " ".join(str(m) for m in response.wsgi_request._messages)


def test_sole_owners_are_the_only_titulaire_of_their_pharmacy(pharmacy, owner):
    alone = Membership.objects.get(user=owner)
    pair = MembershipFactory(role=Role.TITULAIRE)
    MembershipFactory(pharmacy=pair.pharmacy, role=Role.TITULAIRE)
    MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT)
    assert list(Membership.objects.sole_owners()) == [alone]
    assert alone.is_last_owner() and not pair.is_last_owner()


def test_the_team_page_refuses_demoting_or_removing_the_last_titulaire(client, pharmacy, owner):
    client.force_login(owner)
    membership = Membership.objects.get(user=owner)
    team = page_text(client.get(reverse("pharmacies:team")))
    assert reverse("pharmacies:remove_member", args=[membership.pk]) not in team
    demoted = client.post(reverse("pharmacies:change_role", args=[membership.pk]), {"role": Role.ADJOINT}, follow=True)
    removed = client.post(reverse("pharmacies:remove_member", args=[membership.pk]), follow=True)
    assert RULE in messages_of(demoted) and RULE in messages_of(removed)
    assert Membership.objects.get(pk=membership.pk).role == Role.TITULAIRE


def test_the_admin_refuses_demoting_moving_or_removing_the_last_titulaire(admin_client, pharmacy, owner):
    membership = Membership.objects.get(user=owner)
    other = MembershipFactory(role=Role.TITULAIRE).pharmacy
    url = reverse("membership:edit", args=[membership.pk])
    for pharmacy_pk, role in [(pharmacy.pk, Role.ADJOINT), (other.pk, Role.TITULAIRE)]:
        response = admin_client.post(url, {"pharmacy": pharmacy_pk, "user": owner.pk, "role": role})
        assert response.status_code == 200 and RULE in page_text(response)
    removed = admin_client.post(reverse("membership:delete", args=[membership.pk]), follow=True)
    assert RULE in messages_of(removed)
    assert Membership.objects.filter(pk=membership.pk, pharmacy=pharmacy, role=Role.TITULAIRE).exists()


def test_account_deletion_and_the_admins_user_deletion_refuse_the_last_titulaire(admin_client, pharmacy, owner):
    refused = admin_client.post(reverse("wagtailusers_users:delete", args=[owner.pk]), follow=True)
    assert RULE in page_text(refused) and pharmacy.name in page_text(refused)
    assert User.objects.filter(pk=owner.pk).exists()
    admin_client.force_login(owner)
    assert RULE in page_text(admin_client.get(reverse("accounts:my_data")))


def test_the_rule_and_its_message_live_once():
    sources = [
        path for folder in ("portal", "registers", "toolkit", "selfassessment", "templates")
        for path in (settings.BASE_DIR / folder).rglob("*") if path.suffix in {".py", ".html"}
    ]
    text = {path: path.read_text(encoding="utf-8") for path in sources}
    message = [p for p, t in text.items() if "garder au moins un titulaire" in t or "dernier titulaire ne" in t]
    assert message == [Path(settings.BASE_DIR / "portal/pharmacies/models.py")]
    counting = re.compile(r"owner_count|len\(owners\)|owners\(\)\.(exclude|count|filter\(pharmacy=models\.OuterRef)|role == Role\.TITULAIRE\)")
    assert [(p.name, m.group()) for p, t in text.items() for m in counting.finditer(t)] == [
        ("models.py", "owners().filter(pharmacy=models.OuterRef")
    ]
