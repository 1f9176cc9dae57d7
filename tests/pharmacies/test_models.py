"""Team rules on the models: last owner, invitations' life cycle."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.pharmacies.models import Invitation, Membership, TeamRuleError, invite
from portal.pharmacies.roles import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_last_owner_cannot_be_demoted_or_removed(pharmacy, owner):
    membership = Membership.objects.get(user=owner)
    with pytest.raises(TeamRuleError, match="au moins un titulaire"):
        membership.change_role(Role.ADJOINT)
    with pytest.raises(TeamRuleError, match="dernier titulaire"):
        membership.remove()
    membership.refresh_from_db()
    assert membership.role == Role.TITULAIRE


def test_an_owner_can_step_down_when_another_remains(pharmacy, owner):
    MembershipFactory(pharmacy=pharmacy, role=Role.TITULAIRE)
    membership = Membership.objects.get(user=owner)
    membership.change_role(Role.ADJOINT)
    assert Membership.objects.get(user=owner).role == Role.ADJOINT
    membership.remove()
    assert not Membership.objects.filter(user=owner).exists()


def test_invitation_accepted_once(pharmacy, owner):
    invitation = invite(pharmacy, "Nouveau@Exemple.test", Role.PREPARATEUR, owner)
    user = UserFactory(email="nouveau@exemple.test")
    membership = invitation.accept(user)
    assert (membership.pharmacy, membership.role) == (pharmacy, Role.PREPARATEUR)
    with pytest.raises(TeamRuleError, match="déjà été utilisée"):
        invitation.accept(user)
    with pytest.raises(TeamRuleError, match="déjà été utilisée"):
        Invitation.objects.get(pk=invitation.pk).accept(UserFactory(email="nouveau2@exemple.test"))


def test_invitation_expires_after_seven_days(pharmacy, owner):
    invitation = invite(pharmacy, "tard@exemple.test", Role.AUTRE, owner)
    invitation.sent_at = timezone.now() - timedelta(days=7, minutes=1)
    invitation.save()
    assert not Invitation.objects.pending().exists()
    with pytest.raises(TeamRuleError, match="expiré"):
        invitation.accept(UserFactory(email="tard@exemple.test"))
    invitation.sent_at = timezone.now() - timedelta(days=6, hours=23)
    invitation.save()
    assert invitation.is_pending


def test_invitation_only_for_the_invited_address(pharmacy, owner):
    invitation = invite(pharmacy, "invitee@exemple.test", Role.AUTRE, owner)
    with pytest.raises(TeamRuleError, match="autre adresse"):
        invitation.accept(UserFactory(email="intrus@exemple.test"))
    assert not Membership.objects.filter(user__email="intrus@exemple.test").exists()


def test_cannot_invite_a_member_or_twice(pharmacy, owner):
    with pytest.raises(TeamRuleError, match="fait déjà partie"):
        invite(pharmacy, owner.email.upper(), Role.AUTRE, owner)
    invite(pharmacy, "deux@exemple.test", Role.AUTRE, owner)
    with pytest.raises(TeamRuleError, match="déjà en attente"):
        invite(pharmacy, "DEUX@exemple.test", Role.ADJOINT, owner)


def test_renew_replaces_the_link_and_cancel_stops_it(pharmacy, owner):
    invitation = invite(pharmacy, "x@exemple.test", Role.AUTRE, owner)
    old_token = invitation.token
    invitation.sent_at = timezone.now() - timedelta(days=8)
    invitation.save()
    invitation.renew()
    assert invitation.token != old_token and invitation.is_pending
    invitation.cancel()
    with pytest.raises(TeamRuleError, match="annulée"):
        invitation.accept(UserFactory(email="x@exemple.test"))
    with pytest.raises(TeamRuleError):
        invitation.renew()
