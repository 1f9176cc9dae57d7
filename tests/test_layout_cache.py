"""The layout every page pays for (templates/base.html, templates/includes/): its shared parts are
rendered once per process (portal/caching/fragments.py), its personal parts come from data cached
under the person's versions, and nothing of it is ever stale, foreign or carries a cached CSRF token
(issue 22)."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import caching
from portal.caching import values
from tests.factories import MembershipFactory, PharmacyFactory
from toolkit.models import Notification

pytestmark = pytest.mark.django_db


def nav_of(html: str) -> str:
    return html.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]


def test_the_menu_shows_a_publication_or_a_withdrawal_at_once(member_client, framework, referential):
    url = reverse("accounts:account")
    assert "Référentiel qualité" in nav_of(member_client.get(url).content.decode())
    referential.title = "Référentiel renommé"
    referential.save_revision().publish()
    nav = nav_of(member_client.get(url).content.decode())
    assert "Référentiel renommé" in nav and "Référentiel qualité" not in nav
    referential.unpublish()
    assert "Référentiel renommé" not in nav_of(member_client.get(url).content.decode())


def test_aria_current_marks_the_section_of_the_page_shown(member_client, framework, referential):
    link = f'<a href="{referential.url}" lang="fr" aria-current="page">'
    assert link in nav_of(member_client.get(framework[0].url).content.decode())  # a theme of the referential
    account = nav_of(member_client.get(reverse("accounts:account")).content.decode())
    assert 'aria-current="page"' not in account and f'href="{referential.url}"' in account
    statuses = nav_of(member_client.get(reverse("toolkit:statuses")).content.decode())
    assert f'href="{reverse("toolkit:statuses")}" aria-current="page"' in statuses
    assessment = nav_of(member_client.get(reverse("selfassessment:index")).content.decode())
    assert f'href="{reverse("selfassessment:index")}" aria-current="page"' in assessment


def test_the_breadcrumbs_show_a_renamed_ancestor_at_once_and_a_preview_is_never_kept(member_client, framework, rf):
    theme = framework[0]
    principle = theme.get_children().first().specific

    def crumbs(html):
        return html.split('class="container breadcrumbs"', 1)[1].split("</nav>", 1)[0]

    assert theme.title in crumbs(member_client.get(principle.url).content.decode())
    theme.title = "Thème renommé"
    theme.save_revision().publish()
    assert "Thème renommé" in crumbs(member_client.get(principle.url).content.decode())
    from portal.pages.templatetags.portal_tags import page_breadcrumbs

    live_title = principle.title
    request = rf.get(principle.url)
    request.is_preview = True
    principle.title = "Titre du brouillon"
    assert "Titre du brouillon" in page_breadcrumbs({"page": principle, "request": request})
    request.is_preview = False
    principle.refresh_from_db()
    live = page_breadcrumbs({"page": principle, "request": request})
    assert live_title in live and "Titre du brouillon" not in live  # the preview was not kept


def test_the_unread_badge_follows_new_and_read_notifications_at_once(member_client, owner, pharmacy, home):
    url = reverse("accounts:account")
    assert "badge-count" not in member_client.get(url).content.decode()
    Notification.objects.create(user=owner, kind="news", key="a", title="Une")
    assert "1 non lue" in member_client.get(url).content.decode()
    Notification.objects.create(user=owner, kind="news", key="b", title="Deux")
    assert "2 non lues" in member_client.get(url).content.decode()
    # Read by a teammate's action (an `update()`, as confirming an updated tool does): seen at once.
    Notification.objects.filter(user=owner).mark_read()
    assert "badge-count" not in member_client.get(url).content.decode()


def test_the_unread_count_is_not_queried_again_until_it_may_have_changed(member_client, owner, home):
    url = reverse("accounts:account")
    member_client.get(url)
    with CaptureQueriesContext_sql() as sql:
        member_client.get(url)
    assert "toolkit_notification" not in sql()


def test_each_session_gets_its_own_live_csrf_token_and_its_own_pharmacies(home):
    owner = MembershipFactory(pharmacy=PharmacyFactory(name="Pharmacie du Centre")).user
    MembershipFactory(user=owner, pharmacy=PharmacyFactory(name="Pharmacie des Halles"))
    stranger = MembershipFactory(pharmacy=PharmacyFactory(name="Pharmacie de la Gare")).user
    MembershipFactory(user=stranger, pharmacy=PharmacyFactory(name="Pharmacie du Port"))
    url = reverse("accounts:account")
    pages = {}
    for name, user in (("owner", owner), ("stranger", stranger)):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        client.get(url)
        pages[name] = (client, client.get(url).content.decode())
    owner_html, stranger_html = pages["owner"][1], pages["stranger"][1]
    switcher = owner_html.split('<form class="pharmacy-switch"', 1)[1].split("</form>", 1)[0]
    assert "Pharmacie des Halles" in switcher and "Pharmacie du Centre" in switcher
    assert "Pharmacie de la Gare" not in owner_html and "Pharmacie du Port" not in owner_html
    assert "Pharmacie du Port" in stranger_html
    tokens = {name: re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html) for name, (_c, html) in pages.items()}
    assert len(tokens["owner"]) == 2 and set(tokens["owner"]).isdisjoint(tokens["stranger"])
    client = pages["owner"][0]
    response = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": tokens["owner"][-1]})
    assert response.status_code == 302
    assert client.get(url).status_code == 302  # signed out: the token was this session's own


def test_a_renamed_pharmacy_shows_in_the_switcher_at_once(home):
    owner = MembershipFactory(pharmacy=PharmacyFactory(name="Pharmacie du Centre")).user
    second = MembershipFactory(user=owner, pharmacy=PharmacyFactory(name="Pharmacie des Halles")).pharmacy
    client = Client()
    client.force_login(owner)
    url = reverse("accounts:account")
    assert "Pharmacie des Halles" in client.get(url).content.decode()
    second.name = "Pharmacie du Marché"
    second.save()
    html = client.get(url).content.decode()
    assert "Pharmacie du Marché" in html and "Pharmacie des Halles" not in html


def test_a_change_of_groups_or_of_a_groups_permissions_applies_at_the_next_request(member_client, owner, home):
    url = reverse("accounts:account")
    assert "w-userbar" not in member_client.get(url).content.decode()
    editors = Group.objects.create(name="Rédaction test")
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    editors.permissions.add(access_admin)
    owner.groups.add(editors)
    assert "w-userbar" in member_client.get(url).content.decode()
    editors.permissions.remove(access_admin)
    assert "w-userbar" not in member_client.get(url).content.decode()
    editors.permissions.add(access_admin)
    assert "w-userbar" in member_client.get(url).content.decode()
    editors.user_set.clear()
    assert "w-userbar" not in member_client.get(url).content.decode()
    owner.groups.add(editors)
    assert "w-userbar" in member_client.get(url).content.decode()
    editors.delete()
    assert "w-userbar" not in member_client.get(url).content.decode()
    owner.user_permissions.add(access_admin)
    assert "w-userbar" in member_client.get(url).content.decode()


def test_the_site_is_found_once_per_process_and_again_when_a_site_changes(member_client, home):
    from wagtail.models import Site

    url = reverse("accounts:account")
    member_client.get(url)
    with CaptureQueriesContext_sql() as sql:
        member_client.get(url)
    assert "wagtailcore_site" not in sql()
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Autre nom"
    site.save()  # bumps the generation
    with CaptureQueriesContext_sql() as sql:
        member_client.get(url)
    assert "wagtailcore_site" in sql()


def test_the_layouts_fragments_are_kept_per_language_and_generation(home):
    from django.utils import translation

    from portal.caching.fragments import fragment

    with translation.override("fr"):
        french = fragment("includes/search_form.html")
        assert "Rechercher sur le portail" in french
        assert fragment("includes/search_form.html") is french  # from this process's memory
    with translation.override("en"):
        assert fragment("includes/search_form.html") != french
    with translation.override("fr"):
        caching.purge()
        again = fragment("includes/search_form.html")
        assert again == french and again is not french  # rendered afresh under the new generation


def test_a_request_reads_each_version_once_and_a_bump_reads_it_again(db, monkeypatch):
    from django.core.cache import cache

    reads = []
    get, get_many = cache.get, cache.get_many
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: reads.append(key) or get(key, *a, **k))
    monkeypatch.setattr(cache, "get_many", lambda keys, *a, **k: reads.extend(keys) or get_many(keys, *a, **k))
    with values.versions_remembered():
        first = values.read_versions((caching.GENERATION_KEY, caching.CONTENT_KEY))
        reads.clear()
        assert values.generation() == first[0] and values._version(caching.CONTENT_KEY) == first[1]
        assert reads == []  # remembered
        caching.purge()
        assert values.generation() == first[0] + 1  # the bump is seen at once
    assert values.generation() == first[0] + 1  # outside a request: read each time


def test_the_person_and_the_content_versions_are_read_in_one_round_trip(owner, monkeypatch):
    """A write that no page cache looked up (an autosave, a quiz answer) reads the content version
    with the person's account version: one round trip, then none for the questionnaire or course."""
    from django.core.cache import cache

    from portal.accounts.backends import ModelBackend

    reads = []
    get, get_many = cache.get, cache.get_many
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: reads.append([key]) or get(key, *a, **k))
    monkeypatch.setattr(cache, "get_many", lambda keys, *a, **k: reads.append(list(keys)) or get_many(keys, *a, **k))
    with values.versions_remembered():
        assert ModelBackend().get_user(owner.pk) == owner
        assert [sorted(keys) for keys in reads[:1]] == [sorted([values.ACCOUNT_KEY.format(owner.pk), caching.CONTENT_KEY])]
        reads.clear()
        assert caching.for_content("test-one-round-trip", lambda: 42) == 42
        assert values.CONTENT_KEY not in [key for keys in reads for key in keys]  # remembered


