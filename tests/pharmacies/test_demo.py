import pytest
from django.urls import reverse

from portal.accounts.models import User
from portal.pharmacies import demo
from portal.pharmacies.models import Membership, Pharmacy

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
    assert User.objects.get(email="admin@demo.test").is_superuser
    response = client.post(reverse("account_login"), {"login": "etudiant@demo.test", "password": demo.DEMO_PASSWORD})
    assert response.url == reverse("accounts:home")
