"""The signed-in person comes from the cache (portal/accounts/backends.py), and is never stale:
a deactivation, a new password, a removal from a team, a new role or a renamed pharmacy is seen by
the very next request."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.accounts.backends import AuthenticationBackend, ModelBackend
from portal.pharmacies.models import Membership
from portal.pharmacies.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_the_person_and_their_teams_come_from_the_cache(backend, owner, pharmacy, django_assert_num_queries):
    first = backend().get_user(owner.pk)
    assert first == owner
    with django_assert_num_queries(0):
        again = backend().get_user(owner.pk)
        memberships = again.cached_memberships
        assert [(m.pharmacy.name, m.role, m.user is again) for m in memberships] == [
            ("Pharmacie du Centre", Role.TITULAIRE, True)
        ]


def test_a_signed_in_page_loads_neither_the_user_nor_the_membership(member_client, owner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("selfassessment:index")
    assert member_client.get(url).status_code == 200  # the first request caches the person
    with CaptureQueriesContext(connection) as captured:
        assert member_client.get(url).status_code == 200
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert captured.captured_queries  # the page's own queries still run
    assert 'FROM "accounts_user" WHERE "accounts_user"."id" =' not in sql
    assert '"pharmacies_membership"."user_id" =' not in sql


def test_a_deactivated_account_is_signed_out_at_the_next_request(member_client, owner):
    url = reverse("toolkit:dashboard")
    assert member_client.get(url).status_code == 200
    owner.is_active = False
    owner.save()
    response = member_client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_new_password_ends_the_other_sessions(owner):
    other_browser = Client()
    other_browser.force_login(owner)
    url = reverse("toolkit:dashboard")
    assert other_browser.get(url).status_code == 200
    owner.set_password("un-nouveau-mot-de-passe-solide")
    owner.save()
    response = other_browser.get(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_removed_from_the_team_the_pharmacy_is_out_of_reach_at_once(member_client, owner, pharmacy):
    url = reverse("toolkit:dashboard")
    assert member_client.get(url).status_code == 200
    Membership.objects.filter(user=owner).delete()
    response = member_client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("pharmacies:none")


def test_a_new_role_applies_at_once(member_client, owner, pharmacy):
    url = reverse("pharmacies:team")
    assert "Inviter une personne" in member_client.get(url).content.decode()
    membership = Membership.objects.get(user=owner)
    membership.role = Role.PREPARATEUR
    membership.save()
    assert backend_role(owner) == Role.PREPARATEUR
    assert "Inviter une personne" not in member_client.get(url).content.decode()


def backend_role(user):
    return ModelBackend().get_user(user.pk).cached_memberships[0].role


def test_a_renamed_pharmacy_shows_its_new_name_to_its_members(member_client, pharmacy):
    url = reverse("toolkit:dashboard")
    assert "Pharmacie du Centre" in member_client.get(url).content.decode()
    pharmacy.name = "Pharmacie des Remparts"
    pharmacy.save()
    html = member_client.get(url).content.decode()
    assert "Pharmacie des Remparts" in html and "Pharmacie du Centre" not in html


def test_the_cache_never_holds_the_password_hash_and_saving_the_cached_person_keeps_it(owner):
    import pickle

    from django.core.cache import cache

    from portal.caching.values import ACCOUNT_KEY, _version

    owner.set_password("un-mot-de-passe-bien-long")
    owner.save()
    cached = ModelBackend().get_user(owner.pk)
    stored = cache.get(f"portal:account:{owner.pk}:{_version(ACCOUNT_KEY.format(owner.pk))}")
    assert stored is not None and owner.password.encode() not in pickle.dumps(stored)
    assert cached.get_session_auth_hash() == owner.get_session_auth_hash()
    cached.first_name = "Camille"
    cached.save()  # a profile form saving request.user
    owner.refresh_from_db()
    assert owner.first_name == "Camille" and owner.check_password("un-mot-de-passe-bien-long")
    again = ModelBackend().get_user(owner.pk)
    assert again.check_password("un-mot-de-passe-bien-long")  # read from the database when needed