def test_a_built_personal_page_reads_the_session_once(settings, member_client, home):
    settings.PERSONAL_PAGE_CACHE_SECONDS = 120
    url = reverse("pharmacies:team")
    member_client.get(url)
    member_client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32  # a new cookie: never the cached copy
    with CaptureQueriesContext_sql() as sql:
        assert member_client.get(url).status_code == 200
    assert sql().count('FROM "django_session"') == 1


def test_each_request_gets_its_own_copy_of_the_cached_person(owner):
    from portal.accounts.backends import ModelBackend

    first = ModelBackend().get_user(owner.pk)
    first.first_name = "Changé par une vue"
    assert ModelBackend().get_user(owner.pk).first_name == owner.first_name
    owner.first_name = "Renommée"
    owner.save()  # bumps the account version
    assert ModelBackend().get_user(owner.pk).first_name == "Renommée"


class CaptureQueriesContext_sql:  # noqa: N801 (a context manager named as what it gives)
    """The SQL run inside, as one string."""

    def __enter__(self):
        from django.db import connection

        self.context = CaptureQueriesContext(connection)
        self.context.__enter__()
        return lambda: " ".join(q["sql"] for q in self.context.captured_queries)

    def __exit__(self, *exc):
        return self.context.__exit__(*exc)


def test_the_policy_built_once_stays_the_public_one_or_the_admins(admin_client, framework):
    public = admin_client.get("/")["Content-Security-Policy"]
    admin = admin_client.get(reverse("wagtailadmin_home"))["Content-Security-Policy"]
    assert "'unsafe-inline'" not in public.split("script-src", 1)[1].split(";", 1)[0]
    assert "'unsafe-inline'" in admin.split("script-src", 1)[1].split(";", 1)[0]
    assert admin_client.get("/")["Content-Security-Policy"] == public
    assert admin_client.get(reverse("wagtailadmin_home"))["Content-Security-Policy"] == admin
