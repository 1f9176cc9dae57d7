"""The audit record of an account deletion keeps who did it: the person themself (their name and
role, never their e-mail) or the administrator who deleted them in the Wagtail admin."""

import pytest
from django.urls import reverse

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.pharmacies.roles import Role
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
DELETED = AuditEvent.Action.ACCOUNT_DELETED


def no_email_in(event, email):
    return email not in " ".join([event.actor_name, event.target, str(event.details)])


@pytest.mark.parametrize(("first_name", "last_name", "expected"), [
    ("Claire", "Durand", "Claire Durand"),
    ("", "", "Préparateur"),  # no name: their role, not their e-mail
])
def test_a_person_deleting_their_account_stays_the_author_of_the_record(
        client, pharmacy, owner, first_name, last_name, expected):
    user = MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR,
                             user=UserFactory(first_name=first_name, last_name=last_name)).user
    email = user.email
    client.force_login(user)
    response = client.post(reverse("accounts:delete_account"), {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 302 and not User.objects.filter(email=email).exists()
    event = AuditEvent.objects.get(action=DELETED)
    assert event.pharmacy == pharmacy and event.actor is None  # the account is gone, its name stays
    assert event.actor_name == expected and event.target == "ancien membre (Préparateur)"
    assert event.details == {"actor_role": "Préparateur", "by_administrator": False}
    assert no_email_in(event, email)


def test_an_administrator_deleting_a_user_in_the_admin_is_recorded(admin_client, admin_user, pharmacy, owner):
    user = MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT).user
    response = admin_client.post(reverse("wagtailusers_users:delete", args=[user.pk]))
    assert response.status_code == 302 and not User.objects.filter(pk=user.pk).exists()
    event = AuditEvent.objects.get(action=DELETED)
    assert (event.actor, event.pharmacy) == (admin_user, pharmacy)
    assert event.actor_name == admin_user.get_full_name() and event.target == "ancien membre (Pharmacien adjoint)"
    assert event.details["by_administrator"] is True
    assert no_email_in(event, user.email)


def test_a_user_without_pharmacy_deleted_by_an_administrator_is_recorded_too(admin_client, admin_user):
    student = UserFactory()
    admin_client.post(reverse("wagtailusers_users:delete", args=[student.pk]))
    event = AuditEvent.objects.get(action=DELETED)
    assert (event.actor, event.pharmacy, event.target) == (admin_user, None, "ancien membre")


def test_the_admin_cannot_delete_a_pharmacys_last_owner(admin_client, pharmacy, owner):
    response = admin_client.post(reverse("wagtailusers_users:delete", args=[owner.pk]), follow=True)
    assert "dernier titulaire" in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists() and not AuditEvent.objects.exists()


def test_a_bulk_deletion_in_the_admin_is_recorded(admin_client, admin_user, pharmacy, owner):
    users = [MembershipFactory(pharmacy=pharmacy, role=Role.PREPARATEUR).user for _ in range(2)]
    url = reverse("wagtail_bulk_action", args=["accounts", "user", "delete"])
    query = "&".join(f"id={user.pk}" for user in users)
    response = admin_client.post(f"{url}?{query}&next=/admin/users/")
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[u.pk for u in users]).exists()
    events = AuditEvent.objects.filter(action=DELETED)
    assert events.count() == 2 and {e.actor for e in events} == {admin_user}
    refused = admin_client.post(f"{url}?id={owner.pk}&next=/admin/users/", follow=True)
    assert "dernier titulaire" in refused.content.decode() and User.objects.filter(pk=owner.pk).exists()
