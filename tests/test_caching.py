"""Caching (portal/caching.py): anonymous pages from the cache, purged on publish; personal
pages never shared; per-pharmacy fragments never cross pharmacies."""

import pytest
from django.urls import reverse

from portal.caching import for_pharmacy, touch_pharmacy
from tests.factories import MembershipFactory


def test_anonymous_home_is_served_from_the_cache_without_queries(client, framework, django_assert_num_queries):
    first = client.get("/")
    assert first.status_code == 200 and first["X-Portal-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second["X-Portal-Cache"] == "hit" and second.content == first.content


def test_publishing_a_page_purges_the_cached_pages(client, framework):
    principle = framework[0].get_children().first().specific
    assert "Principe 3.1" in client.get(principle.url).content.decode()
    principle.title = "Principe renommé"
    principle.save_revision().publish()
    html = client.get(principle.url).content.decode()
    assert "Principe renommé" in html


def test_signed_in_pages_are_never_cached_nor_served_from_the_cache(framework, owner):
    from django.test import Client

    assert Client().get("/")["X-Portal-Cache"] == "miss"  # the anonymous copy is stored
    member = Client()
    member.force_login(owner)
    response = member.get("/")
    assert "X-Portal-Cache" not in response  # not the anonymous copy, and not stored
    assert "Se déconnecter" in response.content.decode()
    anonymous = Client().get("/")
    assert anonymous["X-Portal-Cache"] == "hit" and "Se déconnecter" not in anonymous.content.decode()


@pytest.fixture
def two_pharmacies(db, framework, pharmacy, other_pharmacy):
    first = MembershipFactory(pharmacy=pharmacy).user
    second = MembershipFactory(pharmacy=other_pharmacy).user
    return first, second


def test_two_pharmacies_never_see_each_others_cached_content(db, client, two_pharmacies, pharmacy, other_pharmacy):
    first, second = two_pharmacies
    assert for_pharmacy(pharmacy.pk, "x", lambda: "du Centre") == "du Centre"
    assert for_pharmacy(other_pharmacy.pk, "x", lambda: "de la Gare") == "de la Gare"
    assert for_pharmacy(pharmacy.pk, "x", lambda: "rebuilt") == "du Centre"  # cached
    touch_pharmacy(pharmacy.pk)
    assert for_pharmacy(pharmacy.pk, "x", lambda: "rebuilt") == "rebuilt"  # dropped on change
    assert for_pharmacy(other_pharmacy.pk, "x", lambda: "rebuilt") == "de la Gare"  # the other kept

    pages = {}
    for user in (first, second):
        client.force_login(user)
        pages[user.pk] = client.get(reverse("toolkit:dashboard")).content.decode()
        client.logout()
    assert "Pharmacie du Centre" in pages[first.pk] and "Pharmacie de la Gare" not in pages[first.pk]
    assert "Pharmacie de la Gare" in pages[second.pk] and "Pharmacie du Centre" not in pages[second.pk]
