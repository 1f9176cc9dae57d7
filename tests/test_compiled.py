"""`CompiledQuery`: a queryset compiled once per process, run again with each call's values; and
`compiled_save`, Model.save() with its SQL kept per process."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, transaction
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper
from django.utils import timezone

from portal.infrastructure.compiled import CompiledQuery, compiled_save
from portal.pharmacies.models import Invitation, Pharmacy
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


def test_all_gives_every_row_in_order_with_the_slice_and_deferred_fields():
    pharmacies = [PharmacyFactory(name=f"Pharmacie {letter}") for letter in "ABCD"]
    page = CompiledQuery(lambda pk: Pharmacy.objects.filter(pk__gte=pk).only("name").order_by("-name")[1:3], "pk")
    assert [p.name for p in page.all(pk=pharmacies[0].pk)] == ["Pharmacie C", "Pharmacie B"]
    assert [p.name for p in page.all(pk=pharmacies[3].pk)] == []
    assert page.all(pk=pharmacies[1].pk)[0].get_deferred_fields()


def test_rows_gives_a_values_list_querys_tuples_converted_as_the_orm_does():
    pharmacies = [PharmacyFactory(name=f"Pharmacie {letter}") for letter in "ABC"]
    values = CompiledQuery(
        lambda pk: Pharmacy.objects.filter(pk__gte=pk).order_by("name").values_list("pk", "name", "created_at"), "pk")
    expected = list(Pharmacy.objects.filter(pk__gte=pharmacies[1].pk).order_by("name")
                    .values_list("pk", "name", "created_at"))
    assert values.rows(pk=pharmacies[1].pk) == expected
    assert values.rows(pk=pharmacies[2].pk + 1) == []
    assert timezone.is_aware(expected[0][2])  # the datetime converter ran (SQLite stores text)
    with pytest.raises(ImproperlyConfigured):
        values.all(pk=1)
    with pytest.raises(ImproperlyConfigured):
        CompiledQuery(lambda pk: Pharmacy.objects.filter(pk=pk), "pk").rows(pk=1)


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


# `compiled_save`: Model.save() with its SQL kept per process.

def _signals_of(model):
    from django.db.models.signals import post_save, pre_save

    seen = []

    def receiver(signal, sender, instance, update_fields, **kwargs):
        seen.append((signal, instance.pk, kwargs.get("created"), update_fields))

    pre_save.connect(receiver, sender=model, weak=False, dispatch_uid="test-compiled-pre")
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid="test-compiled-post")
    return seen, lambda: (pre_save.disconnect(dispatch_uid="test-compiled-pre", sender=model),
                          post_save.disconnect(dispatch_uid="test-compiled-post", sender=model))


def test_a_new_instance_is_inserted_with_its_key_read_back_and_its_defaults_set():
    from django.db.models.signals import post_save, pre_save

    seen, disconnect = _signals_of(Pharmacy)
    try:
        pharmacy = Pharmacy(name="Pharmacie des Halles", address="1 place des Halles", postcode="75001", city="Paris")
        compiled_save(pharmacy)
        other = Pharmacy(name="Pharmacie du Port", address="2 quai", postcode="13002", city="Marseille")
        compiled_save(other)
    finally:
        disconnect()
    assert pharmacy.pk and other.pk > pharmacy.pk
    stored = Pharmacy.objects.get(pk=pharmacy.pk)
    assert (stored.name, stored.city) == ("Pharmacie des Halles", "Paris")
    assert stored.created_at is not None  # auto_now_add: the field's pre_save ran
    assert not pharmacy._state.adding and pharmacy._state.db == "default"
    assert [(signal, created, fields) for signal, _pk, created, fields in seen[:2]] == [
        (pre_save, None, None), (post_save, True, None)]
    assert seen[1][1] == pharmacy.pk  # post_save sees the key


def test_an_update_writes_only_its_fields_and_a_none_as_null():
    from django.db.models.signals import post_save

    invitation = Invitation.objects.create(pharmacy=PharmacyFactory(), email="equipe@example.org",
                                           accepted_at=timezone.now())
    invitation.email, invitation.accepted_at = "nouvelle@example.org", None
    invitation.role = "preparateur"
    seen, disconnect = _signals_of(Invitation)
    try:
        compiled_save(invitation, ["email", "accepted_at"])
    finally:
        disconnect()
    stored = Invitation.objects.get(pk=invitation.pk)
    assert (stored.email, stored.accepted_at) == ("nouvelle@example.org", None)
    assert stored.role != "preparateur"  # not in the fields
    assert seen[-1] == (post_save, invitation.pk, False, frozenset({"email", "accepted_at"}))
    stored.accepted_at = timezone.now()
    compiled_save(stored, ["email", "accepted_at"])  # the same SQL, with a value this time
    assert Invitation.objects.get(pk=invitation.pk).accepted_at == stored.accepted_at


def test_an_update_of_a_row_that_is_gone_raises_as_save_does():
    pharmacy = PharmacyFactory()
    Pharmacy.objects.filter(pk=pharmacy.pk).delete()
    with pytest.raises(DatabaseError, match="did not affect any rows"):
        compiled_save(pharmacy, ["name"])


def test_the_sql_is_compiled_once_per_model_and_fields(monkeypatch):
    from portal.infrastructure import compiled

    invitation = Invitation.objects.create(pharmacy=PharmacyFactory(), email="equipe@example.org")
    compiles, compile_save = [], compiled._compile_save
    monkeypatch.setattr(compiled, "_compile_save", lambda *args: compiles.append(args[1]) or compile_save(*args))
    monkeypatch.setattr(compiled, "_saves", {})
    for email in ("un@example.org", "deux@example.org", "trois@example.org"):
        invitation.email = email
        compiled_save(invitation, ["email"])
    invitation.role = "preparateur"
    compiled_save(invitation, ["email", "role"])
    assert compiles == [(Invitation, "default", ("email",)), (Invitation, "default", ("email", "role"))]
    assert Invitation.objects.values_list("email", "role").get(pk=invitation.pk) == ("trois@example.org", "preparateur")


def test_a_model_with_parents_is_refused():
    from wagtail.models import Page

    from portal.pages.models import HomePage

    assert HomePage._meta.parents and issubclass(HomePage, Page)
    with pytest.raises(ImproperlyConfigured, match="parents"):
        compiled_save(HomePage(title="Accueil"))


def test_saves_together_write_each_row_and_read_back_the_new_keys():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.infrastructure.compiled import compiled_save_together

    pharmacy = PharmacyFactory()
    invitation = Invitation.objects.create(pharmacy=pharmacy, email="equipe@example.org")
    invitation.email, pharmacy.city = "nouvelle@example.org", "Lille"
    new = Invitation(pharmacy=pharmacy, email="renfort@example.org")
    with transaction.atomic():
        compiled_save_together([(invitation, ["email"]), (new, None), (pharmacy, ["city"])])
    assert new.pk and not new._state.adding
    assert Invitation.objects.get(pk=new.pk).email == "renfort@example.org"
    assert Invitation.objects.get(pk=invitation.pk).email == "nouvelle@example.org"
    assert Pharmacy.objects.get(pk=pharmacy.pk).city == "Lille"
    # One statement on PostgreSQL (the three as WITH queries), one each elsewhere.
    other = Invitation(pharmacy=pharmacy, email="stagiaire@example.org")
    invitation.email = "encore@example.org"
    with CaptureQueriesContext(connection) as queries:
        compiled_save_together([(invitation, ["email"]), (other, None)])
    ours = ('INSERT INTO "pharmacies_invitation"', 'UPDATE "pharmacies_invitation"', "WITH")  # not Wagtail's references
    writes = [query["sql"] for query in queries.captured_queries if query["sql"].startswith(ours)]
    assert len(writes) == (1 if connection.vendor == "postgresql" else 2)
    assert Invitation.objects.get(pk=other.pk).email == "stagiaire@example.org"


def test_saves_together_fail_together():
    from portal.infrastructure.compiled import compiled_save_together

    pharmacy = PharmacyFactory()
    gone = Invitation.objects.create(pharmacy=pharmacy, email="partie@example.org")
    Invitation.objects.filter(pk=gone.pk).delete()
    pharmacy.city = "Lille"
    with pytest.raises(DatabaseError, match="did not affect any rows"), transaction.atomic():
        compiled_save_together([(pharmacy, ["city"]), (gone, ["email"])])
    assert Pharmacy.objects.get(pk=pharmacy.pk).city != "Lille"


def test_an_insert_unless_conflict_writes_nothing_and_keeps_no_key_when_it_meets_one():
    from portal.infrastructure.compiled import UNLESS_CONFLICT, compiled_save_together

    pharmacy = PharmacyFactory()
    taken = Invitation.objects.create(pharmacy=pharmacy, email="equipe@example.org")
    clash = Invitation(pharmacy=pharmacy, email="double@example.org", token=taken.token)
    fresh = Invitation(pharmacy=pharmacy, email="renfort@example.org")
    pharmacy.city = "Lille"
    seen, disconnect = _signals_of(Invitation)
    try:
        with transaction.atomic():
            compiled_save_together([(clash, UNLESS_CONFLICT), (fresh, UNLESS_CONFLICT), (pharmacy, ["city"])])
    finally:
        disconnect()
    assert clash.pk is None and clash._state.adding  # nothing written, and the rest was
    assert fresh.pk and Invitation.objects.get(pk=fresh.pk).email == "renfort@example.org"
    assert Pharmacy.objects.get(pk=pharmacy.pk).city == "Lille"
    assert not Invitation.objects.filter(email="double@example.org").exists()
    # post_save only for the row written.
    assert [(kind.__class__.__name__, pk, created) for kind, pk, created, _ in seen if created is not None] == [
        ("ModelSignal", fresh.pk, True)
    ]
    with pytest.raises(ValueError, match="new instance"):
        compiled_save_together([(fresh, UNLESS_CONFLICT)])


def test_saves_only_if_a_row_is_still_as_read_write_all_or_nothing():
    """`only_if`: the first save is written only while its row holds the values read, and every other
    save only with it (one statement on PostgreSQL, without a transaction of the caller's)."""
    from portal.infrastructure.compiled import compiled_save_together

    pharmacy = PharmacyFactory(city="Lyon", phone="")
    pharmacy.city = "Lille"
    new = Invitation(pharmacy=pharmacy, email="renfort@example.org")
    seen, disconnect = _signals_of(Invitation)
    try:
        assert compiled_save_together([(pharmacy, ["city"]), (new, None)], only_if=(pharmacy, {"city": "Lyon", "phone": ""}))
        assert Pharmacy.objects.get(pk=pharmacy.pk).city == "Lille" and new.pk
        # Read again by someone else, changed meanwhile: nothing written, no post_save.
        Pharmacy.objects.filter(pk=pharmacy.pk).update(city="Paris")
        pharmacy.city, late = "Nantes", Invitation(pharmacy=pharmacy, email="tard@example.org")
        seen.clear()
        assert not compiled_save_together([(pharmacy, ["city"]), (late, None)], only_if=(pharmacy, {"city": "Lille"}))
    finally:
        disconnect()
    assert Pharmacy.objects.get(pk=pharmacy.pk).city == "Paris"
    assert late.pk is None and not Invitation.objects.filter(email="tard@example.org").exists()
    assert [created for _signal, _pk, created, _fields in seen if created is not None] == []
    # A value read as NULL is compared as NULL.
    new.email = "accueil@example.org"
    assert compiled_save_together([(new, ["email"])], only_if=(new, {"accepted_at": None}))
    Invitation.objects.filter(pk=new.pk).update(accepted_at=timezone.now())
    new.email = "jamais@example.org"
    assert not compiled_save_together([(new, ["email"])], only_if=(new, {"accepted_at": None}))
    assert Invitation.objects.get(pk=new.pk).email == "accueil@example.org"


def test_only_if_is_the_first_save_an_update():
    from portal.infrastructure.compiled import compiled_save_together

    pharmacy = PharmacyFactory()
    new = Invitation(pharmacy=pharmacy, email="renfort@example.org")
    with pytest.raises(ValueError, match="first save"):
        compiled_save_together([(new, None), (pharmacy, ["city"])], only_if=(pharmacy, {"city": pharmacy.city}))
    with pytest.raises(ValueError, match="first save"):
        compiled_save_together([(new, None)], only_if=(new, {"email": "x@example.org"}))


def test_an_insert_that_meets_a_conflict_is_made_again_with_other_values():
    from portal.infrastructure.compiled import OnConflictInsertAs, compiled_save_together

    pharmacy = PharmacyFactory()
    taken = Invitation.objects.create(pharmacy=pharmacy, email="equipe@example.org")
    clash = Invitation(pharmacy=pharmacy, email="double@example.org", token=taken.token)
    fresh = Invitation(pharmacy=pharmacy, email="renfort@example.org")
    other_token = OnConflictInsertAs({"token": "un-autre-jeton"})
    with transaction.atomic():
        compiled_save_together([(clash, other_token), (fresh, other_token)])
    assert clash.pk and clash.token == "un-autre-jeton"
    assert Invitation.objects.get(pk=clash.pk).token == "un-autre-jeton"
    assert fresh.pk and Invitation.objects.get(pk=fresh.pk).token == fresh.token != "un-autre-jeton"
