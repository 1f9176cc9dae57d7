"""`CompiledQuery`: a queryset compiled once per process, run again with each call's values."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper

from portal.infrastructure.compiled import CompiledQuery
from portal.pharmacies.models import Pharmacy
from tests.factories import PharmacyFactory

pytestmark = pytest.mark.django_db


def test_each_call_runs_with_its_own_values_and_keeps_the_annotations():
    centre, gare = PharmacyFactory(name="Pharmacie du Centre"), PharmacyFactory(name="Pharmacie de la Gare")
    named = CompiledQuery(lambda pk: Pharmacy.objects.filter(pk=pk).annotate(shout=Upper("name")), "pk")
    assert (named.get(pk=centre.pk).name, named.get(pk=centre.pk).shout) == (centre.name, "PHARMACIE DU CENTRE")
    assert named.get(pk=gare.pk).shout == "PHARMACIE DE LA GARE"
    assert named.get(pk=gare.pk)._state.db == "default"


def test_the_queryset_is_built_once():
    pharmacy = PharmacyFactory()
    built = []

    def build(pk):
        built.append(pk)
        return Pharmacy.objects.filter(pk=pk)

    once = CompiledQuery(build, "pk")
    for _ in range(3):
        assert once.get(pk=pharmacy.pk) == pharmacy
    assert len(built) == 1


def test_no_row_is_does_not_exist():
    with pytest.raises(Pharmacy.DoesNotExist):
        CompiledQuery(lambda pk: Pharmacy.objects.filter(pk=pk), "pk").get(pk=PharmacyFactory().pk + 1)


def test_a_placeholder_written_into_the_sql_is_refused():
    inlined = CompiledQuery(lambda pk: Pharmacy.objects.annotate(
        seven=RawSQL(f"SELECT {pk}", (), output_field=IntegerField())), "pk")
    with pytest.raises(ImproperlyConfigured, match="pk"):
        inlined.get(pk=1)


def test_a_placeholder_the_query_does_not_use_is_refused():
    with pytest.raises(ImproperlyConfigured, match="name"):
        CompiledQuery(lambda pk, name: Pharmacy.objects.filter(pk=pk), "pk", "name").get(pk=1, name=2)


def test_a_lock_compiles_inside_the_callers_transaction():
    pharmacy = PharmacyFactory()
    locked = CompiledQuery(lambda pk: Pharmacy.objects.select_for_update().filter(pk=pk), "pk")
    with transaction.atomic():
        assert locked.get(pk=pharmacy.pk) == pharmacy
