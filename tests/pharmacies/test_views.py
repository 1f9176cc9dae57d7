"""Team management, invitations through the web, pharmacy creation and editing."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.pharmacies.models import Invitation, Membership, Pharmacy, invite
from portal.pharmacies.roles import Role
from portal.pharmacies.scoping import SESSION_KEY
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(pharmacy, owner):
    adjoint = MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT)
    preparateur = MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR)
    return {"owner": Membership.objects.get(user=owner), "adjoint": adjoint, "preparateur": preparateur}


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


def test_team_page_for_owner(member_client, team, django_assert_num_queries):
    invite(team["owner"].pharmacy, "attente@exemple.test", Role.AUTRE, team["owner"].user)
    member_client.get(reverse("pharmacies:team"))
    with django_assert_num_queries(3):  # the site, the menu, the person and the unread count cached
        response = member_client.get(reverse("pharmacies:team"))
    html = response.content.decode()
    assert "3 membres" in html
    assert "attente@exemple.test" in html
    assert reverse("pharmacies:remove_member", args=[team["preparateur"].pk]) in html
    # The only owner can neither be demoted nor removed from the page.
    assert "dernier titulaire" in html
    assert reverse("pharmacies:remove_member", args=[team["owner"].pk]) not in html


def test_team_page_query_count_does_not_grow(member_client, team, django_assert_num_queries):
    for _ in range(5):
        MembershipFactory(pharmacy=team["owner"].pharmacy, role=Role.AUTRE)
        invite(team["owner"].pharmacy, f"{_}@exemple.test", Role.AUTRE, team["owner"].user)
    member_client.get(reverse("pharmacies:team"))
    with django_assert_num_queries(3):
        member_client.get(reverse("pharmacies:team"))


def test_members_see_the_team_but_cannot_manage_it(client, team):
    client.force_login(team["preparateur"].user)
    html = client.get(reverse("pharmacies:team")).content.decode()
    assert team["owner"].user.email in html
    assert "Inviter une personne" not in html
    assert client.post(reverse("pharmacies:team"), {"email": "a@exemple.test", "role": "autre"}).status_code == 403
    url = reverse("pharmacies:remove_member", args=[team["adjoint"].pk])
    assert client.post(url).status_code == 403
    assert client.get(reverse("pharmacies:edit")).status_code == 403
    assert Membership.objects.filter(pk=team["adjoint"].pk).exists()
    assert not Invitation.objects.exists()


def test_owner_invites_and_an_email_goes_out(member_client, team):
    response = member_client.post(reverse("pharmacies:team"), {"email": "recrue@exemple.test", "role": "preparateur"})
    assert response.url == reverse("pharmacies:team")
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == ("recrue@exemple.test", "preparateur", team["owner"].user)
    [message] = mail.outbox
    assert message.to == ["recrue@exemple.test"]
    assert message.subject == "[Portail qualité] Invitation à rejoindre l'équipe de Pharmacie du Centre"
    assert f"/officine/invitation/{invitation.token}/" in message.body
    assert "Préparateur" in message.body
    assert "Rejoindre l'équipe" in message.alternatives[0][0]


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("ADJ", "Cette personne fait déjà partie de l&#x27;équipe."),
        ("pas-une-adresse", "Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr."),
    ],
)
def test_invite_errors_are_shown_and_change_nothing(member_client, team, email, error):
    if email == "ADJ":
        email = team["adjoint"].user.email.upper()
    response = member_client.post(reverse("pharmacies:team"), {"email": email, "role": "autre"})
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    assert f'value="{email}"' in html
    assert not Invitation.objects.exists() and not mail.outbox


def test_change_role_and_remove(member_client, team):
    url = reverse("pharmacies:change_role", args=[team["preparateur"].pk])
    member_client.post(url, {"role": "adjoint"})
    assert Membership.objects.get(pk=team["preparateur"].pk).role == Role.ADJOINT
    response = member_client.post(reverse("pharmacies:remove_member", args=[team["adjoint"].pk]), follow=True)
    assert not Membership.objects.filter(pk=team["adjoint"].pk).exists()
    assert "ne fait plus partie de l" in " ".join(messages_of(response))


def test_last_owner_refused_with_a_message(member_client, team):
    owner = team["owner"]
    response = member_client.post(reverse("pharmacies:change_role", args=[owner.pk]), {"role": "autre"}, follow=True)
    assert "L'officine doit garder au moins un titulaire" in " ".join(messages_of(response))
    response = member_client.post(reverse("pharmacies:remove_member", args=[owner.pk]), follow=True)
    assert "dernier titulaire ne peut être ni retiré" in " ".join(messages_of(response))
    owner.refresh_from_db()
    assert owner.role == Role.TITULAIRE


def test_resend_and_cancel(member_client, team):
    invitation = invite(team["owner"].pharmacy, "r@exemple.test", Role.AUTRE, team["owner"].user)
    old = invitation.token
    member_client.post(reverse("pharmacies:resend_invitation", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.token != old
    assert invitation.token in mail.outbox[-1].body
    member_client.post(reverse("pharmacies:cancel_invitation", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None
    html = member_client.get(reverse("pharmacies:team")).content.decode()
    assert reverse("pharmacies:cancel_invitation", args=[invitation.pk]) not in html
    assert "Aucune invitation en attente." in html


# --- Invitation links -------------------------------------------------------------------


def test_newcomer_signs_up_through_the_link_and_joins(client, team):
    invitation = invite(team["owner"].pharmacy, "recrue@exemple.test", Role.PREPARATEUR, team["owner"].user)
    url = reverse("pharmacies:invitation", args=[invitation.token])
    page = client.get(url)
    html = page.content.decode()
    assert "Rejoindre l'équipe de Pharmacie du Centre" in html
    assert "/comptes/signup/?email=recrue%40exemple.test" in html
    response = client.post(
        reverse("account_signup"),
        {
            "email": "recrue@exemple.test",
            "first_name": "Rémi",
            "last_name": "Recrue",
            "kind": "pharmacy",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
        },
    )
    # The link proved the address: no verification email, straight into the team.
    user = User.objects.get(email="recrue@exemple.test")
    assert EmailAddress.objects.get(user=user).verified
    assert response.url == reverse("accounts:home")
    assert client.get(response.url).url == reverse("toolkit:dashboard")
    membership = Membership.objects.get(user=user)
    assert (membership.pharmacy, membership.role) == (team["owner"].pharmacy, Role.PREPARATEUR)
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    # Single use.
    client.logout()
    response = client.get(url)
    assert response.status_code == 410
    assert "déjà été utilisée" in response.content.decode()


def test_existing_user_logs_in_then_joins(client, team, other_pharmacy):
    replacement = MembershipFactory(pharmacy=other_pharmacy, role=Role.ADJOINT).user
    invitation = invite(team["owner"].pharmacy, replacement.email, Role.ADJOINT, team["owner"].user)
    url = reverse("pharmacies:invitation", args=[invitation.token])
    client.get(url)
    response = client.post(f"{reverse('account_login')}?next={url}", {"login": replacement.email, "password": PASSWORD, "next": url})
    assert response.url == url
    assert "Rejoindre l'équipe" in client.get(url).content.decode()
    response = client.post(url)
    assert response.url == reverse("pharmacies:space")
    assert set(Membership.objects.filter(user=replacement).values_list("pharmacy__name", flat=True)) == {
        "Pharmacie du Centre",
        "Pharmacie de la Gare",
    }
    assert client.session[SESSION_KEY] == team["owner"].pharmacy.pk


def test_foreign_invitation_is_refused(client, team):
    invitation = invite(team["owner"].pharmacy, "invitee@exemple.test", Role.AUTRE, team["owner"].user)
    intruder = UserFactory(email="intrus@exemple.test")
    client.force_login(intruder)
    url = reverse("pharmacies:invitation", args=[invitation.token])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 403
        assert "envoyée à invitee@exemple.test" in response.content.decode()
        assert "Me déconnecter et utiliser l'invitation" in response.content.decode()
    assert not Membership.objects.filter(user=intruder).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize("state", ["expired", "cancelled", "unknown"])
def test_dead_links_say_why(client, team, state):
    invitation = invite(team["owner"].pharmacy, "x@exemple.test", Role.AUTRE, team["owner"].user)
    token = invitation.token
    if state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - timedelta(days=8))
        expected, status = "a expiré", 410
    elif state == "cancelled":
        invitation.cancel()
        expected, status = "a été annulée", 410
    else:
        token = "inconnu"
        expected, status = "n&#x27;existe pas", 404
    client.force_login(UserFactory(email="x@exemple.test"))
    url = reverse("pharmacies:invitation", args=[token])
    assert client.post(url).status_code == status
    response = client.get(url)
    assert response.status_code == status
    assert expected in response.content.decode()
    assert not Membership.objects.filter(user__email="x@exemple.test").exists()


# --- Pharmacy creation and editing ------------------------------------------------------


def test_professional_creates_a_pharmacy_and_becomes_owner(client):
    user = UserFactory(kind="pharmacy")
    client.force_login(user)
    response = client.get(reverse("pharmacies:space"), follow=True)
    assert "créez votre officine" in response.content.decode()
    data = {"name": "Pharmacie des Halles", "address": "1 rue des Halles", "postcode": "75001", "city": "Paris", "finess": "750 012 345", "phone": ""}
    response = client.post(reverse("pharmacies:create"), data)
    assert response.url == reverse("pharmacies:team")
    pharmacy = Pharmacy.objects.get(name="Pharmacie des Halles")
    assert pharmacy.finess == "750012345"
    assert Membership.objects.get(user=user).role == Role.TITULAIRE


def test_create_pharmacy_errors(client):
    client.force_login(UserFactory(kind="pharmacy"))
    response = client.post(reverse("pharmacies:create"), {"name": "X", "address": "1 rue", "postcode": "750", "city": "Paris", "finess": "12"})
    html = response.content.decode()
    assert "Le code postal comporte 5 chiffres." in html
    assert "Le numéro FINESS comporte 9 chiffres." in html
    assert not Pharmacy.objects.exists()


def test_students_cannot_create_a_pharmacy(client):
    client.force_login(UserFactory(kind="student"))
    response = client.post(reverse("pharmacies:create"), {"name": "X", "address": "1", "postcode": "75001", "city": "P"}, follow=True)
    assert "Seuls les professionnels de l&#x27;officine" in response.content.decode()
    assert not Pharmacy.objects.exists()


def test_owner_edits_the_current_pharmacy(member_client, pharmacy):
    data = {"name": "Pharmacie du Centre-Ville", "address": "2 rue Neuve", "postcode": "69001", "city": "Lyon", "finess": "", "phone": "04 00 00 00 00"}
    assert member_client.post(reverse("pharmacies:edit"), data).status_code == 302
    pharmacy.refresh_from_db()
    assert pharmacy.name == "Pharmacie du Centre-Ville"


def test_user_without_pharmacy_gets_a_french_message(client):
    client.force_login(UserFactory())
    for name in ("pharmacies:team", "pharmacies:edit", "pharmacies:space"):
        response = client.get(reverse(name), follow=True)
        assert response.redirect_chain[-1][0] == reverse("pharmacies:none")
        assert "créez votre officine ou rejoignez une équipe" in response.content.decode()
    assert client.post(reverse("pharmacies:change_role", args=[1]), {"role": "autre"}).url == reverse("pharmacies:none")
