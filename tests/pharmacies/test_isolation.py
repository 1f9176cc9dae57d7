"""A member of one pharmacy never reaches the other's team: every lookup is a 404."""

import pytest
from django.urls import reverse

from portal.pharmacies.models import Invitation, Membership, invite
from portal.pharmacies.roles import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_team(other_pharmacy):
    owner = MembershipFactory(pharmacy=other_pharmacy, role=Role.TITULAIRE)
    member = MembershipFactory(pharmacy=other_pharmacy, role=Role.PREPARATEUR)
    invitation = invite(other_pharmacy, "gare@exemple.test", Role.AUTRE, owner.user)
    return {"owner": owner, "member": member, "invitation": invitation}


def other_urls(other_team):
    return [
        reverse("pharmacies:change_role", args=[other_team["member"].pk]),
        reverse("pharmacies:change_role", args=[other_team["owner"].pk]),
        reverse("pharmacies:remove_member", args=[other_team["member"].pk]),
        reverse("pharmacies:remove_member", args=[other_team["owner"].pk]),
        reverse("pharmacies:resend_invitation", args=[other_team["invitation"].pk]),
        reverse("pharmacies:cancel_invitation", args=[other_team["invitation"].pk]),
    ]


def test_owner_of_one_pharmacy_gets_404_on_the_others_objects(member_client, other_team):
    for url in other_urls(other_team):
        assert member_client.post(url, {"role": "autre"}).status_code == 404, url
    response = member_client.post(reverse("pharmacies:switch"), {"pharmacy": other_team["owner"].pharmacy_id})
    assert response.status_code == 404
    # Nothing changed over there.
    assert Membership.objects.for_pharmacy(other_team["owner"].pharmacy).count() == 2
    assert Membership.objects.get(pk=other_team["member"].pk).role == Role.PREPARATEUR
    invitation = Invitation.objects.get(pk=other_team["invitation"].pk)
    assert invitation.cancelled_at is None and invitation.token == other_team["invitation"].token


def test_team_and_pharmacy_pages_only_show_the_current_pharmacy(member_client, other_team):
    for name in ("pharmacies:team", "pharmacies:edit", "toolkit:dashboard"):
        html = member_client.get(reverse(name)).content.decode()
        assert "Pharmacie du Centre" in html
        assert "Pharmacie de la Gare" not in html
        assert other_team["member"].user.email not in html
        assert "gare@exemple.test" not in html


def test_a_session_pointing_at_another_pharmacy_falls_back_to_ones_own(member_client, other_team):
    session = member_client.session
    session["current_pharmacy_id"] = other_team["owner"].pharmacy_id
    session.save()
    html = member_client.get(reverse("pharmacies:team")).content.decode()
    assert "Pharmacie du Centre" in html and "Pharmacie de la Gare" not in html


def test_replacement_pharmacist_switches_between_pharmacies(client, pharmacy, other_team):
    replacement = MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT).user
    MembershipFactory(pharmacy=other_team["owner"].pharmacy, user=replacement, role=Role.ADJOINT)
    client.force_login(replacement)
    html = client.get(reverse("pharmacies:team")).content.decode()
    assert 'id="pharmacy-switch"' in html
    response = client.post(
        reverse("pharmacies:switch"), {"pharmacy": other_team["owner"].pharmacy_id, "next": reverse("pharmacies:team")}
    )
    assert response.url == reverse("pharmacies:team")
    html = client.get(reverse("pharmacies:team")).content.decode()
    assert other_team["member"].user.email in html
    # An adjoint sees the team but may not manage it.
    url = reverse("pharmacies:remove_member", args=[other_team["member"].pk])
    assert client.post(url).status_code == 403
