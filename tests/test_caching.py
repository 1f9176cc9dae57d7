"""Caching (portal/caching/): anonymous pages from the cache, purged on publish; personal
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


# --- Personal pages (PersonalPageCacheMiddleware) -------------------------------------------------
personal_cache = pytest.mark.django_db


def _warm(client, url):
    """Two requests: the first sets the CSRF cookie, the second stores the page."""
    client.get(url)
    return client.get(url)


@pytest.fixture
def personal(settings):
    settings.PERSONAL_PAGE_CACHE_SECONDS = 120


def _member(pharmacy, **kwargs):
    from django.test import Client

    user = MembershipFactory(pharmacy=pharmacy, **kwargs).user
    client = Client()
    client.force_login(user)
    return user, client


@personal_cache
def test_a_signed_in_page_comes_back_from_the_cache_for_the_same_session_without_queries(
    personal, framework, pharmacy, django_assert_num_queries
):
    _user, client = _member(pharmacy)
    url = reverse("toolkit:dashboard")
    stored = _warm(client, url)
    assert stored.status_code == 200 and "X-Portal-Cache" not in stored
    with django_assert_num_queries(0):  # not even the session: the entry is keyed by its cookie
        hit = client.get(url)
    assert hit["X-Portal-Cache"] == "personal" and hit.content == stored.content
    assert hit["Content-Security-Policy"] and hit["X-Frame-Options"] == "DENY"  # headers still added


@personal_cache
def test_a_cached_page_is_never_served_to_another_session_person_or_pharmacy(
    personal, framework, pharmacy, other_pharmacy
):
    url = reverse("toolkit:dashboard")
    first, first_client = _member(pharmacy)
    _warm(first_client, url)
    assert first_client.get(url)["X-Portal-Cache"] == "personal"

    _teammate, teammate_client = _member(pharmacy)
    _gare, gare_client = _member(other_pharmacy)
    same_person_other_browser = type(first_client)()
    same_person_other_browser.force_login(first)
    for client, pharmacy_name, other_name in (
        (teammate_client, "Pharmacie du Centre", "Pharmacie de la Gare"),
        (gare_client, "Pharmacie de la Gare", "Pharmacie du Centre"),
        (same_person_other_browser, "Pharmacie du Centre", "Pharmacie de la Gare"),
    ):
        for _ in range(2):
            response = client.get(url)
            assert response.get("X-Portal-Cache") != "personal"  # their own copy is built first
        html = response.content.decode()
        assert pharmacy_name in html and other_name not in html


@personal_cache
def test_a_teammates_change_drops_the_cached_page_at_once(personal, framework, pharmacy):
    from tests.toolkit.factories import ToolPageFactory
    from toolkit.models import ToolStatus

    tool = ToolPageFactory(parent=framework[0])
    url = reverse("toolkit:dashboard")
    _user, client = _member(pharmacy)
    teammate, _teammate_client = _member(pharmacy)
    before = _warm(client, url).content
    assert client.get(url)["X-Portal-Cache"] == "personal"
    ToolStatus.change(pharmacy=pharmacy, tool=tool, status=ToolStatus.Status.DONE, by=teammate)
    after = client.get(url)
    assert after.get("X-Portal-Cache") != "personal" and after.content != before


@personal_cache
def test_a_post_by_the_member_and_a_removal_from_the_team_drop_their_cached_pages(personal, framework, pharmacy):
    from portal.pharmacies.models import Membership

    url = reverse("toolkit:dashboard")
    user, client = _member(pharmacy)
    _warm(client, url)
    assert client.get(url)["X-Portal-Cache"] == "personal"
    client.post(reverse("toolkit:mark_all_read"))
    after_post = client.get(url)  # shows the confirmation message: built, never stored
    assert after_post.get("X-Portal-Cache") != "personal" and "messages" in after_post.cookies
    _warm(client, url)
    assert client.get(url)["X-Portal-Cache"] == "personal"
    Membership.objects.filter(user=user).delete()
    response = client.get(url)
    assert response.get("X-Portal-Cache") != "personal" and response.status_code == 302


@personal_cache
def test_pending_messages_and_logged_out_sessions_never_come_from_the_cache(personal, framework, pharmacy):
    url = reverse("toolkit:dashboard")
    _user, client = _member(pharmacy)
    _warm(client, url)
    assert client.get(url)["X-Portal-Cache"] == "personal"
    cookie = client.cookies[settings_session_cookie()].value
    client.post(reverse("account_logout"))
    client.cookies[settings_session_cookie()] = cookie  # a stolen or replayed cookie after logout
    response = client.get(url)
    assert response.get("X-Portal-Cache") != "personal" and response.status_code == 302


@personal_cache
def test_the_personal_cache_is_off_when_its_setting_is_zero(settings, framework, pharmacy):
    settings.PERSONAL_PAGE_CACHE_SECONDS = 0
    url = reverse("toolkit:dashboard")
    _user, client = _member(pharmacy)
    _warm(client, url)
    assert "X-Portal-Cache" not in client.get(url)


def settings_session_cookie():
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


def test_the_bumps_of_a_write_are_made_together_and_before_any_read(db):
    from django.core.cache import cache

    from portal import caching

    key = caching.PHARMACY_KEY.format(5)
    with caching.bumps_collected():
        caching.touch_pharmacy(5)
        caching.touch_pharmacy(5)
        assert cache.get(key) is None  # collected, not made yet
        assert caching.pharmacy_version(5) == 2  # a read makes them first: one bump for two touches
        caching.touch_pharmacy(5)
        assert cache.get(key) == 2
    assert cache.get(key) == 3  # made on leaving
    caching.touch_pharmacy(5)  # outside a write request: at once
    assert cache.get(key) == 4


def test_content_values_are_kept_in_process_memory_under_the_content_version(db):
    """A write reads the questionnaire structure from the process's memory (no shared-cache read
    of the value), and never a stale one once the content changed, here or in another process."""
    from django.core.cache import cache

    from portal.caching import CONTENT_KEY, for_content, touch_content
    from portal.caching import values as cached_values

    built = []

    def build():
        built.append(1)
        return {"structure": len(built)}

    assert for_content("structure-x", build) == {"structure": 1}
    cache.delete(f"portal:content:{cache.get(CONTENT_KEY)}:structure-x")
    assert for_content("structure-x", build) == {"structure": 1}  # from memory: the shared copy is gone
    assert len(built) == 1
    touch_content()  # this process's change
    assert for_content("structure-x", build) == {"structure": 2}
    cache.incr(CONTENT_KEY)  # another process's change: only the shared version moved
    cached_values._content_memory["values"]["structure-x"] = {"structure": 2}
    assert for_content("structure-x", build) == {"structure": 3}
