"""Issue 11, item 1: every login goes through allauth, and administrators need TOTP.

Before the fix, `/admin/login/` (Wagtail) and `/django-admin/login/` accepted the password alone,
without the two-factor step nor allauth's rate limits, and an administrator without TOTP reached
the admin.
"""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.factories import PASSWORD, UserFactory, give_totp, totp_code
from tests.fixtures import login_with_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    return UserFactory(email="alice@exemple.test", is_staff=True, is_superuser=True, totp=True)


def allauth_login(client, email, password=PASSWORD, next_url="/admin/"):
    return client.post(f"{reverse('account_login')}?next={next_url}", {"login": email, "password": password})


@pytest.mark.parametrize("url", ["/admin/login/", "/django-admin/login/", "/_util/login/"])
def test_password_alone_never_opens_the_admin(client, administrator, url):
    response = client.post(url, {"username": administrator.email, "password": PASSWORD, "next": "/admin/users/"})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (302, 404)
    assert client.get("/admin/").url.startswith(reverse("account_login"))


def test_wagtail_login_redirects_to_allauth_keeping_next(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=%2Fadmin%2Fpages%2F"
    # An outside `next` is dropped, not followed.
    assert client.get("/admin/login/?next=https://evil.example/").url == reverse("account_login")


@pytest.mark.parametrize("verified", [True, False])
def test_wagtail_front_end_login_redirects_to_allauth_keeping_next(client, verified):
    # Issue 21: `_util/login/` signed in with a password alone: no code, no rate limit, no lock,
    # even an unverified email.
    user = UserFactory(email="bob@exemple.test", verified=verified)
    data = {"username": user.email, "password": PASSWORD}
    response = client.post("/_util/login/?next=/ma-dqo/", data)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=%2Fma-dqo%2F"
    assert "_auth_user_id" not in client.session
    assert client.get("/_util/login/?next=https://evil.example/").url == reverse("account_login")


def test_login_restricted_pages_send_to_allauth(client, home):
    PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(home.url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={home.url}"


def test_wagtail_password_forms_are_closed(client, administrator, mailoutbox):
    # A reset through Wagtail would skip allauth's flow; passwords change in "Mon compte".
    assert client.get("/admin/password_reset/").status_code == 404
    assert client.post("/admin/password_reset/", {"email": administrator.email}).status_code == 404
    assert mailoutbox == []
    login_with_code(client, administrator)
    assert 'name="new_password1"' not in client.get("/admin/account/").content.decode()


def test_admin_pages_send_anonymous_people_to_allauth(client):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/admin/pages/"


def test_admin_login_asks_for_the_code_then_opens_the_admin(client, administrator):
    response = allauth_login(client, administrator.email)
    assert response.url.startswith(reverse("mfa_authenticate"))
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_login_is_throttled(client, administrator):
    for _attempt in range(5):
        allauth_login(client, administrator.email, "mauvais-mot-de-passe")
    response = allauth_login(client, administrator.email)
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not response.url if response.status_code == 302 else True
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    ("kind", "status_with_totp"),
    # A staff member without Wagtail permissions is then refused by Wagtail itself (login page).
    [("superuser", 200), ("staff", 302), ("editor", 200)],
)
def test_administrators_without_totp_are_told_to_set_it_up(client, kind, status_with_totp):
    user = UserFactory(is_superuser=kind == "superuser", is_staff=kind != "editor")
    if kind == "editor":
        group = Group.objects.create(name="Éditeurs du référentiel")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        user.groups.add(group)
    client.force_login(user)
    response = client.get("/admin/account/")
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:mfa_required')}?next=%2Fadmin%2Faccount%2F"
    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 403
    assert "Activez la double authentification" in html
    assert reverse("mfa_activate_totp") in html

    give_totp(user)
    # A code is then asked for: this session was opened without one.
    assert client.get("/admin/account/").url == f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2Faccount%2F"
    client.post(f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2Faccount%2F", {"code": totp_code()})
    assert client.get("/admin/account/").status_code == status_with_totp
    assert client.get(response.url).url == "/admin/account/"


@pytest.mark.parametrize("kind", ["superuser", "staff", "editor"])
def test_a_session_without_the_code_step_is_refused_the_admin(client, kind):
    user = UserFactory(is_superuser=kind == "superuser", is_staff=kind != "editor", totp=True)
    if kind == "editor":
        group = Group.objects.create(name="Éditeurs du référentiel")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        user.groups.add(group)
    client.force_login(user)  # a password alone, or any other way than allauth's code step
    for url in ("/admin/", "/admin/users/", "/admin/pages/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"{reverse('mfa_reauthenticate')}?{urlencode({'next': url})}"
    page = client.get(f"{reverse('mfa_reauthenticate')}?next=/admin/users/")
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()

    response = client.post(f"{reverse('mfa_reauthenticate')}?next=/admin/users/", {"code": "000000"})
    assert client.get("/admin/").status_code == 302
    response = client.post(f"{reverse('mfa_reauthenticate')}?next=/admin/users/", {"code": totp_code()})
    assert response.url == "/admin/users/"
    if kind == "staff":  # no Wagtail permission: Wagtail itself refuses, the code step is done
        assert not client.get("/admin/").url.startswith(reverse("mfa_reauthenticate"))
    else:
        assert client.get("/admin/").status_code == 200


def test_the_shared_helper_passes_the_code_step(client, admin_user):
    login_with_code(client, admin_user)
    assert client.get("/admin/").status_code == 200


def test_plain_users_are_not_sent_to_the_mfa_page(client):
    client.force_login(UserFactory())
    response = client.get("/admin/")
    assert response.url.startswith(reverse("account_login"))
    assert client.get(reverse("accounts:mfa_required")).url == "/admin/"
