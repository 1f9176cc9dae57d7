import pytest
from django.urls import reverse

from portal.accounts.models import User
from portal.pharmacies import demo
from portal.pharmacies.models import Membership, Pharmacy
from tests.factories import totp_code

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_complete_and_idempotent(client):
    demo.load(lambda message: None)
    demo.load(lambda message: None)
    assert User.objects.filter(email__endswith="@demo.test").count() == 7
    assert Pharmacy.objects.count() == 2
    roles = dict(Membership.objects.values_list("user__email", "role"))
    assert roles == {
        "titulaire@demo.test": "titulaire",
        "adjoint@demo.test": "adjoint",
        "preparateur@demo.test": "preparateur",
        "titulaire2@demo.test": "titulaire",
    }
    for pharmacy in Pharmacy.objects.all():
        assert pharmacy.address and pharmacy.postcode and pharmacy.city
    admin = User.objects.get(email="admin@demo.test")
    assert admin.is_superuser and admin.has_mfa()
    # The documented secret works: password, then the code of an app holding it, then the admin.
    client.post(f"{reverse('account_login')}?next=/admin/", {"login": admin.email, "password": demo.DEMO_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(demo.DEMO_ADMIN_TOTP_SECRET)})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.logout()
    response = client.post(reverse("account_login"), {"login": "etudiant@demo.test", "password": demo.DEMO_PASSWORD})
    assert response.url == reverse("accounts:home")
