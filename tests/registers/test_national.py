"""The national view of the quality loop (Wagtail admin): counts and rates, small groups hidden."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registers.models import PrescriptionVolume, ReportType
from registers.stats import national
from tests.factories import PharmacyFactory, UserFactory
from tests.fixtures import login_with_code
from tests.registers.factories import IncidentFactory

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year - 1


def pharmacies_in(postcode_prefix, count, incidents=(), prescriptions=20_000):
    created = []
    for i in range(count):
        pharmacy = PharmacyFactory(postcode=f"{postcode_prefix}{i:03d}")
        PrescriptionVolume.objects.create(pharmacy=pharmacy, month=datetime.date(YEAR, 3, 1), prescriptions=prescriptions)
        for report_type, n in incidents:
            for _ in range(n):
                IncidentFactory(pharmacy=pharmacy, report_type=report_type,
                                occurred_at=timezone.make_aware(datetime.datetime(YEAR, 3, 10, 10)))
        created.append(pharmacy)
    return created


def test_national_counts_and_rates_hide_small_departements(django_assert_num_queries):
    # Rhône: 5 pharmacies × 20,000 prescriptions; the published data set over 100,000 prescriptions.
    rhone = pharmacies_in("69", 5)
    for report_type, n in ((ReportType.CORRECTION, 231), (ReportType.NEAR_MISS, 24), (ReportType.DISPENSING_ERROR, 14)):
        for i in range(n):
            IncidentFactory(pharmacy=rhone[i % 5], report_type=report_type,
                            occurred_at=timezone.make_aware(datetime.datetime(YEAR, 4, 1, 9)))
    pharmacies_in("35", 4, incidents=[(ReportType.NEAR_MISS, 1)])  # Ille-et-Vilaine: 4, hidden
    with django_assert_num_queries(2):
        rows, hidden = national(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
    assert hidden == 1
    country, rhone_row = rows
    assert [r.label for r in rows] == ["France entière", "69"]
    assert (rhone_row.pharmacies, rhone_row.total_prescriptions, rhone_row.total) == (5, 100_000, 269)
    assert [r.rate for r in rhone_row.rates[:3]] == [23.1, 2.4, 1.4]
    assert rhone_row.rates[0].low < 23.1 < rhone_row.rates[0].high
    assert (country.pharmacies, country.total_prescriptions, country.total) == (9, 180_000, 273)  # hidden ones counted nationally


def test_nothing_published_under_five_pharmacies():
    pharmacies_in("69", 4, incidents=[(ReportType.CORRECTION, 3)])
    assert national(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)) == ([], 1)  # hidden, and so is France


def test_national_view_in_the_admin_for_administrators_only(client):
    pharmacies_in("69", 5, incidents=[(ReportType.CORRECTION, 2)])
    url = reverse("registers_admin:national") + f"?annee={YEAR}"
    from django.contrib.auth.models import Permission

    editor = UserFactory(is_staff=True, totp=True)  # the admin, but no permission on the registers
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    login_with_code(client, editor)
    refused = client.get(url)  # Wagtail turns the refusal into a message on the admin's home
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    login_with_code(client, UserFactory(is_staff=True, is_superuser=True, totp=True))
    html = client.get(url).content.decode()
    assert "France entière" in html and "69" in html
    assert "Pharmacie n°" not in html  # never a pharmacy's name
    export = client.get(url + "&export=csv")
    text = export.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("département;officines;ordonnances")
    assert "France entière;5;100000;10;" in text
