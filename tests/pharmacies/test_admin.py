"""Pharmacies, teams, invitations and users in the Wagtail admin (real admin forms posted)."""

from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from portal.accounts.models import User
from portal.pharmacies.models import Invitation, Membership, Pharmacy, invite
from portal.pharmacies.roles import Role
from tests.factories import MembershipFactory, PharmacyFactory, UserFactory, give_totp
from tests.fixtures import login_with_code


class AdminTestCase(WagtailTestUtils, TestCase):
    def create_test_user(self):
        user = super().create_test_user()
        give_totp(user)  # administrators reach the admin only with two-factor authentication
        return user

    def setUp(self):
        self.admin = self.create_test_user()
        login_with_code(self.client, self.admin)


class PharmacyAdminTests(AdminTestCase):
    def test_create_a_pharmacy_through_the_admin(self):
        url = reverse("pharmacy:add")
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(
            url,
            {"name": "Pharmacie des Halles", "address": "2 rue des Halles", "postcode": "75001",
             "city": "Paris", "finess": "750012345", "phone": ""},
        )
        self.assertRedirects(response, reverse("pharmacy:index"))
        pharmacy = Pharmacy.objects.get()
        self.assertEqual((pharmacy.name, pharmacy.postcode, pharmacy.finess), ("Pharmacie des Halles", "75001", "750012345"))

    def test_bad_input_redisplays_the_form_with_french_errors(self):
        response = self.client.post(
            reverse("pharmacy:add"),
            {"name": "Pharmacie", "address": "x", "postcode": "750", "city": "Paris", "finess": "12"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Le code postal comporte 5 chiffres.")
        self.assertContains(response, "Le numéro FINESS comporte 9 chiffres.")
        self.assertFalse(Pharmacy.objects.exists())

    def test_listing_and_search_without_a_query_per_row(self):
        for i in range(30):
            PharmacyFactory(name=f"Pharmacie {i:02d}", city="Lyon" if i % 2 else "Rennes")
        url = reverse("pharmacy:index")
        self.client.get(url)
        with self.assertNumQueries(8):  # session, MFA check, profile, count, page tree, one page of rows (user cached)
            response = self.client.get(url)
        self.assertContains(response, "Pharmacie 00")
        response = self.client.get(url, {"q": "Rennes"})
        self.assertContains(response, "Pharmacie 00")
        self.assertNotContains(response, "Pharmacie 01")


class MembershipAdminTests(AdminTestCase):
    def test_add_a_member_then_the_last_titulaire_cannot_be_demoted_nor_removed(self):
        owner = MembershipFactory(role=Role.TITULAIRE)
        person = UserFactory()
        response = self.client.post(
            reverse("membership:add"), {"pharmacy": owner.pharmacy.pk, "user": person.pk, "role": Role.ADJOINT}
        )
        self.assertRedirects(response, reverse("membership:index"))
        self.assertEqual(Membership.objects.get(user=person).role, Role.ADJOINT)

        response = self.client.post(
            reverse("membership:edit", args=[owner.pk]),
            {"pharmacy": owner.pharmacy.pk, "user": owner.user.pk, "role": Role.ADJOINT},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "garder au moins un titulaire")
        owner.refresh_from_db()
        self.assertEqual(owner.role, Role.TITULAIRE)

        response = self.client.post(reverse("membership:delete", args=[owner.pk]))
        self.assertTrue(Membership.objects.filter(pk=owner.pk).exists())
        self.assertIn("dernier titulaire", " ".join(str(m) for m in response.wsgi_request._messages))

    def test_a_member_is_removed_after_confirmation(self):
        member = MembershipFactory(role=Role.PREPARATEUR)
        url = reverse("membership:delete", args=[member.pk])
        self.assertContains(self.client.get(url), "Oui, supprimer")
        self.client.post(url)
        self.assertFalse(Membership.objects.filter(pk=member.pk).exists())


class InvitationAdminTests(AdminTestCase):
    def test_invitations_are_listed_read_only(self):
        owner = MembershipFactory(role=Role.TITULAIRE)
        invitation = invite(owner.pharmacy, "nouvelle@exemple.test", Role.ADJOINT, owner.user)
        response = self.client.get(reverse("invitation:index"))
        self.assertContains(response, "nouvelle@exemple.test")
        self.assertContains(response, "en attente")
        self.assertEqual(self.client.get(reverse("invitation:inspect", args=[invitation.pk])).status_code, 200)
        self.assertNotEqual(self.client.get(reverse("invitation:edit", args=[invitation.pk])).status_code, 200)
        self.client.post(reverse("invitation:delete", args=[invitation.pk]))
        self.assertTrue(Invitation.objects.filter(pk=invitation.pk).exists())


class UserAdminTests(AdminTestCase):
    def test_users_are_edited_in_wagtail_with_profile_and_rpps(self):
        person = UserFactory(email="karim@exemple.test", first_name="Karim", last_name="Benali")
        url = reverse("wagtailusers_users:edit", args=[person.pk])
        self.assertContains(self.client.get(url), 'name="rpps"')
        response = self.client.post(
            url,
            {"username": person.username, "email": person.email, "first_name": "Karim", "last_name": "Benali",
             "kind": User.Kind.TEACHER, "rpps": "10005678908", "is_active": "on"},
        )
        self.assertEqual(response.status_code, 302)
        person.refresh_from_db()
        self.assertEqual((person.kind, person.rpps), (User.Kind.TEACHER, "10005678908"))

    def test_django_admin_is_gone(self):
        self.assertEqual(self.client.get("/django-admin/").status_code, 404)
